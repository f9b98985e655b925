// The detractor (or passive) case card posted in a team's channel and updated in place: converts
// the neutral card (core/case-card.ts, which decides every word, as for Slack) to an Adaptive Card
// 1.5 with Universal Actions (Action.Execute) so that Teams sends every click to the bot, which
// updates the message. Resolve, Add note and Reassign open their form inline (Action.ShowCard).
import { CARD_TEXT, cardText } from "../../core/card-text.js";
import {
  buildCaseCardContent,
  type CardAction,
  type CaseCard,
  type CaseCardOptions as NeutralCaseCardOptions,
} from "../../core/case-card.js";
import type { CaseActionId, CaseCardView } from "../../core/views.js";
import { localDateTime, markdownLine, plainLine } from "./card-parts.js";
import {
  type AdaptiveCard,
  type CardElement,
  card,
  executeAction,
  factSet,
  literalBlock,
  plain,
  showCardAction,
  textBlock,
} from "./common.js";
import { noteFormToAdaptiveCard, reassignFormToAdaptiveCard, resolveFormToAdaptiveCard } from "./resolve-form.js";

export { localDateTime };

/** Verbs of the card's Action.Execute buttons; src/teams/handlers/actions.ts routes the same ones. */
export const CASE_VERBS = {
  claim: "claim",
  unclaim: "unclaim",
  resolve: "resolve",
  reassign: "reassign",
  note: "note",
  contacted: "contacted",
} as const satisfies Record<CaseActionId, string>;

/** The verb Teams sends when it refreshes a case card for one reader (user-specific view). */
export const CASE_REFRESH_VERB = "refresh";

/**
 * Adds the refresh clause: Teams asks the bot for the card again (verb CASE_REFRESH_VERB) when one
 * of `userIds` views it, and offers "Refresh card" to everyone else (pure).
 */
export function withRefresh(
  c: AdaptiveCard,
  view: Pick<CaseCardView, "caseId" | "locale">,
  userIds: string[],
): AdaptiveCard {
  return {
    ...c,
    refresh: {
      action: executeAction(CASE_REFRESH_VERB, cardText(view.locale).card.refresh, { caseId: view.caseId }),
      userIds,
    },
  };
}

/** Category emoji and label (from core/card-text) with the card's headline colour. */
export const CATEGORY_STYLE = {
  detractor: { ...CARD_TEXT.category.detractor, color: "Attention" },
  passive: { ...CARD_TEXT.category.passive, color: "Warning" },
  promoter: { ...CARD_TEXT.category.promoter, color: "Good" },
} as const;

/** Outcome labels by id (from core/card-text). */
export const OUTCOME_LABEL = {
  recovered: CARD_TEXT.outcome.recovered.label,
  not_recovered: CARD_TEXT.outcome.not_recovered.label,
  unreachable: CARD_TEXT.outcome.unreachable.label,
} as const;

/** Button labels by action (from core/card-text). */
export const BUTTON_LABEL: Record<CaseActionId, string> = CARD_TEXT.action;

export type CaseCardOptions = NeutralCaseCardOptions;

/** The case card for a view: the neutral card, converted. */
export function buildCaseCard(view: CaseCardView, opts: CaseCardOptions = {}): AdaptiveCard {
  return caseCardToAdaptiveCard(buildCaseCardContent(view, opts));
}

/** Converts the neutral case card to an Adaptive Card 1.5 (pure). */
export function caseCardToAdaptiveCard(c: CaseCard): AdaptiveCard {
  const body: CardElement[] = [];
  if (c.notice) body.push(textBlock(markdownLine(c.notice), { color: "Warning" }));
  body.push(
    textBlock(markdownLine(c.header), { size: "Large", weight: "Bolder", color: CATEGORY_STYLE[c.category].color }),
  );

  if (c.quote.kind === "comment") {
    body.push({
      type: "Container",
      style: "emphasis",
      items: [literalBlock(`“${plain(c.quote.text, { max: c.quote.max })}”`, {}, { italic: true })],
    });
  } else {
    body.push(textBlock(`_${c.quote.text}_`, { isSubtle: true }));
  }

  body.push(factSet(c.facts.map((f) => ({ title: f.label, value: markdownLine(f.value) }))));

  if (c.resolution) {
    body.push({
      ...factSet(c.resolution.map((f) => ({ title: f.label, value: markdownLine(f.value) }))),
      separator: true,
    });
  }
  if (c.resolutionNote) {
    const n = c.resolutionNote;
    body.push(literalBlock(`${n.label}: ${plain(n.text, { max: n.max })}`));
  }

  body.push(textBlock(c.status, { isSubtle: true, size: "Small", spacing: "Small" }));

  return card(
    body,
    c.actions.flatMap((a) => caseAction(c.caseId, a)),
    fallbackTextOf(c),
  );
}

function caseAction(caseId: number, a: CardAction): CardElement[] {
  const form = a.form;
  if (!form) {
    return [executeAction(CASE_VERBS[a.id], a.label, { caseId }, a.style === "primary" ? { style: "positive" } : {})];
  }
  switch (form.kind) {
    case "resolve":
      return [showCardAction(a.label, resolveFormToAdaptiveCard(form.content))];
    case "note":
      return [showCardAction(a.label, noteFormToAdaptiveCard(form.content))];
    case "reassign":
      // Without the team's managers there is nobody to offer: no button rather than an empty list.
      return form.content ? [showCardAction(a.label, reassignFormToAdaptiveCard(form.content))] : [];
  }
}

/** The notification and screen-reader text of a neutral card (plain, short). */
export function fallbackTextOf(c: CaseCard): string {
  return plainLine(c.fallback);
}

/** The notification and screen-reader text for a view (plain, short). */
export function fallbackText(view: CaseCardView): string {
  return fallbackTextOf(buildCaseCardContent(view));
}
