// Text messages to the bot (personal chat, or @mentions in channels and group chats): parsed into a
// command and routed; anything else gets the help card.
import { type ChannelAccount, TurnContext } from "botbuilder";
import { invalidCommandText } from "../../core/chat-command.js";
import { type Locale, t } from "../../core/i18n/index.js";
import { parseTeamsCommand } from "../commands.js";
import {
  actorOf,
  readerLocaleOf,
  replyMessage,
  replyText,
  type TeamsHandlerDeps,
  unknownPersonText,
} from "./context.js";
import { answerCoachingEffect, answerImpact } from "./impact.js";
import { helpMessage } from "./installation.js";
import { linkChannel } from "./link.js";
import { answerNps } from "./queries.js";
import { answerRetention } from "./retention.js";

/** Extra commands plugged in by other handler modules (coaching), keyed by command kind. */
export interface MessageRoutes {
  coach(ctx: TurnContext, who: string | null, topic: string | null, mentions: MentionMap): Promise<void>;
  reminders(ctx: TurnContext, enabled: boolean | null): Promise<void>;
}

/** Other people @mentioned in a command, by the one-word token that replaced them in the text. */
export type MentionMap = Map<string, ChannelAccount>;

/**
 * The command as typed: the bot's own mention removed, other mentions ("<at>Dee Technician</at>")
 * replaced by one-word tokens (@mention1) so that a name with spaces stays one argument.
 */
export function commandText(ctx: TurnContext): { text: string; mentions: MentionMap } {
  let text = TurnContext.removeRecipientMention(ctx.activity) ?? ctx.activity.text ?? "";
  const mentions: MentionMap = new Map();
  const botId = ctx.activity.recipient?.id;
  for (const m of TurnContext.getMentions(ctx.activity)) {
    if (!m.mentioned || m.mentioned.id === botId || !m.text) continue;
    const token = `@mention${mentions.size + 1}`;
    if (!text.includes(m.text)) continue;
    text = text.replace(m.text, token);
    mentions.set(token, m.mentioned);
  }
  return { text: text.replace(/<\/?at[^>]*>/gi, "").trim(), mentions };
}

export async function onMessage(h: TeamsHandlerDeps, routes: MessageRoutes, ctx: TurnContext): Promise<void> {
  if (!ctx.activity.text && ctx.activity.value) return; // an old-style card submit: nothing to answer
  const { text, mentions } = commandText(ctx);
  const cmd = parseTeamsCommand(text);
  switch (cmd.kind) {
    case "help":
      return replyMessage(ctx, helpMessage(undefined, await askerLocale(h, ctx)));
    case "report":
      return answerNps(h, ctx, cmd.target, cmd.period);
    case "impact":
      return answerImpact(h, ctx, cmd.area, cmd.window);
    case "coaching":
      return answerCoachingEffect(h, ctx, cmd.target);
    case "link":
      return linkChannel(h, ctx, cmd.slug);
    case "coach":
      return routes.coach(ctx, cmd.who, cmd.topic, mentions);
    case "reminders":
      return routes.reminders(ctx, cmd.enabled);
    case "retention":
      return answerRetention(h, ctx, cmd.request);
    case "language":
      return chooseLanguage(h, ctx, cmd.tag);
    case "invalid":
      return replyText(ctx, invalidCommandText(cmd, await askerLocale(h, ctx)));
    case "unknown": {
      const L = await askerLocale(h, ctx);
      return replyMessage(ctx, helpMessage(t(L, "command.notUnderstood", { text: cmd.text.slice(0, 200) }), L));
    }
  }
}

/** `language es`: shows or sets the language the bot speaks to this person in. */
async function chooseLanguage(h: TeamsHandlerDeps, ctx: TurnContext, tag: string | null): Promise<void> {
  const { person } = await actorOf(h, ctx);
  if (!person?.active) return replyText(ctx, unknownPersonText(ctx));
  return replyText(ctx, await h.services.language.choose(person, tag, "language"));
}

/** The asker's language (their own, Teams', their team's, company's, the default). */
async function askerLocale(h: TeamsHandlerDeps, ctx: TurnContext): Promise<Locale> {
  const { person } = await actorOf(h, ctx);
  return readerLocaleOf(h, ctx, person);
}
