// `link team-x` typed in a channel by an admin: the channel service links it (the same rule and
// answer as Slack's /nps link); this reads the channel's reference and renders the answer.
import type { TurnContext } from "botbuilder";
import { t } from "../../core/i18n/index.js";
import { linkText } from "../../core/messages/access.js";
import { TEAMS_STYLE } from "../answer-style.js";
import { baseConversationId, channelReferenceOf, conversationKind } from "../references.js";
import { actorOf, readerLocaleOf, replyText, type TeamsHandlerDeps, unknownPersonText } from "./context.js";

export async function linkChannel(h: TeamsHandlerDeps, ctx: TurnContext, slug: string | null): Promise<void> {
  const actor = await actorOf(h, ctx);
  const locale = await readerLocaleOf(h, ctx, actor.person);
  if (conversationKind(ctx.activity) !== "channel") {
    await replyText(ctx, t(locale, "teams.linkNotInChannel"));
    return;
  }
  if (!actor.person) return replyText(ctx, unknownPersonText(ctx, locale));
  const reference = channelReferenceOf(ctx.activity);
  const result = await h.services.channels.linkChannel(actor.person, slug, {
    platform: "teams",
    channelId: baseConversationId(reference.conversation?.id ?? ""),
    reference,
  });
  await replyText(ctx, linkText(result, TEAMS_STYLE, locale));
}
