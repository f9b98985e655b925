// Teams test doubles: a fake Bot Connector on 127.0.0.1 that records what the bot sends and serves
// an OpenID document + JWKS for signed requests; activity builders; and an app harness that wires
// registerTeams and the outbox deliverer the way src/app.ts does.

import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ServiceClientCredentialsFactory } from "botframework-connector";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { AppContext } from "../../src/app-context.js";
import { registerDeliverer } from "../../src/chat/deliverer/index.js";
import { createOutboxSignal } from "../../src/chat/outbox-signal.js";
import { loadConfig } from "../../src/config/env.js";
import { FakeClock } from "../../src/core/clock.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import type { CoreDeps } from "../../src/deps.js";
import { createHttpApp, finishHttpApp, listen } from "../../src/http/server.js";
import { silentLogger } from "../../src/log.js";
import { createMetrics } from "../../src/metrics.js";
import { createServices } from "../../src/services/index.js";
import { registerTeams, TEAMS_ENDPOINT } from "../../src/teams/index.js";
import type { TeamsRuntime } from "../../src/teams/runtime.js";

export const TENANT = "tenant-contoso";
export const APP_ID = "00000000-0000-0000-0000-00000000b0t1";
export const BOT = { id: `28:${APP_ID}`, name: "NPS Loop" };
export const CHANNEL_ID = "19:north-channel@thread.tacv2";
export const BOT_FRAMEWORK_ISSUER = "https://api.botframework.com";

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export interface ConnectorCall {
  method: string;
  path: string;
  /** "send" (new post), "reply" (to an activity), "update", "create" (conversation), "member". */
  op: "send" | "reply" | "update" | "create" | "member" | "other";
  conversationId: string | null;
  activityId: string | null;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

export interface Fault {
  status: number;
  code?: string;
  retryAfter?: string;
}

/** A Bot Connector that answers like Teams and records every call. */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Decide a fault per call; undefined = success. */
  fault: (call: ConnectorCall) => Fault | undefined = () => undefined;
  /** AAD ids of people who installed the app (createConversation succeeds only for them). */
  readonly installed = new Set<string>();
  private server!: http.Server;
  private seq = 0;
  private privateKey!: SigningKey;
  private jwk!: JWK;
  private readonly kid = `key-${randomUUID().slice(0, 8)}`;
  url = "";

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    this.privateKey = privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: this.kid, use: "sig", alg: "RS256" };
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => {
        raw += c;
      });
      req.on("end", () => this.handle(req, res, raw));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}openid/.well-known/openid-configuration`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A channel token as the Bot Connector signs it; override claims to forge bad ones. */
  async sign(claims: Record<string, unknown> = {}, opts: { key?: SigningKey; kid?: string } = {}): Promise<string> {
    return new SignJWT({ serviceurl: this.url, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: opts.kid ?? this.kid, typ: "JWT" })
      .setIssuer((claims.iss as string | undefined) ?? BOT_FRAMEWORK_ISSUER)
      .setAudience((claims.aud as string | undefined) ?? APP_ID)
      .setIssuedAt()
      .setNotBefore("-1m")
      .setExpirationTime((claims.exp as number | undefined) ?? "10m")
      .sign(opts.key ?? this.privateKey);
  }

  of(op: ConnectorCall["op"]): ConnectorCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** Adaptive Card content of a recorded call's activity. */
  static cardOf(call: ConnectorCall): Record<string, unknown> {
    const activity = (call.op === "create" ? call.body.activity : call.body) as {
      attachments?: { content: Record<string, unknown> }[];
    };
    const content = activity?.attachments?.[0]?.content;
    if (!content) throw new Error(`no card in ${call.op} ${call.path}`);
    return content;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", this.url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/openid/.well-known/openid-configuration") {
      return send(200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        jwks_uri: `${this.url}openid/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (url.pathname === "/openid/keys") return send(200, { keys: [{ ...this.jwk, endorsements: ["msteams"] }] });

    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    // v3/conversations[/{id}[/activities[/{activityId}] | /members/{userId}]]
    const conversationId = parts[2] ?? null;
    const activityId = parts[3] === "activities" ? (parts[4] ?? null) : null;
    let op: ConnectorCall["op"] = "other";
    if (req.method === "POST" && parts.length === 2) op = "create";
    else if (req.method === "POST" && parts[3] === "activities") op = activityId ? "reply" : "send";
    else if (req.method === "PUT" && activityId) op = "update";
    else if (req.method === "GET" && parts[3] === "members") op = "member";
    const call: ConnectorCall = {
      method: req.method ?? "",
      path: url.pathname,
      op,
      conversationId,
      activityId,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    const f = this.fault(call);
    if (f) {
      return send(
        f.status,
        { error: { code: f.code ?? "ServiceError", message: `fake connector says ${f.status}` } },
        f.retryAfter ? { "retry-after": f.retryAfter } : {},
      );
    }
    switch (op) {
      case "create": {
        const member = (call.body.members as { id: string }[] | undefined)?.[0]?.id ?? "";
        if (!this.installed.has(member)) {
          return send(403, { error: { code: "Forbidden", message: "The bot is not installed for this user" } });
        }
        return send(201, { id: `a:personal-${member}` });
      }
      case "send":
      case "reply":
        return send(201, { id: `act-${++this.seq}` });
      case "update":
        return send(200, { id: activityId });
      case "member":
        return send(200, { id: parts[4], name: "Member", aadObjectId: parts[4]?.replace(/^29:/, "") });
      default:
        return send(404, { error: { code: "NotFound", message: `no route ${req.method} ${url.pathname}` } });
    }
  }
}

