// The Teams bot: botbuilder's TeamsActivityHandler wired to NPS Loop's handlers. Every activity
// first refreshes the stored conversation references; errors become a short apology plus a log line.

import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  TeamsActivityHandler,
  type TurnContext,
} from "botbuilder";
import { asAppError, errorRef, failureMessage } from "../core/errors.js";
import { messageResponse, onCaseAction } from "./handlers/actions.js";
import type { TeamsHandlerDeps } from "./handlers/context.js";
import { cleanActivityInput } from "./handlers/input.js";
import { isBotRemoval, onBotAdded, onBotRemoved } from "./handlers/installation.js";
import { type MessageRoutes, onMessage } from "./handlers/messages.js";
import { refreshReferences } from "./handlers/references.js";

/** Verbs of Action.Execute buttons outside case cards (MessageView actions), by action id. */
export type ExtraVerbHandler = (ctx: TurnContext, data: Record<string, unknown>) => Promise<AdaptiveCardInvokeResponse>;

export class NpsTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly h: TeamsHandlerDeps,
    routes: MessageRoutes,
    private readonly extraVerbs: Record<string, ExtraVerbHandler> = {},
  ) {
    super();
    this.onTurn(async (ctx, next) => {
      // Text the database cannot store (NUL, lone surrogates) becomes U+FFFD before anyone reads it.
      cleanActivityInput(ctx.activity);
      try {
        await refreshReferences(h, ctx);
      } catch (err) {
        // A failed refresh must not cost the user their answer.
        h.deps.log.warn({ err }, "could not refresh Teams conversation references");
      }
      await next();
    });
    this.onMessage(async (ctx, next) => {
      await onMessage(h, routes, ctx);
      await next();
    });
    this.onInstallationUpdate(async (ctx, next) => {
      if (isBotRemoval(ctx.activity)) await onBotRemoved(h, ctx);
      await next();
    });
    this.onMembersRemoved(async (ctx, next) => {
      if (isBotRemoval(ctx.activity)) await onBotRemoved(h, ctx);
      await next();
    });
    this.onMembersAdded(async (ctx, next) => {
      const botId = ctx.activity.recipient?.id;
      if (ctx.activity.membersAdded?.some((m) => m.id === botId)) await onBotAdded(h, ctx);
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    ctx: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = value.action?.verb ?? "";
    const data = (value.action?.data ?? {}) as Record<string, unknown>;
    try {
      const extra = this.extraVerbs[verb];
      if (extra) return await extra(ctx, data);
      return await onCaseAction(this.h, ctx, verb, data);
    } catch (err) {
      const ref = errorRef();
      const e = asAppError(err);
      this.h.deps.log.error({ err, ref, code: e.code, verb }, "Teams card action failed");
      return messageResponse(failureMessage(e, ref));
    }
  }
}
