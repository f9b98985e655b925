// What the Teams pieces share: the adapter, the bot's app id, and what inbound activities taught us
// about where Teams lives (service URL, the bot's account, the tenant) for proactive messages.
import type { ChannelAccount, CloudAdapter, TurnContext } from "botbuilder";
import type { ConnectorClient } from "botframework-connector";
import type { Config } from "../config/env.js";
import { OrgRepository } from "../db/repositories/org.js";
import type { CoreDeps } from "../deps.js";
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

  constructor(
    readonly adapter: CloudAdapter,
    readonly deps: CoreDeps,
  ) {}

  get config(): Config {
    return this.deps.config;
  }

  /** Empty when unauthenticated (local use); botbuilder then sends without tokens. */
  get appId(): string {
    return this.config.MICROSOFT_APP_ID ?? "";
  }

  learn(hints: TeamsHints): void {
    if (hints.serviceUrl) this.hints.serviceUrl = hints.serviceUrl;
    if (hints.bot?.id) this.hints.bot = { id: hints.bot.id, name: hints.bot.name };
    if (hints.tenantId) this.hints.tenantId = hints.tenantId;
  }

  /** Where and as whom to open a personal chat, from memory, stored references, then defaults. */
  async proactiveTarget(): Promise<{ serviceUrl: string; bot: ChannelAccount; tenantId: string | null }> {
    if (!this.hints.serviceUrl || !this.hints.bot) {
      const ref = await this.anyStoredReference();
      if (ref) {
        this.learn({
          serviceUrl: this.hints.serviceUrl ?? ref.serviceUrl,
          bot: this.hints.bot ?? ref.bot,
          tenantId: this.hints.tenantId ?? ref.conversation?.tenantId,
        });
      }
    }
    return {
      serviceUrl: this.hints.serviceUrl ?? DEFAULT_TEAMS_SERVICE_URL,
      bot: this.hints.bot ?? { id: `28:${this.appId}`, name: "NPS Loop" },
      tenantId: this.config.MICROSOFT_APP_TENANT_ID ?? this.hints.tenantId ?? null,
    };
  }

  private async anyStoredReference(): Promise<StoredReference | null> {
    const org = new OrgRepository(this.deps.db.client);
    for (const t of await org.listTeams()) {
      const ref = asReference(t.teamsConversationRef);
      if (ref) return ref;
    }
    for (const p of await org.listPeople({ active: true })) {
      const ref = asReference(p.teamsConversationRef);
      if (ref) return ref;
    }
    return null;
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