/** Outbound credentials for authenticated tests: a fixed bearer token instead of an Azure AD login. */
export class StaticTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly appId: string) {
    super();
  }
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }
  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }
  async createCredentials() {
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(req: T): Promise<T> {
        req.headers.set("authorization", "Bearer outbound-test-token");
        return req;
      },
    } as never;
  }
}

export interface TeamsHarness {
  url: string;
  deps: CoreDeps & { clock: FakeClock };
  rt: TeamsRuntime;
  /** POSTs an activity to /api/messages; `token` sets the Authorization header. */
  post(activity: Record<string, unknown>, token?: string): Promise<{ status: number; body: unknown }>;
  /**
   * Waits until the outbox has nothing pending or sending. `advanceMs` moves the fake clock on each
   * round so that rows rescheduled after a failure come due.
   */
  drainOutbox(timeoutMs?: number, advanceMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTeamsHarness(
  db: Database,
  connector: FakeBotConnector,
  opts: { auth?: boolean; env?: Record<string, string>; now?: string; platforms?: ChatPlatform[] } = {},
): Promise<TeamsHarness> {
  // Without auth, Teams runs only when explicitly allowed (as the playground does); opts.env wins.
  const env: Record<string, string> = opts.auth
    ? {
        LOG_LEVEL: "silent",
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "test-secret",
        MICROSOFT_APP_TENANT_ID: TENANT,
        MICROSOFT_OPENID_METADATA_URL: connector.openIdMetadataUrl,
        ...opts.env,
      }
    : { LOG_LEVEL: "silent", TEAMS_ALLOW_UNAUTHENTICATED: "true", ...opts.env };
  const config = loadConfig(env);
  const clock = new FakeClock(opts.now ?? "2026-11-20T12:00:00Z");
  const metrics = createMetrics();
  const outbox = createOutboxSignal();
  const deps: CoreDeps & { clock: FakeClock } = {
    config,
    log: silentLogger,
    clock,
    db: db.ctx,
    metrics,
    platforms: opts.platforms ?? ["teams"],
    outboxKick: () => outbox.kick(),
  };
  const httpApp = createHttpApp({ log: silentLogger, metrics, ready: async () => true });
  const starters: (() => Promise<void> | void)[] = [];
  const stoppers: (() => Promise<void> | void)[] = [];
  const ctx: AppContext = {
    deps,
    services: createServices(deps),
    instanceId: "teams-test",
    outbox,
    http: httpApp,
    senders: new Map(),
    onStart: (fn) => starters.push(fn),
    onStop: (fn) => stoppers.push(fn),
  };
  const rt = registerTeams(ctx, opts.auth ? { credentialsFactory: new StaticTokenCredentialsFactory(APP_ID) } : {});
  if (!rt) throw new Error("Teams did not register");
  registerDeliverer(ctx, {
    owner: "test",
    pollIntervalMs: 50,
    retryBackoff: { baseMs: 20, capMs: 100 },
    permanentBackoff: { baseMs: 20, capMs: 100 },
  });
  finishHttpApp(httpApp, silentLogger);
  const server = await listen(httpApp, 0, "127.0.0.1");
  for (const fn of starters) await fn();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    deps,
    rt,
    async post(activity, token) {
      const res = await fetch(`${url}${TEAMS_ENDPOINT}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // plain text answer
      }
      return { status: res.status, body };
    },
    async drainOutbox(timeoutMs = 5000, advanceMs = 0) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const busy = await db.prisma.outboxDelivery.count({ where: { status: { in: ["pending", "sending"] } } });
        if (busy === 0) return;
        if (Date.now() > until) throw new Error(`outbox still has ${busy} rows after ${timeoutMs} ms`);
        if (advanceMs) clock.advance(advanceMs);
        deps.outboxKick();
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      for (const fn of stoppers.reverse()) await fn();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------- activity builders ----------

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

export function teamsUser(aadObjectId: string, name = "User"): TeamsUser {
  return { id: `29:${aadObjectId}`, aadObjectId, name };
}

function base(connector: FakeBotConnector, from: TeamsUser, conversation: Record<string, unknown>) {
  return {
    id: `in-${randomUUID().slice(0, 8)}`,
    channelId: "msteams",
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from,
    recipient: BOT,
    conversation: { tenantId: TENANT, ...conversation },
    channelData: { tenant: { id: TENANT } },
  };
}

export function personalConversation(user: TeamsUser) {
  return { id: `a:personal-${user.aadObjectId}`, conversationType: "personal", isGroup: false };
}

export function channelConversation(id = CHANNEL_ID, threadRoot?: string) {
  return {
    id: threadRoot ? `${id};messageid=${threadRoot}` : id,
    conversationType: "channel",
    isGroup: true,
    name: "North",
  };
}

export function personalMessage(connector: FakeBotConnector, user: TeamsUser, text: string) {
  return { ...base(connector, user, personalConversation(user)), type: "message", text };
}

/** A channel message that @mentions the bot, as Teams sends it. */
export function channelMention(connector: FakeBotConnector, user: TeamsUser, text: string, channelId = CHANNEL_ID) {
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base(connector, user, channelConversation(channelId, "1700000000000")),
    type: "message",
    text: `${mention} ${text}`,
    entities: [{ type: "mention", text: mention, mentioned: BOT }],
    channelData: { tenant: { id: TENANT }, teamsChannelId: channelId, team: { id: channelId, name: "North team" } },
  };
}

export function botAdded(connector: FakeBotConnector, user: TeamsUser, conversation: Record<string, unknown>) {
  return { ...base(connector, user, conversation), type: "conversationUpdate", membersAdded: [BOT] };
}

/** An Action.Execute click on a card posted as activity `replyToId`. */
export function cardAction(
  connector: FakeBotConnector,
  user: TeamsUser,
  verb: string,
  data: Record<string, unknown>,
  conversation: Record<string, unknown> = channelConversation(),
  replyToId = "act-1",
) {
  return {
    ...base(connector, user, conversation),
    type: "invoke",
    name: "adaptiveCard/action",
    replyToId,
    value: { action: { type: "Action.Execute", id: verb, verb, data: { ...data, verb } }, trigger: "manual" },
  };
}
