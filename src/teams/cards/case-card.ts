// The detractor (or passive) case card posted in a team's channel and updated in place: the same
// facts as the Slack card (src/slack/views/case-card.ts), as an Adaptive Card 1.5 with Universal
// Actions (Action.Execute) so that Teams sends every click to the bot, which updates the message.
import type { CaseActionId, CaseCardView } from "../../core/views.js";
import {
  type AdaptiveCard,
  type CardElement,
  COMMENT_MAX_CHARS,
  card,
  executeAction,
  factSet,
  literalBlock,
  md,
  plain,
  showCardAction,
  textBlock,
} from "./common.js";
import { buildNoteForm, buildReassignForm, buildResolveForm, type ReassignCandidate } from "./resolve-form.js";

/** Verbs of the card's Action.Execute buttons; src/teams/handlers/actions.ts routes the same ones. */
export const CASE_VERBS = {
  claim: "claim",
  unclaim: "unclaim",
  resolve: "resolve",
  reassign: "reassign",
  note: "note",
  contacted: "contacted",
} as const satisfies Record<CaseActionId, string>;

export const CATEGORY_STYLE = {
  detractor: { emoji: "🔴", label: "Detractor", color: "Attention" },
  passive: { emoji: "🟡", label: "Passive", color: "Warning" },
  promoter: { emoji: "🟢", label: "Promoter", color: "Good" },
} as const;

export const OUTCOME_LABEL = {
  recovered: "Recovered",
  not_recovered: "Not recovered",
  unreachable: "Could not reach",
} as const;

export const BUTTON_LABEL: Record<CaseActionId, string> = {
  claim: "Claim",
  unclaim: "Unclaim",
  resolve: "Resolve",
  reassign: "Reassign",
  note: "Add note",
  contacted: "Mark contacted",
};

export interface CaseCardOptions {
  /** Managers the case may be handed to; without them the card shows no Reassign button. */
  reassignCandidates?: ReassignCandidate[];
  /** A line shown above the card (e.g. why an action was refused); never customer text. */
  notice?: string | null;
}

/**
 * Adaptive Cards' DATE/TIME functions render in the reader's own time zone and locale, so one
 * card reads right for a manager in Madrid and a director in New York.
 */
export function localDateTime(at: Date): string {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

export function buildCaseCard(view: CaseCardView, opts: CaseCardOptions = {}): AdaptiveCard {
  const cat = CATEGORY_STYLE[view.category];
  const where = [view.teamName, view.companyName].filter(Boolean).join(" · ");
  const body: CardElement[] = [];
  if (opts.notice) body.push(textBlock(md(opts.notice, { max: 400, maskContacts: false }), { color: "Warning" }));
  body.push(
    textBlock(
      `${cat.emoji} ${cat.label} · ${view.score}/10${where ? ` · ${md(where, { maskContacts: false })}` : ""}`,
      {
        size: "Large",
        weight: "Bolder",
        color: cat.color,
      },
    ),
  );

  if (view.erased) {
    body.push(textBlock("_The customer's personal data was erased; the comment is gone._", { isSubtle: true }));
  } else if (view.comment?.trim()) {
    body.push({
      type: "Container",
      style: "emphasis",
      items: [literalBlock(`“${plain(view.comment, { max: COMMENT_MAX_CHARS })}”`, {}, { italic: true })],
    });
  } else {
    body.push(textBlock("_No comment._", { isSubtle: true }));
  }

  const sla =
    view.status === "resolved"
      ? "Closed"
      : `${view.overdue ? "⚠️ " : ""}${md(view.dueText, { maskContacts: false })} (${localDateTime(view.dueAt)})`;
  body.push(
    factSet([
      { title: "Touchpoint", value: md(view.touchpoint) },
      { title: "Staff served", value: md(view.staffName, { maskContacts: false }) },
      { title: "Customer", value: md(view.customerLabel) },
      { title: "Received", value: `${md(view.ageText, { maskContacts: false })} (${localDateTime(view.respondedAt)})` },
      { title: "SLA", value: sla },
      { title: "Owner", value: view.ownerName ? md(view.ownerName, { maskContacts: false }) : "_Unclaimed_" },
    ]),
  );

  if (view.status === "resolved" && view.outcome) {
    const parts = [`✅ **Resolved:** ${OUTCOME_LABEL[view.outcome]}`];
    if (view.rootCause) parts.push(`**Root cause:** ${md(view.rootCause, { maskContacts: false })}`);
    if (view.outerLoop) parts.push("**Outer loop:** flagged for the company");
    body.push(textBlock(parts.join("   "), { color: "Good", separator: true }));
    if (view.note?.trim()) body.push(literalBlock(`Note: ${plain(view.note, { max: 1500 })}`));
  }

  const status = view.status === "contacted" ? "customer contacted" : view.status;
  const notes = view.noteCount ? ` · ${view.noteCount} note${view.noteCount === 1 ? "" : "s"}` : "";
  body.push(textBlock(`Case #${view.caseId} · ${status}${notes}`, { isSubtle: true, size: "Small", spacing: "Small" }));

  return card(body, caseActions(view, opts), fallbackText(view));
}

function caseActions(view: CaseCardView, opts: CaseCardOptions): CardElement[] {
  const data = { caseId: view.caseId };
  const actions: CardElement[] = [];
  for (const a of view.actions) {
    switch (a) {
      case "claim":
        actions.push(executeAction(CASE_VERBS.claim, BUTTON_LABEL.claim, data, { style: "positive" }));
        break;
      case "unclaim":
      case "contacted":
        actions.push(executeAction(CASE_VERBS[a], BUTTON_LABEL[a], data));
        break;
      case "resolve":
        actions.push(showCardAction(BUTTON_LABEL.resolve, buildResolveForm(view)));
        break;
      case "note":
        actions.push(showCardAction(BUTTON_LABEL.note, buildNoteForm(view)));
        break;
      case "reassign": {
        const candidates = (opts.reassignCandidates ?? []).filter((c) => c.name !== view.ownerName);
        if (candidates.length) actions.push(showCardAction(BUTTON_LABEL.reassign, buildReassignForm(view, candidates)));
        break;
      }
    }
  }
  return actions;
}

/** The notification and screen-reader text (plain, short). */
export function fallbackText(view: CaseCardView): string {
  const cat = CATEGORY_STYLE[view.category];
  return (
    `${cat.emoji} ${cat.label} ${view.score}/10` +
    (view.teamName ? ` for ${plain(view.teamName, { maskContacts: false })}` : "") +
    (view.comment && !view.erased ? `: “${plain(view.comment, { max: 200 })}”` : "") +
    (view.status === "resolved"
      ? " (resolved)"
      : view.ownerName
        ? ` (claimed by ${plain(view.ownerName, { maskContacts: false })})`
        : "")
  );
}
