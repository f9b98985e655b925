// `link team-x` typed in a channel by an admin: the channel receives team-x's case cards from now on.
import type { TurnContext } from "botbuilder";
import { OrgRepository } from "../../db/repositories/org.js";
import { closestSlug } from "../../services/queries.js";
import { baseConversationId, channelReferenceOf, conversationIdOf, conversationKind } from "../references.js";
import { actorOf, replyText, type TeamsHandlerDeps, unknownPersonText } from "./context.js";

export async function linkChannel(h: TeamsHandlerDeps, ctx: TurnContext, slug: string | null): Promise<void> {
  if (conversationKind(ctx.activity) !== "channel") {
    await replyText(ctx, "Type this in the team's channel, mentioning me: “@NPS Loop link team-slug”.");
    return;
  }
  const actor = await actorOf(h, ctx);
  if (!actor.person) return replyText(ctx, unknownPersonText(ctx));
  if (actor.person.role !== "admin" || !actor.person.active) {
    return replyText(
      ctx,
      "Only NPS Loop admins can link a channel to a team. Ask an admin to type “link team-slug” here.",
    );
  }
  const org = new OrgRepository(h.deps.db.client);
  const teams = await org.listTeams();
  if (!slug) {
    return replyText(
      ctx,
      `Which team? Type “link team-slug”. Teams: ${teams.map((t) => t.slug).join(", ") || "none yet"}.`,
    );
  }
  const team = teams.find((t) => t.slug === slug);
  if (!team) {
    const close = closestSlug(
      slug,
      teams.map((t) => t.slug),
    );
    return replyText(
      ctx,
      `There is no team “${slug}”.${close ? ` Did you mean “${close}”?` : ""} Teams: ${teams.map((t) => t.slug).join(", ") || "none yet (load an org file first)"}.`,
    );
  }
  const ref = channelReferenceOf(ctx.activity);
  const channelId = baseConversationId(ref.conversation?.id ?? "");
  // One channel shows one team's cards, as in Slack: a channel linked elsewhere moves here.
  const moved: string[] = [];
  for (const other of teams) {
    if (other.id !== team.id && conversationIdOf(other.teamsConversationRef) === channelId) {
      await org.setTeamsConversation(other.id, null);
      moved.push(other.slug);
    }
  }
  await org.setTeamsConversation(team.id, ref, true);
  h.deps.log.info({ team: team.slug, conversation: channelId, by: actor.label }, "Teams channel linked");
  await replyText(
    ctx,
    `This channel now gets the case cards of ${team.name} (${team.slug}).` +
      (moved.length ? ` It no longer gets ${moved.join(", ")}'s cards; link another channel for them.` : ""),
  );
}
