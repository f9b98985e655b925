// The bot added to a personal chat, a team or a group chat: store what can be stored and say hello
// with what to do next (people are mapped by their AAD object id; channels are linked by an admin).

import type { TurnContext } from "botbuilder";
import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import type { TeamRecord } from "../../core/types.js";
import type { MessageView } from "../../core/views.js";
import { baseConversationId, conversationKind, referenceOf } from "../references.js";
import { aadIdOf, readerLocaleOf, replyMessage, type TeamsHandlerDeps, unknownPersonText } from "./context.js";

/** The commands, in the reader's language (words in the catalogues under teamsHelp.*). */
export function helpMessage(intro?: string, locale: Locale = SOURCE_LOCALE): MessageView {
  const L = locale;
  return {
    text: t(L, "teamsHelp.text"),
    blocks: [
      { type: "header", text: "NPS Loop" },
      { type: "text", text: intro ?? t(L, "teamsHelp.intro") },
      {
        type: "fields",
        fields: [
          { label: "nps team-x 30d", value: t(L, "teamsHelp.team") },
          { label: "nps company-y", value: t(L, "teamsHelp.company") },
          { label: "nps me", value: t(L, "teamsHelp.me") },
          { label: t(L, "teamsHelp.retention.label"), value: t(L, "teamsHelp.retention") },
          { label: "coach <person> <topic>", value: t(L, "teamsHelp.coach") },
          { label: t(L, "teamsHelp.impact.label"), value: t(L, "teamsHelp.impact") },
          { label: "nps coaching [team|company]", value: t(L, "teamsHelp.coaching") },
          { label: "reminders off / on", value: t(L, "teamsHelp.reminders") },
          { label: "language es", value: t(L, "teamsHelp.language") },
          { label: "link team-x", value: t(L, "teamsHelp.link") },
        ],
      },
      { type: "context", text: t(L, "teamsHelp.periods") },
    ],
  };
}

export async function onBotAdded(h: TeamsHandlerDeps, ctx: TurnContext): Promise<void> {
  const kind = conversationKind(ctx.activity);
  if (kind === "personal") {
    const aad = aadIdOf(ctx);
    const { person } = aad
      ? await h.rt.conversations.recordPersonalChat(aad, referenceOf(ctx.activity), {
          authenticated: h.rt.authenticated,
        })
      : { person: null };
    const L = await readerLocaleOf(h, ctx, person);
    const intro = person ? t(L, "teams.welcome.personal", { name: person.name }) : unknownPersonText(ctx, L);
    await replyMessage(ctx, helpMessage(intro, L));
    return;
  }
  if (kind === "channel") {
    const linked = await h.rt.conversations.teamsOfChannel(baseConversationId(ctx.activity.conversation?.id ?? ""));
    // A linked channel speaks its team's language; an unlinked one the adder's.
    const L = linked[0] ? await h.services.language.localeOfTeam(linked[0].slug) : await readerLocaleOf(h, ctx, null);
    await replyMessage(ctx, helpMessage(channelWelcome(linked, L), L));
    return;
  }
  const L = await readerLocaleOf(h, ctx, null);
  await replyMessage(ctx, helpMessage(t(L, "teams.welcome.groupChat"), L));
}

/**
 * The app removed from a team or a personal chat: stop writing there at once (the deliverer then
 * reports the team as unreachable) rather than wait for Teams to refuse a message.
 */
export async function onBotRemoved(h: TeamsHandlerDeps, ctx: TurnContext): Promise<void> {
  if (conversationKind(ctx.activity) === "personal") {
    const aad = aadIdOf(ctx);
    if (aad) await h.rt.conversations.forgetPersonalChat(aad);
    return;
  }
  await h.rt.conversations.markChannelInactive(
    baseConversationId(ctx.activity.conversation?.id ?? ""),
    "NPS Loop was removed from the team's channel in Teams",
  );
}

/** The welcome in a channel: which team it already serves, or how an admin links it. */
export function channelWelcome(linked: Pick<TeamRecord, "name" | "slug">[], locale: Locale = SOURCE_LOCALE): string {
  if (linked.length === 0) return t(locale, "teams.welcome.channelUnlinked");
  const names = linked.map((team) => `${team.name} (${team.slug})`).join(t(locale, "list.separator"));
  return t(locale, "teams.welcome.channelLinked", { names });
}

/** True for the activities that tell the bot it was uninstalled or removed. */
export function isBotRemoval(activity: TurnContext["activity"]): boolean {
  if (activity.type === "installationUpdate") return String(activity.action ?? "").startsWith("remove");
  if (activity.type === "conversationUpdate") {
    return (activity.membersRemoved ?? []).some((m) => m.id === activity.recipient?.id);
  }
  return false;
}
