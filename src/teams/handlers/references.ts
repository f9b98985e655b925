// Keeps stored conversation references fresh: a person's personal chat from any personal activity,
// and a team channel that Teams refused earlier from the next activity in that channel. What may
// be stored or replaced is the conversation service's rule (never re-pointed when unauthenticated).
import type { TurnContext } from "botbuilder";
import { baseConversationId, channelReferenceOf, conversationKind, referenceOf, tenantOf } from "../references.js";
import { aadIdOf, type TeamsHandlerDeps } from "./context.js";
import { isBotRemoval } from "./installation.js";

export async function refreshReferences(h: TeamsHandlerDeps, ctx: TurnContext): Promise<void> {
  const a = ctx.activity;
  if (isBotRemoval(a)) return;
  const source = { authenticated: h.rt.authenticated };
  h.rt.learn({ serviceUrl: a.serviceUrl, bot: a.recipient, tenantId: tenantOf(a) ?? undefined }, source);
  const kind = conversationKind(a);
  if (kind === "personal") {
    const aad = aadIdOf(ctx);
    if (!aad || a.from?.role === "bot") return;
    await h.rt.conversations.recordPersonalChat(aad, referenceOf(a), source);
    return;
  }
  if (kind === "channel") {
    const id = baseConversationId(a.conversation?.id ?? "");
    await h.rt.conversations.recordChannelActivity(id, channelReferenceOf(a), source);
  }
}
