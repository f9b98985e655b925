// The total text budget of one message, below the platforms so that every converter keeps to it.
// Slack answers `msg_blocks_too_long` once the text of a message's blocks passes roughly 12,000 to
// 13,000 characters (undocumented; measured by Bolt users in slackapi/bolt-js#2509), and the product
// treats that error as permanent. Slack counts UTF-16 code units, so an emoji counts two.
import type { MessageBlock, MessageView } from "../views.js";
import { richTextString } from "../views.js";

/**
 * Budget for the raw text of a message's blocks, in UTF-16 code units. It leaves room under
 * Slack's observed ~12,000 for what the converters add (escapes such as &amp;, quote markers,
 * field labels in bold, "and N more" lines); the converters check the rendered text again.
 */
export const MESSAGE_TEXT_BUDGET = 10_000;

/** Length as Slack may count it: UTF-16 code units, not code points (3,000 emoji are 6,000). */
export function utf16Length(s: string): number {
  return s.length;
}

/** The raw text one block carries, in UTF-16 code units. */
export function blockTextLength(b: MessageBlock): number {
  switch (b.type) {
    case "header":
      return utf16Length(b.text);
    case "text":
    case "context":
      return utf16Length(richTextString(b.text));
    case "fields":
      return b.fields.reduce((n, f) => n + utf16Length(f.label) + utf16Length(f.value) + 4, 0);
    case "quote":
      return utf16Length(b.text) + utf16Length(b.attribution ?? "") + 4;
    case "divider":
      return 0;
    case "image":
      return utf16Length(b.alt) + utf16Length(b.title ?? "");
    case "actions":
      return b.actions.reduce((n, a) => n + utf16Length(a.label), 0);
  }
}

export function messageTextLength(view: MessageView): number {
  return view.blocks.reduce((n, b) => n + blockTextLength(b), 0);
}

/** Cuts one string to a UTF-16 budget without splitting a surrogate pair, with an ellipsis. */
export function capUtf16(s: string, max: number): string {
  if (utf16Length(s) <= max) return s;
  let out = "";
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Keeps a message within the budget by summarising its tail: blocks are kept in order while they
 * fit, the rest is replaced by one "and N more" line (with `moreHint` saying where to see them), and
 * a trailing actions block is kept. A single block bigger than the whole budget is cut instead.
 */
export function fitMessageBudget(
  view: MessageView,
  budget: number = MESSAGE_TEXT_BUDGET,
  moreHint = "ask NPS Loop for the full details",
): MessageView {
  if (messageTextLength(view) <= budget) return view;
  const last = view.blocks.at(-1);
  const actions = last?.type === "actions" ? [last] : [];
  const body = view.blocks.slice(0, view.blocks.length - actions.length);
  const room = budget - actions.reduce((n, b) => n + blockTextLength(b), 0) - 120 - utf16Length(moreHint);
  const kept: MessageBlock[] = [];
  let used = 0;
  for (const b of body) {
    const n = blockTextLength(b);
    if (used + n > room) {
      // The first block that does not fit is cut when nothing was kept yet (one huge text).
      if (kept.length === 0 && (b.type === "text" || b.type === "context" || b.type === "quote")) {
        const text = capUtf16(b.type === "quote" ? b.text : richTextString(b.text), Math.max(0, room - used - 8));
        kept.push({ ...b, text });
        used = room;
      }
      break;
    }
    kept.push(b);
    used += n;
  }
  const hidden = body.length - kept.length;
  const tail: MessageBlock[] =
    hidden > 0 ? [{ type: "context", text: `… and ${hidden} more not shown here: ${moreHint}.` }] : [];
  return { ...view, blocks: [...kept, ...tail, ...actions] };
}
