// The detractor (or passive) case card posted in a team's channel and updated in place.
import type { CaseActionId, CaseCardView } from "../../core/views.js";
import {
  type ActionsBlock,
  button,
  context,
  fallback,
  fieldSections,
  fitBlocks,
  header,
  type KnownBlock,
  md,
  mrkdwnSection,
  plain,
  plainSection,
  SLACK_LIMITS,
  type SlackMessage,
  slackDate,
} from "./blocks.js";

/** Action ids of the card's buttons; the listeners register the same ids. */
export const CASE_ACTION_IDS: Record<CaseActionId, string> = {
  claim: "case_claim",
  unclaim: "case_unclaim",
  resolve: "case_resolve",
  reassign: "case_reassign",
  note: "case_note",
  contacted: "case_contacted",
};

const BUTTON: Record<CaseActionId, { label: string; style?: "primary" | "danger" }> = {
  claim: { label: "Claim", style: "primary" },
  unclaim: { label: "Unclaim" },
  resolve: { label: "Resolve" },
  reassign: { label: "Reassign" },
  note: { label: "Add note" },
  contacted: { label: "Mark contacted" },
};

export const CATEGORY_STYLE = {
  detractor: { emoji: "🔴", label: "Detractor" },
  passive: { emoji: "🟡", label: "Passive" },
  promoter: { emoji: "🟢", label: "Promoter" },
} as const;

export const OUTCOME_LABEL = {
  recovered: "Recovered",
  not_recovered: "Not recovered",
  unreachable: "Could not reach",
} as const;

/** Longest customer comment shown on a card (the rest is cut with an honest marker). */
const COMMENT_MAX = 2500;

export function buildCaseCard(view: CaseCardView): SlackMessage {
  const cat = CATEGORY_STYLE[view.category];
  const where = [view.teamName, view.companyName].filter(Boolean).join(" · ");
  const headline = `${cat.emoji} ${cat.label} · ${view.score}/10${where ? ` · ${plain(where, 100, false)}` : ""}`;
  const blocks: KnownBlock[] = [header(headline)];

  if (view.erased) blocks.push(mrkdwnSection("_The customer's personal data was erased; the comment is gone._"));
  else if (view.comment?.trim()) blocks.push(plainSection(`“${plain(view.comment, COMMENT_MAX)}”`));
  else blocks.push(mrkdwnSection("_No comment._"));

  const owner = view.ownerPlatformId
    ? `<@${view.ownerPlatformId}>`
    : view.ownerName
      ? md(view.ownerName, 200, false)
      : "_Unclaimed_";
  const sla =
    view.status === "resolved"
      ? "Closed"
      : `${view.overdue ? "⚠️ " : ""}${md(view.dueText, 100, false)} (${slackDate(view.dueAt)})`;
  blocks.push(
    ...fieldSections([
      { label: "Touchpoint", value: md(view.touchpoint, 300) },
      { label: "Staff served", value: md(view.staffName, 300, false) },
      { label: "Customer", value: md(view.customerLabel, 300) },
      { label: "Received", value: `${md(view.ageText, 100, false)} (${slackDate(view.respondedAt)})` },
      { label: "SLA", value: sla },
      { label: "Owner", value: owner },
    ]),
  );

  if (view.status === "resolved" && view.outcome) {
    const parts = [`✅ *Resolved:* ${OUTCOME_LABEL[view.outcome]}`];
    if (view.rootCause) parts.push(`*Root cause:* ${md(view.rootCause, 200, false)}`);
    if (view.outerLoop) parts.push("*Outer loop:* flagged for the company");
    blocks.push(mrkdwnSection(parts.join("   ")));
    if (view.note?.trim()) blocks.push(plainSection(`Note: ${plain(view.note, 1500)}`));
  }

  const status = view.status === "contacted" ? "customer contacted" : view.status;
  blocks.push(
    context(
      `Case #${view.caseId} · ${status}${view.noteCount ? ` · ${view.noteCount} note${view.noteCount === 1 ? "" : "s"}` : ""}`,
    ),
  );

  if (view.actions.length) {
    const actions: ActionsBlock = {
      type: "actions",
      block_id: `case_actions:${view.caseId}`,
      elements: view.actions
        .slice(0, SLACK_LIMITS.actionElements)
        .map((a) => button(CASE_ACTION_IDS[a], BUTTON[a].label, String(view.caseId), BUTTON[a].style)),
    };
    blocks.push(actions);
  }

  const text =
    `${cat.emoji} ${cat.label} ${view.score}/10` +
    (view.teamName ? ` for ${md(view.teamName, 100, false)}` : "") +
    (view.comment && !view.erased ? `: “${md(view.comment, 200)}”` : "") +
    (view.status === "resolved"
      ? " (resolved)"
      : view.ownerName
        ? ` (claimed by ${md(view.ownerName, 100, false)})`
        : "");
  return { blocks: fitBlocks(blocks), text: fallback(text) };
}
