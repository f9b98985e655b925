// Slack's Block Kit limits and the small text helpers every builder uses, so that no builder can
// emit a payload Slack would reject (invalid_blocks, msg_too_long) or let customer text ping anyone.
import type { types } from "@slack/bolt";
import { safeChatText } from "../../core/text-safety.js";
import { type RichText, textRuns } from "../../core/views.js";

export type KnownBlock = types.KnownBlock;
export type ActionsBlock = types.ActionsBlock;
export type SectionBlock = types.SectionBlock;
export type HeaderBlock = types.HeaderBlock;
export type ContextBlock = types.ContextBlock;
export type Button = types.Button;
export type PlainTextElement = types.PlainTextElement;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type PlainTextOption = types.PlainTextOption;
export type InputBlock = types.InputBlock;

/** Documented Block Kit limits (https://docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  surfaceBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionElements: 25,
  contextElements: 10,
  contextText: 3000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  plainTextInput: 3000,
  /** Slack cuts message `text` at 40,000 chars; notifications show far less, so keep it short. */
  fallbackText: 3000,
  privateMetadata: 3000,
  /**
   * Total text of a message's blocks, in UTF-16 code units. Undocumented: Slack answers
   * msg_blocks_too_long from about 12,000 (slackapi/bolt-js#2509 measured 13,297 with markdown
   * blocks only, less with others), so rendered messages stay under this.
   */
  messageText: 11_500,
} as const;

export interface SlackMessage {
  blocks: KnownBlock[];
  text: string;
}

/** Outside text (names, comments, topics) for a mrkdwn field: escaped, masked, capped. */
export function md(text: string | null | undefined, max: number, maskContacts = true): string {
  return safeChatText(text, { format: "slack_mrkdwn", maxLength: max, maskContacts });
}

/** A whole, plain email address: the only shape put inside a mailto link. */
const EXACT_EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/**
 * Wraps each line of already-escaped mrkdwn in a marker ("*" for bold), keeping surrounding
 * spaces outside it: Slack only formats a marker pair that hugs its text, and never across lines.
 */
export function emphasise(escaped: string, marker: string): string {
  return escaped
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(.*?)(\s*)$/su.exec(line)!;
      return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : line;
    })
    .join("\n");
}

/** A run's leading and trailing whitespace, tidied (a line break, or one space). */
export function edges(text: string): { lead: string; trail: string } {
  const tidy = (ws: string) => (ws.includes("\n") ? "\n" : ws ? " " : "");
  const m = /^(\s*)[\s\S]*?(\s*)$/u.exec(text)!;
  if (!text.trim()) return { lead: tidy(text), trail: "" };
  return { lead: tidy(m[1]!), trail: tidy(m[2]!) };
}

/**
 * Rich text (runs with our emphasis) as mrkdwn: every run's words are escaped like outside text,
 * and only our `bold` runs get markers, so a customer's "*x*" never turns bold and our names do.
 * An exact email marked `link: "mailto"` becomes a mailto link when contacts are shown; phone
 * numbers stay as typed (Slack's clients make them tappable themselves).
 */
export function mdRich(text: RichText, max: number, maskContacts = true): string {
  let out = "";
  for (const run of textRuns(text)) {
    const room = max - Array.from(out).length;
    if (room < 8) break;
    if (run.link === "mailto" && !maskContacts && EXACT_EMAIL.test(run.text) && run.text.length * 2 + 12 < room) {
      out += `<mailto:${run.text}|${md(run.text, room, false)}>`;
      continue;
    }
    const body = md(run.text, room - (run.bold ? 2 : 0) - (run.italic ? 2 : 0), maskContacts);
    const italicised = run.italic ? emphasise(body, "_") : body;
    // The cleaner trims each run; the spaces and line breaks between runs are ours to keep.
    const { lead, trail } = edges(run.text);
    out += lead + (run.bold ? emphasise(italicised, "*") : italicised) + trail;
  }
  return out;
}

/**
 * A service's own message (refusals, confirmations) for a mrkdwn text: names in it come from the
 * org file, so &, < and > are escaped (no mention or link can be formed), while its backticks and
 * asterisks stay formatting.
 */
