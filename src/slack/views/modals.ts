// Modals: resolve a case, reassign it, add a note, mark a coaching session done; plus a notice
// modal for refusals. Block and action ids are shared with the view-submission listeners.
import type { CaseCardView } from "../../core/views.js";
import {
  cap,
  context,
  type InputBlock,
  type KnownBlock,
  type ModalView,
  md,
  mrkdwnSection,
  type PlainTextOption,
  plain,
  plainText,
  SLACK_LIMITS,
} from "./blocks.js";
import { CATEGORY_STYLE, OUTCOME_LABEL } from "./case-card.js";

export const CALLBACK = {
  resolve: "case_resolve_modal",
  reassign: "case_reassign_modal",
  note: "case_note_modal",
  coachingDone: "coaching_done_modal",
} as const;

/** block_id → action_id of each input (Slack returns state.values[block_id][action_id]). */
export const FIELD = {
  outcome: { block: "outcome", action: "outcome" },
  rootCause: { block: "root_cause", action: "root_cause" },
  options: { block: "options", action: "options" },
  note: { block: "note", action: "note" },
  assignee: { block: "assignee", action: "assignee" },
  coachingNotes: { block: "coaching_notes", action: "coaching_notes" },
} as const;

export const NOTE_MAX = 3000;

/** What a modal remembers between opening and submission. */
export interface ModalMetadata {
  caseId?: number;
  sessionId?: number;
  /** Where the button was clicked, to answer the clicker ephemerally after the modal closes. */
  channelId?: string;
  responseUrl?: string;
}

export function encodeMetadata(m: ModalMetadata): string {
  const s = JSON.stringify(m);
  // A response_url is ~100 chars; drop it rather than exceed Slack's limit.
  return s.length <= SLACK_LIMITS.privateMetadata ? s : JSON.stringify({ ...m, responseUrl: undefined });
}

export function decodeMetadata(raw: string | undefined): ModalMetadata {
  try {
    const v = JSON.parse(raw ?? "{}") as ModalMetadata;
    return typeof v === "object" && v ? v : {};
  } catch {
    return {};
  }
}

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(text, SLACK_LIMITS.optionText), value: cap(value, SLACK_LIMITS.optionValue) };
}

/** Root causes are offered by value; ones too long for an option value travel as "#index". */
export function rootCauseValue(cause: string, index: number): string {
  return Array.from(cause).length <= SLACK_LIMITS.optionValue ? cause : `#${index}`;
}

export function rootCauseFromValue(value: string, causes: string[]): string | null {
  if (causes.includes(value)) return value;
  const m = /^#(\d+)$/.exec(value);
  return m ? (causes[Number(m[1])] ?? null) : null;
}

/** What a case form needs; `view` is null when the case could not be read in time (form still opens). */
export interface CaseForm {
  caseId: number;
  rootCauses: string[];
  view: CaseCardView | null;
}

function caseSummary(form: CaseForm): KnownBlock[] {
  const view = form.view;
  if (!view) return [context(`Case #${form.caseId}`)];
  const cat = CATEGORY_STYLE[view.category];
  const comment = view.comment && !view.erased ? `\n>${md(view.comment, 600).replace(/\n/g, "\n>")}` : "";
  return [
    mrkdwnSection(
      `${cat.emoji} *Case #${view.caseId}* · ${view.score}/10` +
        (view.touchpoint ? ` · ${md(view.touchpoint, 200)}` : "") +
        (view.staffName ? ` · served by ${md(view.staffName, 200, false)}` : "") +
        comment,
    ),
  ];
}

function modal(
  callbackId: string,
  title: string,
  blocks: KnownBlock[],
  submit: string | null,
  meta: ModalMetadata,
): ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plainText(title, SLACK_LIMITS.modalTitle),
    ...(submit ? { submit: plainText(submit, SLACK_LIMITS.modalButton) } : {}),
    close: plainText(submit ? "Cancel" : "Close", SLACK_LIMITS.modalButton),
    private_metadata: encodeMetadata(meta),
    blocks: blocks.slice(0, SLACK_LIMITS.surfaceBlocks),
  };
}

