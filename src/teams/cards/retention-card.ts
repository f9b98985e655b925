// The retention report as an Adaptive Card: converts the neutral card (core/retention-card.ts, the
// same content as Slack's); nothing is worded here.
import type { RetentionCard } from "../../core/retention-card.js";
import { markdownLine } from "./card-parts.js";
import { type AdaptiveCard, type CardElement, card, factSet, plain, textBlock } from "./common.js";

/** Longest notification summary. */
const FALLBACK_MAX = 300;

export function retentionCardToAdaptiveCard(r: RetentionCard): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(markdownLine(r.title), { size: "Large", weight: "Bolder" }),
    textBlock(markdownLine(r.scope), { isSubtle: true, spacing: "None" }),
  ];
  if (r.absent) body.push(textBlock(markdownLine([r.absent])));
  for (const s of r.sections) {
    body.push(textBlock(markdownLine([s.label]), { weight: "Bolder", separator: true }));
    body.push(factSet(s.facts.map((f) => ({ title: f.label, value: markdownLine(f.value) }))));
  }
  for (const note of r.notes) body.push(textBlock(markdownLine([note]), { isSubtle: true, size: "Small" }));
  const summary = r.fallback.split("\n").slice(0, 2).join("\n");
  return card(body, [], plain(summary, { maskContacts: false, max: FALLBACK_MAX }));
}
