// Keeps stored conversation references fresh: a person's personal chat from any personal activity,
// and a team channel that Teams refused earlier from the next activity in that channel.
import type { TurnContext } from "botbuilder";
import { OrgRepository } from "../../db/repositories/org.js";
import {
  asReference,
  baseConversationId,
  channelReferenceOf,
  conversationIdOf,
  conversationKind,
  referenceOf,
  tenantOf,
} from "../references.js";
import { aadIdOf, type TeamsHandlerDeps } from "./context.js";
import { isBotRemoval } from "./installation.js";

export async function refreshReferences(h: TeamsHandlerDeps, ctx: TurnContext): Promise<void> {
  const a = ctx.activity;
  if (isBotRemoval(a)) return;
  h.rt.learn({ serviceUrl: a.serviceUrl, bot: a.recipient, tenantId: tenantOf(a) ?? undefined });
  const org = new OrgRepository(h.deps.db.client);
  const kind = conversationKind(a);
  if (kind === "personal") {
    const aad = aadIdOf(ctx);
    if (!aad || a.from?.role === "bot") return;
    const person = await org.personByTeamsUser(aad);
    if (!person) return;
    const fresh = referenceOf(a);
    const stored = asReference(person.teamsConversationRef);
    if (!stored || stored.conversation?.id !== fresh.conversation?.id || stored.serviceUrl !== fresh.serviceUrl) {
      await org.setPersonTeamsConversation(person.id, fresh);
    }
    return;
  }
  if (kind === "channel") {
    const id = baseConversationId(a.conversation?.id ?? "");
    for (const team of await org.listTeams()) {
      if (conversationIdOf(team.teamsConversationRef) !== id) continue;
      const stored = asReference(team.teamsConversationRef);
      if (!team.teamsConversationOk || stored?.serviceUrl !== a.serviceUrl) {
        await org.setTeamsConversation(team.id, channelReferenceOf(a), true);
        h.deps.log.info({ team: team.slug, conversation: id }, "Teams channel reference refreshed");
      }
    }
  }
}
