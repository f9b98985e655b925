// The detractor (or passive) case card posted in a team's channel and updated in place: converts
// the neutral card (core/case-card.ts, which decides every word) to Block Kit.
import { CARD_TEXT } from "../../core/card-text.js";
import { buildCaseCardContent, type CaseCard, type CaseCardOptions } from "../../core/case-card.js";
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
  mrkdwnSection,
  plain,
  plainSection,
  SLACK_LIMITS,
  type SlackMessage,
} from "./blocks.js";
import { mrkdwnLine, plainLine } from "./card-parts.js";

/** Action ids of the card's buttons; the listeners register the same ids. */
export const CASE_ACTION_IDS: Record<CaseActionId, string> = {
  claim: "case_claim",
  unclaim: "case_unclaim",
  resolve: "case_resolve",
  reassign: "case_reassign",
  note: "case_note",
  contacted: "case_contacted",
};

/** Category emoji and label (from core/card-text), kept under this name for the App Home. */
export const CATEGORY_STYLE = CARD_TEXT.category;

/** Outcome labels by id (from core/card-text). */
export const OUTCOME_LABEL = {
  recovered: CARD_TEXT.outcome.recovered.label,
  not_recovered: CARD_TEXT.outcome.not_recovered.label,
  unreachable: CARD_TEXT.outcome.unreachable.label,
} as const;

/** The case card for a view: the neutral card, converted. */
export function buildCaseCard(view: CaseCardView, opts: CaseCardOptions = {}): SlackMessage {
  return caseCardToBlockKit(buildCaseCardContent(view, opts));
}

/** Converts the neutral case card to a Block Kit message (pure). */
export function caseCardToBlockKit(card: CaseCard): SlackMessage {
  const blocks: KnownBlock[] = [];
  if (card.notice) blocks.push(context(mrkdwnLine(card.notice)));
  blocks.push(header(plainLine(card.header)));

  if (card.quote.kind === "comment") blocks.push(plainSection(`“${plain(card.quote.text, card.quote.max)}”`));
  else blocks.push(mrkdwnSection(`_${mrkdwnLine([card.quote.text])}_`));

  blocks.push(...fieldSections(card.facts.map((f) => ({ label: f.label, value: mrkdwnLine(f.value) }))));

  if (card.resolution) {
    // One fact a line (never run together on one line, where Slack collapses the spaces).
    blocks.push(mrkdwnSection(card.resolution.map((f) => `*${f.label}:* ${mrkdwnLine(f.value)}`).join("\n")));
  }
  if (card.resolutionNote) {
    const n = card.resolutionNote;
    blocks.push(plainSection(`${n.label}: ${plain(n.text, n.max)}`));
  }

  blocks.push(context(mrkdwnLine([card.status])));

  if (card.actions.length) {
    const actions: ActionsBlock = {
      type: "actions",
      block_id: `case_actions:${card.caseId}`,
      elements: card.actions
        .slice(0, SLACK_LIMITS.actionElements)
        .map((a) => button(CASE_ACTION_IDS[a.id], a.label, String(card.caseId), a.style)),
    };
    blocks.push(actions);
  }

  return { blocks: fitBlocks(blocks), text: fallback(mrkdwnLine(card.fallback)) };
}