export function buildResolveModal(form: CaseForm, meta: ModalMetadata): ModalView {
  const view = form.view;
  const causes = (view?.rootCauses ?? form.rootCauses).slice(0, SLACK_LIMITS.selectOptions);
  const checkboxes: PlainTextOption[] = [
    {
      ...option("Outer loop: needs a fix beyond this team", "outer_loop"),
      description: plainText("Flags it for the company (process, pricing, product)", SLACK_LIMITS.optionText),
    },
  ];
  if (view?.staffName) {
    checkboxes.push({
      ...option("Coach the staff member on this", "coach"),
      description: plainText(
        `Plans a coaching session with ${plain(view.staffName, 40, false)}`,
        SLACK_LIMITS.optionText,
      ),
    });
  }
  const blocks: KnownBlock[] = [
    ...caseSummary(form),
    {
      type: "input",
      block_id: FIELD.outcome.block,
      label: plainText("Outcome"),
      element: {
        type: "radio_buttons",
        action_id: FIELD.outcome.action,
        options: (["recovered", "not_recovered", "unreachable"] as const).map((o) => option(OUTCOME_LABEL[o], o)),
      },
    } satisfies InputBlock,
    {
      type: "input",
      block_id: FIELD.rootCause.block,
      label: plainText("Root cause"),
      element: {
        type: "static_select",
        action_id: FIELD.rootCause.action,
        placeholder: plainText("Pick the main cause", SLACK_LIMITS.placeholder),
        options: causes.map((c, i) => option(c, rootCauseValue(c, i))),
      },
    } satisfies InputBlock,
    {
      type: "input",
      block_id: FIELD.options.block,
      optional: true,
      label: plainText("Follow-up"),
      element: { type: "checkboxes", action_id: FIELD.options.action, options: checkboxes },
    } satisfies InputBlock,
    {
      type: "input",
      block_id: FIELD.note.block,
      optional: true,
      label: plainText("Note"),
      element: {
        type: "plain_text_input",
        action_id: FIELD.note.action,
        multiline: true,
        max_length: NOTE_MAX,
        placeholder: plainText("What you learned and agreed with the customer", SLACK_LIMITS.placeholder),
      },
    } satisfies InputBlock,
  ];
  return modal(CALLBACK.resolve, `Resolve case #${form.caseId}`, blocks, "Resolve", meta);
}

export function buildReassignModal(
  form: CaseForm,
  candidates: { id: number; name: string }[],
  meta: ModalMetadata,
): ModalView {
  const owner = form.view?.ownerName;
  const blocks: KnownBlock[] = [
    ...caseSummary(form),
    {
      type: "input",
      block_id: FIELD.assignee.block,
      label: plainText("New owner"),
      hint: plainText("Only this team's managers can own its cases.", SLACK_LIMITS.inputHint),
      element: {
        type: "static_select",
        action_id: FIELD.assignee.action,
        placeholder: plainText("Pick a manager", SLACK_LIMITS.placeholder),
        options: candidates
          .slice(0, SLACK_LIMITS.selectOptions)
          .map((p) => option(`${plain(p.name, 60, false)}${p.name === owner ? " (owner now)" : ""}`, String(p.id))),
      },
    } satisfies InputBlock,
  ];
  if (candidates.length > SLACK_LIMITS.selectOptions) {
    blocks.push(context(`Showing the first ${SLACK_LIMITS.selectOptions} of ${candidates.length} managers.`));
  }
  return modal(CALLBACK.reassign, `Reassign case #${form.caseId}`, blocks, "Reassign", meta);
}

export function buildNoteModal(form: CaseForm, meta: ModalMetadata): ModalView {
  return modal(
    CALLBACK.note,
    `Note on case #${form.caseId}`,
    [
      ...caseSummary(form),
      {
        type: "input",
        block_id: FIELD.note.block,
        label: plainText("Note"),
        element: {
          type: "plain_text_input",
          action_id: FIELD.note.action,
          multiline: true,
          max_length: NOTE_MAX,
          placeholder: plainText("A call, a promise, what the customer said…", SLACK_LIMITS.placeholder),
        },
      } satisfies InputBlock,
    ],
    "Add note",
    meta,
  );
}

export function buildCoachingDoneModal(
  session: { id: number; topic: string; staffName: string },
  meta: ModalMetadata,
): ModalView {
  return modal(
    CALLBACK.coachingDone,
    "Coaching done",
    [
      mrkdwnSection(`*${md(session.topic, 500, false)}* with ${md(session.staffName, 200, false)}`),
      {
        type: "input",
        block_id: FIELD.coachingNotes.block,
        optional: true,
        label: plainText("How did it go?"),
        element: {
          type: "plain_text_input",
          action_id: FIELD.coachingNotes.action,
          multiline: true,
          max_length: NOTE_MAX,
          placeholder: plainText("What you talked about and agreed", SLACK_LIMITS.placeholder),
        },
      } satisfies InputBlock,
    ],
    "Mark done",
    meta,
  );
}

/** A read-only modal that explains why nothing can be done (e.g. a refusal found after opening). */
export function buildNoticeModal(title: string, message: string): ModalView {
  return modal("notice_modal", title, [mrkdwnSection(md(message, SLACK_LIMITS.sectionText, false))], null, {});
}