export function serviceText(text: string, max: number = SLACK_LIMITS.fallbackText): string {
  return cap(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"), max);
}

/** Outside text for a plain_text object. */
export function plain(text: string | null | undefined, max: number, maskContacts = true): string {
  return safeChatText(text, { format: "plain", maxLength: max, maskContacts });
}

/** Caps our own (trusted) text by code points, with an ellipsis. */
export function cap(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export function plainText(text: string, max: number = SLACK_LIMITS.sectionText): PlainTextElement {
  // Slack rejects an empty text object.
  return { type: "plain_text", text: cap(text || " ", max), emoji: true };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plainText(text, SLACK_LIMITS.headerText) };
}

/** A section whose mrkdwn text is already safe (built from md() pieces and our own markup). */
export function mrkdwnSection(text: string, blockId?: string): SectionBlock {
  return {
    type: "section",
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: "mrkdwn", text: cap(text || " ", SLACK_LIMITS.sectionText) },
  };
}

export function plainSection(text: string): SectionBlock {
  return { type: "section", text: plainText(text, SLACK_LIMITS.sectionText) };
}

/** Label/value pairs as section fields, ten per section (Slack's maximum). */
export function fieldSections(fields: { label: string; value: string }[]): SectionBlock[] {
  const out: SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
    out.push({
      type: "section",
      fields: fields.slice(i, i + SLACK_LIMITS.sectionFields).map((f) => ({
        type: "mrkdwn" as const,
        text: cap(`*${f.label}*\n${f.value || "—"}`, SLACK_LIMITS.fieldText),
      })),
    });
  }
  return out;
}

export function context(text: string): ContextBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: cap(text || " ", SLACK_LIMITS.contextText) }] };
}

export function button(actionId: string, label: string, value: string, style?: "primary" | "danger"): Button {
  return {
    type: "button",
    action_id: actionId,
    text: plainText(label, SLACK_LIMITS.buttonText),
    value: cap(value, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/**
 * Keeps a message within the block limit: if there are too many blocks, the tail is replaced by
 * a context line saying how many were left out, and a trailing action block is kept.
 * `notRendered` counts blocks the caller skipped without rendering (they are left out too).
 */
export function fitBlocks(
  blocks: KnownBlock[],
  limit: number = SLACK_LIMITS.messageBlocks,
  notRendered = 0,
): KnownBlock[] {
  if (blocks.length <= limit && notRendered === 0) return blocks;
  const actions =
    blocks.length > 0 && blocks[blocks.length - 1]!.type === "actions" ? [blocks[blocks.length - 1]!] : [];
  const body = blocks.slice(0, blocks.length - actions.length);
  const room = Math.min(body.length, limit - 1 - actions.length);
  const dropped = body.length - room + notRendered;
  return [...body.slice(0, room), context(`… ${dropped} more block(s) not shown`), ...actions];
}

/** All the text Slack counts in blocks (every text object, field, element and option), in UTF-16 units. */
export function blocksTextLength(blocks: unknown): number {
  let n = 0;
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) for (const y of x) visit(y);
    else if (x && typeof x === "object") {
      for (const [k, v] of Object.entries(x)) {
        if (k === "text" && typeof v === "string") n += v.length;
        else visit(v);
      }
    }
  };
  visit(blocks);
  return n;
}

/**
 * Keeps a message's blocks within the total text budget: blocks are kept in order while they fit;
 * the rest become one "… and N more" line, and a trailing action block is kept.
 */
export function fitTextBudget(blocks: KnownBlock[], budget: number = SLACK_LIMITS.messageText): KnownBlock[] {
  if (blocksTextLength(blocks) <= budget) return blocks;
  const last = blocks.at(-1);
  const actions = last?.type === "actions" ? [last] : [];
  const body = blocks.slice(0, blocks.length - actions.length);
  const room = budget - blocksTextLength(actions) - 80;
  const kept: KnownBlock[] = [];
  let used = 0;
  for (const b of body) {
    const n = blocksTextLength(b);
    if (used + n > room) break;
    kept.push(b);
    used += n;
  }
  return [...kept, context(`… and ${body.length - kept.length} more block(s) not shown`), ...actions];
}

/** The notification/fallback `text` (Slack parses it as mrkdwn, so outside text goes through md()). */
export function fallback(text: string): string {
  return cap(text, SLACK_LIMITS.fallbackText);
}

/** Slack renders this in each reader's own time zone; the fallback is shown where it cannot. */
export function slackDate(d: Date, format = "{date_short_pretty} at {time}"): string {
  return `<!date^${Math.floor(d.getTime() / 1000)}^${format}|${d.toISOString().replace(/\.\d{3}Z$/, "Z")}>`;
}
