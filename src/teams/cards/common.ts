// Shared pieces of the Adaptive Card builders: card envelope, safe text helpers and limits.
// Builders are pure: view model in, card JSON out; nothing here talks to Teams.
import { type SafeTextFormat, safeChatText } from "../../core/text-safety.js";
import { type RichText, textRuns } from "../../core/views.js";

/** An Adaptive Card element or action as plain JSON. */
export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema?: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  fallbackText?: string;
  /** Universal Actions refresh: an Action.Execute, and who gets it automatically (Teams MRIs). */
  refresh?: { action: CardElement; userIds: string[] };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
export const ADAPTIVE_CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";

/** Teams refuses messages over 28 KB; cards stay well under it even with a huge comment. */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
/** What a card may weigh, leaving room for the activity around it under the 28 KB limit. */
export const TEAMS_CARD_BUDGET_BYTES = 24 * 1024;
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

const EXACT_EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const PHONE_SHAPE = /^\+?[\d\s().\-/]+$/;

/** A run's leading and trailing whitespace, tidied; a line break needs a blank line in TextBlocks. */
function edges(text: string): { lead: string; trail: string } {
  const tidy = (ws: string) => (ws.includes("\n") ? "\n\n" : ws ? " " : "");
  const m = /^(\s*)[\s\S]*?(\s*)$/u.exec(text)!;
  if (!text.trim()) return { lead: tidy(text), trail: "" };
  return { lead: tidy(m[1]!), trail: tidy(m[2]!) };
}

/** Bold in TextBlock markdown, line by line (markdown emphasis does not cross a paragraph). */
function strong(escaped: string, marker = "**"): string {
  return escaped
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(.*?)(\s*)$/su.exec(line)!;
      return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : line;
    })
    .join("\n");
}

/** A tel: URI from a number as the customer wrote it (only its digits and a leading +). */
export function telUri(phone: string): string | null {
  const digits = phone.replace(/\D/g, "");
  if (!PHONE_SHAPE.test(phone.trim()) || digits.length < 7 || digits.length > 15) return null;
  return `tel:${phone.trim().startsWith("+") ? "+" : ""}${digits}`;
}

/**
 * Rich text (runs with our emphasis) as TextBlock markdown: each run's words are escaped like
 * outside text and only our `bold` runs get "**"; an exact phone number or email marked as a link
 * becomes a tel:/mailto: link when contacts are shown (its text unchanged).
 */
export function mdRich(text: RichText, opts: SafeOptions = {}): string {
  const max = opts.max ?? LABEL_MAX_CHARS;
  const mask = opts.maskContacts ?? true;
  let out = "";
  for (const run of textRuns(text)) {
    const room = max - Array.from(out).length;
    if (room < 8) break;
    const shown = md(run.text, { max: room - (run.bold ? 4 : 0) - (run.italic ? 2 : 0), maskContacts: mask });
    const href =
      mask || !run.link
        ? null
        : run.link === "tel"
          ? telUri(run.text)
          : EXACT_EMAIL.test(run.text)
            ? `mailto:${run.text}`
            : null;
    // The cleaner trims each run; the spaces and line breaks between runs are ours to keep.
    const { lead, trail } = edges(run.text);
    if (href && shown.length + href.length + 4 <= room && !/[[\]]/.test(shown))
      out += `${lead}[${shown}](${href})${trail}`;
    else {
      const italicised = run.italic ? strong(shown, "_") : shown;
      out += lead + (run.bold ? strong(italicised) : italicised) + trail;
    }
  }
  return out;
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
