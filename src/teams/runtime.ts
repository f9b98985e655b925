// What the Teams pieces share: the adapter, the bot's app id, and what inbound activities taught us
// about where Teams lives (service URL, the bot's account, the tenant) for proactive messages.
import type { ChannelAccount, CloudAdapter, TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Config } from "../config/env.js";
import type { CoreDeps } from "../deps.js";
import { type ConversationService, createConversationService } from "../services/conversations.js";
import { asReference, type StoredReference } from "./references.js";

/** Teams' global service URL: used only when no activity or stored reference named one yet. */
export const DEFAULT_TEAMS_SERVICE_URL = "https://smba.trafficmanager.net/teams/";

export interface TeamsHints {
  serviceUrl?: string;
  bot?: ChannelAccount;
  tenantId?: string;
}

export class TeamsRuntime {
  readonly hints: TeamsHints = {};
  readonly conversations: ConversationService;

  constructor(
    readonly adapter: CloudAdapter,
    readonly deps: CoreDeps,
  ) {
    this.conversations = createConversationService(deps);
  }

  get config(): Config {
    return this.deps.config;
  }

  /** Whether inbound activities carry checked Bot Framework tokens (an app id is configured). */
  get authenticated(): boolean {
    return this.config.teamsAuthenticated;
  }

  /** Empty when unauthenticated (local use); botbuilder then sends without tokens. */
  get appId(): string {
    return this.config.MICROSOFT_APP_ID ?? "";
  }

  /**
   * Remembers where Teams lives from an activity. Unauthenticated activities (local use) only fill
   * what is still unknown: a later one cannot re-point where new personal chats are opened.
   */
  learn(hints: TeamsHints, source: { authenticated: boolean }): void {
    const may = (known: unknown) => source.authenticated || known === undefined;
    if (hints.serviceUrl && may(this.hints.serviceUrl)) this.hints.serviceUrl = hints.serviceUrl;
    if (hints.bot?.id && may(this.hints.bot)) this.hints.bot = { id: hints.bot.id, name: hints.bot.name };
    if (hints.tenantId && may(this.hints.tenantId)) this.hints.tenantId = hints.tenantId;
  }

  /** Where and as whom to open a personal chat, from memory, stored references, then defaults. */
  async proactiveTarget(): Promise<{ serviceUrl: string; bot: ChannelAccount; tenantId: string | null }> {
    if (!this.hints.serviceUrl || !this.hints.bot) {
      // Stored references were written under the same rules, so they only fill the gaps.
      const ref = asReference(await this.conversations.anyReference());
      if (ref) {
        this.learn(
          { serviceUrl: ref.serviceUrl, bot: ref.bot, tenantId: ref.conversation?.tenantId },
          { authenticated: false },
        );
      }
    }
    return {
      serviceUrl: this.hints.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL,
      bot: this.hints.bot ?? { id: `28:${this.appId}`, name: "NPS Loop" },
      tenantId: this.config.MICROSOFT_APP_TENANT_ID ?? this.hints.tenantId ?? null,
    };
  }

  /**
   * Runs `fn` with a connector client for a stored conversation. Errors come back to the caller
   * (the adapter's turn-error handler would otherwise swallow them).
   */
  async withConnector<T>(
    ref: StoredReference,
    fn: (client: ConnectorClient, ctx: TurnContext) => Promise<T>,
  ): Promise<T> {
    let result: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, ref, async (ctx) => {
      try {
        result = { ok: true, value: await fn(connectorOf(ctx), ctx) };
      } catch (error) {
        result = { ok: false, error };
      }
    });
    if (!result) throw new Error("Teams: the proactive turn did not run");
    if (!result.ok) throw result.error;
    return result.value;
  }
}

export function connectorOf(ctx: TurnContext): ConnectorClient {
  const client = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as ConnectorClient | undefined;
  if (!client) throw new Error("Teams: no connector client on this turn");
  return client;
}
