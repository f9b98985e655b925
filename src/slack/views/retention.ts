// The retention report as Block Kit: converts the neutral card (core/retention-card.ts, which decides
// every word and keeps the numbers honest); nothing is worded here.
import type { RetentionCard } from "../../core/retention-card.js";
import {
  context,
  fallback,
  fieldSections,
  fitBlocks,
  header,
  type KnownBlock,
  md,
  mrkdwnSection,
  SLACK_LIMITS,
  type SlackMessage,
} from "./blocks.js";
import { mrkdwnLine, plainLine } from "./card-parts.js";

export function retentionCardToBlockKit(card: RetentionCard): SlackMessage {
  const blocks: KnownBlock[] = [header(plainLine(card.title)), context(mrkdwnLine(card.scope))];
  if (card.absent) blocks.push(mrkdwnSection(mrkdwnLine([card.absent])));
  for (const s of card.sections) {
    blocks.push(mrkdwnSection(`*${mrkdwnLine([s.label])}*`));
    blocks.push(...fieldSections(s.facts.map((f) => ({ label: f.label, value: mrkdwnLine(f.value) }))));
  }
  for (const note of card.notes) blocks.push(context(mrkdwnLine([note])));
  return { blocks: fitBlocks(blocks), text: fallback(md(card.fallback, SLACK_LIMITS.fallbackText, false)) };
}
