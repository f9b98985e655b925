// Shared pieces of the Adaptive Card builders: card envelope, safe text helpers and limits.
// Builders are pure: view model in, card JSON out; nothing here talks to Teams.
import { type SafeTextFormat, safeChatText } from "../../core/text-safety.js";

/** An Adaptive Card element or action as plain JSON. */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema?: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  fallbackText?: string;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

/** Teams refuses messages over 28 KB; cards stay well under it even with a huge comment. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
/** Customer comments on channel cards: enough to read, small enough to keep cards compact. */
export const COMMENT_MAX_CHARS = 2500;
/** Short labels (names, root causes, touchpoints). */
export const LABEL_MAX_CHARS = 120;
/** Notes and longer free text written by managers or services. */
export const TEXT_MAX_CHARS = 3000;

export function card(body: CardElement[], actions: CardElement[] = [], fallbackText?: string): AdaptiveCard {
  const c: AdaptiveCard = { type: "AdaptiveCard", $schema: ADAPTIVE_CARD_SCHEMA, version: "1.5", body };
  if (actions.length) c.actions = actions;
  if (fallbackText) c.fallbackText = fallbackText;
  return c;
}

export interface SafeOptions {
  max?: number;
  maskContacts?: boolean;
}

function safe(text: string | null | undefined, format: SafeTextFormat, opts: SafeOptions): string {
  return safeChatText(text, {
    format,
    maxLength: opts.max ?? LABEL_MAX_CHARS,
    maskContacts: opts.maskContacts ?? true,
  });
}

/** Text for a TextBlock or FactSet value (Teams renders a markdown subset there). */
export function md(text: string | null | undefined, opts: SafeOptions = {}): string {
  return safe(text, "teams_markdown", opts);
}

/** Text for a TextRun (shown literally). */
export function plain(text: string | null | undefined, opts: SafeOptions = {}): string {
  return safe(text, "plain", opts);
}

export function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: "TextBlock", text, wrap: true, ...extra };
}

/** Literal text (customer words): a RichTextBlock never interprets markdown. */
export function literalBlock(text: string, extra: CardElement = {}, run: CardElement = {}): CardElement {
  return { type: "RichTextBlock", inlines: [{ type: "TextRun", text, ...run }], ...extra };
}

export function factSet(facts: { title: string; value: string }[]): CardElement {
  return { type: "FactSet", facts: facts.map((f) => ({ title: md(f.title), value: f.value || "—" })) };
}

/** Action.Execute: Universal Actions, answered by the bot's adaptiveCard/action invoke. */
export function executeAction(
  verb: string,
  title: string,
  data: Record<string, unknown>,
  extra: CardElement = {},
): CardElement {
  return { type: "Action.Execute", verb, title, data: { ...data, verb }, ...extra };
}

export function showCardAction(title: string, inner: AdaptiveCard, extra: CardElement = {}): CardElement {
  // An Action.ShowCard's card is part of its parent: no $schema or version of its own.
  const { $schema: _s, version: _v, ...rest } = inner;
  return { type: "Action.ShowCard", title, card: rest, ...extra };
}

export function attachment(content: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** "Mon 23 Nov, 14:05 UTC" in a fixed form: cards are rendered without the reader's zone. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
