// Modals: resolve a case, reassign it, add a note, mark a coaching session done; plus a notice
// modal for refusals. Block and action ids are shared with the view-submission listeners.
import { cardText } from "../../core/card-text.js";
import {
  type CaseFormInput,
  NOTE_MAX,
  noteFormContent,
  reassignFormContent,
  resolveFormContent,
  SUMMARY_COMMENT_MAX,
  caseSummary as summaryOf,
} from "../../core/case-forms.js";
import type { Locale } from "../../core/i18n/locales.js";
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
import { mrkdwnLine, plainLine } from "./card-parts.js";

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

export { NOTE_MAX };

/** What a modal remembers between opening and submission. */
export interface ModalMetadata {
  caseId?: number;
  sessionId?: number;
  /** Where the button was clicked, to answer the clicker ephemerally after the modal closes. */
  channelId?: string;
  responseUrl?: string;
  /** The language the form was shown in, so that its errors speak it too. */
  locale?: string;
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
export type CaseForm = CaseFormInput;

function caseSummary(form: CaseForm): KnownBlock[] {
  const summary = summaryOf(form.view, cardText(form.locale ?? form.view?.locale));
  if (!summary) return [context(mrkdwnLine([cardText(form.locale ?? form.view?.locale).card.caseNumber(form.caseId)]))];
  const comment = summary.comment ? `\n>${md(summary.comment, SUMMARY_COMMENT_MAX).replace(/\n/g, "\n>")}` : "";
  return [mrkdwnSection(mrkdwnLine(summary.line) + comment)];
}

function modal(
  callbackId: string,
  title: string,
  blocks: KnownBlock[],
  submit: string | null,
  meta: ModalMetadata,
  locale?: Locale,
): ModalView {
  const X = cardText(locale);
  return {
    type: "modal",
    callback_id: callbackId,
    title: plainText(title, SLACK_LIMITS.modalTitle),
    ...(submit ? { submit: plainText(submit, SLACK_LIMITS.modalButton) } : {}),
    close: plainText(submit ? X.form.cancel : X.form.close, SLACK_LIMITS.modalButton),
    private_metadata: encodeMetadata(locale ? { ...meta, locale } : meta),
    blocks: blocks.slice(0, SLACK_LIMITS.surfaceBlocks),
  };
}

export function buildResolveModal(form: CaseForm, meta: ModalMetadata): ModalView {
  const f = resolveFormContent(form);
  const { outerLoop, coach } = f.followUp;
  const checkboxes: PlainTextOption[] = [outerLoop, ...(coach ? [coach] : [])].map((t) => ({
    ...option(plainLine(t.label), t.value),
    ...(t.hint ? { description: plainText(t.hint, SLACK_LIMITS.optionText) } : {}),
  }));
  const blocks: KnownBlock[] = [
    ...caseSummary(form),
    {
      type: "input",
      block_id: FIELD.outcome.block,
      label: plainText(f.outcome.label),
      element: {
        type: "radio_buttons",
        action_id: FIELD.outcome.action,
        options: f.outcome.choices.map((o) => ({
          ...option(o.label, o.value),
          ...(o.hint ? { description: plainText(o.hint, SLACK_LIMITS.optionText) } : {}),
        })),
      },
    } satisfies InputBlock,
    {
      type: "input",
      block_id: FIELD.rootCause.block,
      label: plainText(f.rootCause.label),
      element: {
        type: "static_select",
        action_id: FIELD.rootCause.action,
        placeholder: plainText(f.rootCause.placeholder ?? "", SLACK_LIMITS.placeholder),
        options: f.rootCause.choices
          .slice(0, SLACK_LIMITS.selectOptions)
          .map((c, i) => option(c.label, rootCauseValue(c.value, i))),
      },
    } satisfies InputBlock,
    {
      type: "input",
      block_id: FIELD.options.block,
      optional: true,
      label: plainText(f.followUp.label),
      element: { type: "checkboxes", action_id: FIELD.options.action, options: checkboxes },
    } satisfies InputBlock,
    {
      type: "input",
      block_id: FIELD.note.block,
      optional: !f.note.required,
      label: plainText(f.note.label),
      element: {
        type: "plain_text_input",
        action_id: FIELD.note.action,
        multiline: true,
        max_length: f.note.maxLength,
        placeholder: plainText(f.note.placeholder, SLACK_LIMITS.placeholder),
      },
    } satisfies InputBlock,
  ];
  return modal(CALLBACK.resolve, f.title, blocks, f.submit, meta, f.locale);
}

/** The reassign modal: the team's managers, never the case's current owner. */
export function buildReassignModal(
  form: CaseForm,
  candidates: { id: number; name: string }[],
  meta: ModalMetadata,
): ModalView {
  const f = reassignFormContent(
    form,
    candidates.map((p) => ({ personId: p.id, name: p.name })),
    SLACK_LIMITS.selectOptions,
  );
  const blocks: KnownBlock[] = [
    ...caseSummary(form),
    {
      type: "input",
      block_id: FIELD.assignee.block,
      label: plainText(f.newOwner.label),
      ...(f.newOwner.hint ? { hint: plainText(f.newOwner.hint, SLACK_LIMITS.inputHint) } : {}),
      element: {
        type: "static_select",
        action_id: FIELD.assignee.action,
        placeholder: plainText(f.newOwner.placeholder ?? "", SLACK_LIMITS.placeholder),
        options: f.newOwner.choices.map((c) => option(plain(c.label, 60, false), c.value)),
      },
    } satisfies InputBlock,
  ];
  if (f.truncated) blocks.push(context(mrkdwnLine([f.truncated])));
  return modal(CALLBACK.reassign, f.title, blocks, f.submit, meta, f.locale);
}

export function buildNoteModal(form: CaseForm, meta: ModalMetadata): ModalView {
  const f = noteFormContent(form);
  return modal(
    CALLBACK.note,
    f.title,
    [
      ...caseSummary(form),
      {
        type: "input",
        block_id: FIELD.note.block,
        optional: !f.note.required,
        label: plainText(f.note.label),
        element: {
          type: "plain_text_input",
          action_id: FIELD.note.action,
          multiline: true,
          max_length: f.note.maxLength,
          placeholder: plainText(f.note.placeholder, SLACK_LIMITS.placeholder),
        },
      } satisfies InputBlock,
    ],
    f.submit,
    meta,
    f.locale,
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
