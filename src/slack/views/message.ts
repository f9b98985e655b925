// Renders a platform-neutral MessageView (DMs, thread replies, digests, reminders) as Block Kit.
// MessageView text is raw: everything goes through the sanitiser here.
import { fitMessageBudget } from "../../core/messages/budget.js";
import type { MessageBlock, MessageView } from "../../core/views.js";
import {
  type ActionsBlock,
  button,
  context,
  fallback,
  fieldSections,
  fitBlocks,
  fitTextBudget,
  header,
  type KnownBlock,
  md,
  mdRich,
  mrkdwnSection,
  plain,
  SLACK_LIMITS,
  type SlackMessage,
} from "./blocks.js";

export interface RenderMessageOptions {
  /**
   * Contact details stay unmasked only in a direct message whose view says it is personal
   * (`personalContact`, the case owner's DM); channel posts and threads are always masked.
   */
  audience: "channel" | "direct";
  /** Block limit of the surface (50 for messages, 100 for App Home and modals). */
  maxBlocks?: number;
}

export function renderMessage(message: MessageView, opts: RenderMessageOptions): SlackMessage {
  // The core budget summarises the message's own tail; the rendered text is checked again below.
  const view = fitMessageBudget(message);
  const mask = !(view.personalContact === true && opts.audience === "direct");
  const limit = opts.maxBlocks ?? SLACK_LIMITS.messageBlocks;
  const blocks: KnownBlock[] = [];
  let skipped = 0;
  view.blocks.forEach((b, i) => {
    // Blocks past the limit are not shown, so they are not sanitised either (40,000-character
    // quotes cost ~0.1 s each); a trailing action block is always kept.
    const trailingActions = i === view.blocks.length - 1 && b.type === "actions";
    if (blocks.length >= limit && !trailingActions) skipped += 1;
    else blocks.push(...renderBlock(b, mask));
  });
  if (blocks.length === 0) blocks.push(mrkdwnSection(md(view.text, SLACK_LIMITS.sectionText, mask)));
  return {
    blocks: fitTextBudget(fitBlocks(blocks, limit, skipped)),
    text: fallback(md(view.text, SLACK_LIMITS.fallbackText, mask)),
  };
}

function renderBlock(b: MessageBlock, mask: boolean): KnownBlock[] {
  switch (b.type) {
    case "header":
      return [header(plain(b.text, SLACK_LIMITS.headerText, mask))];
    case "text":
      return [mrkdwnSection(mdRich(b.text, SLACK_LIMITS.sectionText, mask))];
    case "fields":
      return fieldSections(
        b.fields.map((f) => ({
          label: md(f.label, 200, false),
          value: mdRich([{ text: f.value, ...(f.link ? { link: f.link } : {}) }], SLACK_LIMITS.fieldText - 220, mask),
        })),
      );
    case "quote": {
      // Each line quoted, so a multi-line comment stays inside the quote.
      const body = md(b.text, SLACK_LIMITS.sectionText - 300, mask)
        .split("\n")
        .map((l) => `>${l}`)
        .join("\n");
      const by = b.attribution ? `\n— ${md(b.attribution, 200, false)}` : "";
      return [mrkdwnSection(body + by)];
    }
    case "context":
      return [context(mdRich(b.text, SLACK_LIMITS.contextText, mask))];
    case "divider":
      return [{ type: "divider" }];
    case "image":
      // Slack fetches the picture itself, so only a link shows; a data URI (Teams') is left out.
      if (!/^https?:\/\//.test(b.url)) return [];
      return [
        {
          type: "image",
          image_url: b.url,
          alt_text: plain(b.alt, 2000, false),
          ...(b.title ? { title: { type: "plain_text", text: plain(b.title, 2000, false) } } : {}),
        },
      ];
    case "actions": {
      if (b.actions.length === 0) return [];
      // Slack rejects two elements with one action_id in a block: repeats get a ":n" suffix,
      // which the listeners' patterns accept (see actionIdPattern).
      const seen = new Map<string, number>();
      const block: ActionsBlock = {
        type: "actions",
        elements: b.actions.slice(0, SLACK_LIMITS.actionElements).map((a) => {
          const n = seen.get(a.id) ?? 0;
          seen.set(a.id, n + 1);
          const id = n === 0 ? a.id : `${a.id}:${n}`;
          return button(id, plain(a.label, SLACK_LIMITS.buttonText, false), a.value, a.style);
        }),
      };
      return [block];
    }
  }
}

/** Matches an action id as rendered here, with or without the ":n" suffix of repeats. */
export function actionIdPattern(id: string): RegExp {
  return new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?::\\d+)?$`);
}
