// Any MessageView (owner DMs, reminders, escalations, digests, thread replies, admin alerts) as an
// Adaptive Card. Buttons become Action.Execute with the action id as verb; actions that take a
// comment (marking coaching done) open an inline form first.
import { fitMessageBudget } from "../../core/messages/budget.js";
import type { MessageAction, MessageBlock, MessageView } from "../../core/views.js";
import {
  type AdaptiveCard,
  type CardElement,
  card,
  executeAction,
  factSet,
  literalBlock,
  md,
  mdRich,
  plain,
  showCardAction,
  TEAMS_CARD_BUDGET_BYTES,
  TEXT_MAX_CHARS,
  textBlock,
} from "./common.js";

/** Actions whose click should carry an optional comment, with the label of its box. */
export const ACTIONS_WITH_NOTES: Record<string, { label: string; placeholder: string }> = {
  coaching_done: { label: "How did it go? (optional)", placeholder: "What you talked about and agreed" },
};

/** Input id of the optional comment of such actions (unique per action in the card). */
export function notesInputId(action: MessageAction): string {
  return `notes_${action.id}_${action.value}`.replace(/[^A-Za-z0-9_]/g, "_");
}

export function buildMessageCard(view: MessageView): AdaptiveCard {
  // The same total text budget as every platform (core), then Teams' own payload limit.
  const message = fitMessageBudget(view);
  const mask = !message.personalContact && !message.answer;
  const body: CardElement[] = [];
  const actions: CardElement[] = [];
  let separateNext = false;
  const push = (el: CardElement) => {
    body.push(separateNext ? { ...el, separator: true } : el);
    separateNext = false;
  };
  for (const block of message.blocks) {
    if (block.type === "divider") {
      separateNext = body.length > 0;
      continue;
    }
    if (block.type === "actions") {
      // Card-level actions render as buttons at the bottom; mid-card ones keep their place.
      const rendered = block.actions.map(renderAction);
      if (block === message.blocks.at(-1)) actions.push(...rendered);
      else push({ type: "ActionSet", actions: rendered });
      continue;
    }
    push(renderBlock(block, mask));
  }
  if (!body.length) body.push(textBlock(md(message.text, { max: TEXT_MAX_CHARS, maskContacts: mask })));
  return fitCardBytes(card(body, actions, plain(message.text, { max: 300, maskContacts: mask })));
}

/** Size of a card as JSON in UTF-8 bytes, as it travels in the activity. */
export function cardBytes(c: AdaptiveCard): number {
  return new TextEncoder().encode(JSON.stringify(c)).length;
}

/**
 * Keeps a card under Teams' message limit: body elements are dropped from the end (the buttons
 * stay) and one line says how many were left out.
 */
export function fitCardBytes(c: AdaptiveCard, limit: number = TEAMS_CARD_BUDGET_BYTES): AdaptiveCard {
  if (cardBytes(c) <= limit) return c;
  const body = [...c.body];
  const note = (n: number) => textBlock(`… and ${n} more not shown`, { isSubtle: true, size: "Small" });
  let dropped = 0;
  while (body.length > 1 && cardBytes({ ...c, body: [...body, note(dropped)] }) > limit) {
    body.pop();
    dropped += 1;
  }
  return { ...c, body: dropped ? [...body, note(dropped)] : body };
}

function renderBlock(block: Exclude<MessageBlock, { type: "divider" | "actions" }>, mask: boolean): CardElement {
  const opts = { maskContacts: mask };
  switch (block.type) {
    case "header":
      return textBlock(md(block.text, { ...opts, max: 200 }), { size: "Large", weight: "Bolder" });
    case "text":
      return textBlock(mdRich(block.text, { ...opts, max: TEXT_MAX_CHARS }));
    case "fields":
      return factSet(
        block.fields.map((f) => ({
          title: f.label,
          value: mdRich([{ text: f.value, ...(f.link ? { link: f.link } : {}) }], { ...opts, max: 500 }),
        })),
      );
    case "quote": {
      const items: CardElement[] = [
        literalBlock(`“${plain(block.text, { ...opts, max: TEXT_MAX_CHARS })}”`, {}, { italic: true }),
      ];
      if (block.attribution)
        items.push(textBlock(`— ${md(block.attribution, opts)}`, { isSubtle: true, size: "Small" }));
      return { type: "Container", style: "emphasis", items };
    }
    case "context":
      return textBlock(mdRich(block.text, { ...opts, max: 1000 }), { isSubtle: true, size: "Small" });
    case "image":
      return {
        type: "Image",
        url: block.url,
        altText: plain(block.alt, { max: 1000, maskContacts: false }),
        size: "Stretch",
      };
  }
}

function renderAction(action: MessageAction): CardElement {
  const data = { actionId: action.id, value: action.value };
  const style = action.style === "primary" ? "positive" : action.style === "danger" ? "destructive" : undefined;
  const extra = style ? { style } : {};
  const label = plain(action.label, { max: 60, maskContacts: false });
  const withNotes = ACTIONS_WITH_NOTES[action.id];
  if (!withNotes) return executeAction(action.id, label, data, extra);
  const form = card(
    [
      {
        type: "Input.Text",
        id: notesInputId(action),
        label: withNotes.label,
        placeholder: withNotes.placeholder,
        isMultiline: true,
        maxLength: TEXT_MAX_CHARS,
      },
    ],
    [executeAction(action.id, label, { ...data, notesInput: notesInputId(action) }, extra)],
  );
  return showCardAction(label, form);
}
