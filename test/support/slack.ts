// The one fake Slack for tests and benchmarks: a local Web API (and response_url) on 127.0.0.1 that
// records every call, keeps the messages it posted (with their metadata, served back by
// conversations.history / conversations.replies for delivery lookups), checks Block Kit limits like
// Slack does, can pace posts per channel like Slack (a token bucket: 429 + Retry-After beyond it),
// answer late, withhold scopes, and inject faults per call. The payload builders and request signing
// that drive the real Bolt app are re-exported from ./slack-payloads.ts, so one import serves a test.
//
// Faults are decided before a request is processed: a 5xx, a 429 or a hang means Slack posted
// nothing. `{ lost: true }` is the other case: Slack posts, then the answer never comes (a timeout
// or a reset after processing); only a history lookup by the message's metadata can tell.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { checkMessage, checkView } from "./slack-limits.js";
import { BOT_USER } from "./slack-payloads.js";
import { createFakeUploads, type FakeUpload } from "./slack-uploads.js";
import { type FakeSlackStats, HISTORY_SCOPE, imChannelOf, parseArgs, safeJson } from "./slack-wire.js";

export { type FakeSlackStats, imChannelOf };

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
  /** performance.now() when the call arrived (same-process benchmarks). */
  hr: number;
  /** What the fake answered (set once answered). */
  response?: Record<string, unknown>;
}

/** A message the fake posted (top-level, thread reply or DM; a DM is kept under the user id). */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  threadTs: string | null;
  blocks: unknown[];
  /** performance.now() when it was posted. */
  at: number;
  /** Date.now() when it was posted (what conversations.history's `oldest` compares). */
  postedAt: number;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | null;
}

export type FakeFault =
  | { status: 429; retryAfter?: number }
  | { status: number; body?: string }
  | { error: string }
  | { delayMs: number; then?: FakeFault }
  /** No answer: the connection is dropped after `dropAfterMs` (default: only when the fake closes). */
  | { hang: true; dropAfterMs?: number }
  /** chat.postMessage is processed (the message posted), then never answered (other methods: a hang). */
  | { lost: true; dropAfterMs?: number };

export interface FakeSlackOptions {
  /** Checks payloads against Block Kit limits and answers invalid_blocks/msg_too_long (default true). */
  validate?: boolean;
  /** Decide a fault per call (`n`: API calls before this one); undefined or null = answer normally. */
  fault?: (call: FakeSlackCall, n: number) => FakeFault | undefined | null;
  /** Slack's posting rate per channel (about 1/s, short bursts): chat.postMessage beyond it gets 429. */
  perChannel?: { perSecond: number; burst: number };
  /** chat.postMessage is posted at once and answered this much later (a slow Slack). */
  latencyMs?: number;
  /** Scopes the app was not granted: the methods needing them answer missing_scope. */
  withheldScopes?: string[];
  /** chat.update answers message_not_found for a ts this fake never posted (default: any ts is fine). */
  strictUpdates?: boolean;
  /** What apps.connections.open answers (Socket Mode tests point it at a local WebSocket server). */
  socketModeUrl?: string;
  /** Told of each call once it is answered (benchmarks stream calls to another thread). */
  onCall?: (call: FakeSlackCall) => void;
}

export interface FakeSlack {
  /** Base URL for SLACK_API_URL (ends with /api/). */
  apiUrl: string;
  /** A response_url that records POSTs as method "response_url" with args.id. */
  responseUrl(id?: string): string;
  calls: FakeSlackCall[];
  callsTo(method: string): FakeSlackCall[];
  /** Files received through upload v2, by file id (bytes null until POSTed). */
  uploads: ReadonlyMap<string, FakeUpload>;
  /** Every message posted, in order. */
  posts: FakeSlackMessage[];
  /** Every accepted chat.update. */
  updates: { channel: string; ts: string; text: string; at: number }[];
  /** Posts per channel (top-level and thread replies alike), for pacing and double counts. */
  byChannel(): Map<string, FakeSlackMessage[]>;
  readonly stats: FakeSlackStats;
  /** Waits until a predicate over the recorded calls holds (or throws after timeoutMs). */
  waitFor<T>(pick: (calls: FakeSlackCall[]) => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** Faults for the next calls of a method, in order (before `options.fault`). */
  failNext(method: string, ...faults: FakeFault[]): void;
  /** A permanent error for every post to a channel (e.g. "is_archived"). */
  channelError(channel: string, error: string | null): void;
  /** The locale users.info reports for a user (e.g. "es-ES"). */
  userLocales: Map<string, string>;
  /** Forgets calls, messages, faults, pacing and counters. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const posts: FakeSlackMessage[] = [];
  const updates: FakeSlack["updates"] = [];
  const stats: FakeSlackStats = emptyStats();
  const queued = new Map<string, FakeFault[]>();
  const channelErrors = new Map<string, string>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const hung = new Set<http.ServerResponse>();
  let tsCounter = 0;
  let viewCounter = 0;
  const files = createFakeUploads(calls);
  const userLocales = new Map<string, string>();
  let base = "";

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (!files.receive(req, res, body)) void handle(req, res, body.toString("utf8"));
    });
  });
  server.keepAliveTimeout = 60_000;

  const nextTs = () => {
    tsCounter += 1;
    return `1700000000.${String(tsCounter).padStart(6, "0")}`;
  };

  /** Token bucket per channel: 0 when a post may go now, else whole seconds until it may. */
  function take(channel: string): number {
    if (!opts.perChannel) return 0;
    const { perSecond, burst } = opts.perChannel;
    const now = performance.now();
    const b = buckets.get(channel) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }

  function store(channel: string, args: Record<string, unknown>): string {
    const ts = nextTs();
    posts.push({
      channel,
      ts,
      text: String(args.text ?? ""),
      threadTs: args.thread_ts ? String(args.thread_ts) : null,
      blocks: Array.isArray(args.blocks) ? args.blocks : [],
      at: performance.now(),
      postedAt: Date.now(),
      metadata: (args.metadata as FakeSlackMessage["metadata"]) ?? null,
    });
    return ts;
  }

  function hang(res: http.ServerResponse, dropAfterMs: number | undefined) {
    hung.add(res);
    if (dropAfterMs === undefined) return;
    setTimeout(() => {
      hung.delete(res);
      res.destroy();
    }, dropAfterMs).unref();
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname.startsWith("/respond/")) {
      const id = decodeURIComponent(url.pathname.slice("/respond/".length));
      const call: FakeSlackCall = {
        method: "response_url",
        args: { id, ...safeJson(raw) },
        token: null,
        at: Date.now(),
        hr: performance.now(),
      };
      calls.push(call);
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      opts.onCall?.(call);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, "");
    const args = parseArgs(raw, req.headers["content-type"] ?? "");
    const auth = req.headers.authorization;
    const call: FakeSlackCall = {
      method,
      args,
      token: auth?.startsWith("Bearer ") ? auth.slice(7) : ((args.token as string | undefined) ?? null),
      at: Date.now(),
      hr: performance.now(),
    };
    calls.push(call);
    const n = stats.calls++;
    let fault = queued.get(method)?.shift() ?? opts.fault?.(call, n) ?? undefined;
    while (fault && "delayMs" in fault) {
      await new Promise((r) => setTimeout(r, fault && "delayMs" in fault ? fault.delayMs : 0));
      fault = fault.then;
    }
    if (fault && "lost" in fault && method === "chat.postMessage") {
      stats.lost += 1;
      store(String(args.channel ?? ""), args);
      hang(res, fault.dropAfterMs);
      return;
    }
    if (fault && ("hang" in fault || "lost" in fault)) {
      stats.timeouts += 1;
      hang(res, fault.dropAfterMs);
      return;
    }
    if (fault && "status" in fault) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (fault.status === 429) {
        stats.injected429 += 1;
        headers["retry-after"] = String((fault as { retryAfter?: number }).retryAfter ?? 1);
      } else if (fault.status >= 500) stats.errors500 += 1;
      res.writeHead(fault.status, headers).end((fault as { body?: string }).body ?? '{"ok":false}');
      return;
    }
    const reply = (body: Record<string, unknown>, status = 200, headers: Record<string, string> = {}) => {
      call.response = body;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
      opts.onCall?.(call);
    };
    if (fault && "error" in fault) return reply({ ok: false, error: fault.error });
    if (!call.token) return reply({ ok: false, error: "not_authed" });
    if (method === "chat.postMessage") {
      const refused = refusal(method, args);
      if (refused) return reply(refused);
      const channel = String(args.channel ?? "");
      const wait = take(channel);
      if (wait > 0) {
        stats.rateLimited += 1;
        return reply({ ok: false, error: "ratelimited" }, 429, { "retry-after": String(wait) });
      }
      const ts = store(channel, args);
      // Posting to a user id opens the app's DM with them.
      const answer = {
        ok: true,
        channel: imChannelOf(channel),
        ts,
        message: { text: args.text, blocks: args.blocks, ts },
      };
      if (opts.latencyMs) setTimeout(() => reply(answer), opts.latencyMs).unref();
      else reply(answer);
      return;
    }
    reply(files.answer(method, args, base) ?? answer(method, args));
  }

  /** A permanent channel error or a payload over Slack's limits (chat.* methods). */
  function refusal(method: string, args: Record<string, unknown>): Record<string, unknown> | null {
    const err = channelErrors.get(String(args.channel ?? ""));
    if (err) return { ok: false, error: err };
    if (opts.validate === false) return null;
    const problem = checkMessage(args);
    if (!problem) return null;
    return { ok: false, error: problem.error, response_metadata: { messages: [`${method}: ${problem.detail}`] } };
  }

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? "");
    switch (method) {
      case "apps.connections.open":
        return opts.socketModeUrl ? { ok: true, url: opts.socketModeUrl } : { ok: false, error: "invalid_auth" };
      case "auth.test":
        return { ok: true, user_id: BOT_USER, bot_id: "BBOTNPS01", team_id: "T0001", user: "nps" };
      case "chat.update": {
        const refused = refusal(method, args);
        if (refused) return refused;
        const ts = String(args.ts ?? "");
        if (opts.strictUpdates && !posts.some((p) => p.ts === ts && imChannelOf(p.channel) === imChannelOf(channel))) {
          return { ok: false, error: "message_not_found" };
        }
        updates.push({ channel, ts, text: String(args.text ?? ""), at: performance.now() });
        return { ok: true, channel, ts, text: args.text };
      }
      case "chat.postEphemeral":
        return refusal(method, args) ?? { ok: true, message_ts: nextTs() };
      case "conversations.open":
        if (opts.withheldScopes?.includes("im:write")) return { ok: false, error: "missing_scope", needed: "im:write" };
        return { ok: true, channel: { id: imChannelOf(String(args.users ?? "UX")) } };
      case "conversations.history":
      case "conversations.replies":
        return history(method, channel, args);
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish": {
        viewCounter += 1;
        const problem = opts.validate === false ? null : checkView(args.view);
        if (problem) return { ok: false, error: "invalid_arguments", response_metadata: { messages: [problem] } };
        return { ok: true, view: { id: `V${viewCounter}`, ...(args.view as object) } };
      }
      case "users.info": {
        // Slack gives the locale only when asked (include_locale) and only if the user has one.
        const locale = args.include_locale ? userLocales.get(String(args.user)) : undefined;
        return { ok: true, user: { id: String(args.user), ...(locale ? { locale } : {}) } };
      }
      default:
        return { ok: true };
    }
  }

  /** The channel's (or one thread's) messages since `oldest`, newest first, metadata on request. */
  function history(method: string, channel: string, args: Record<string, unknown>): Record<string, unknown> {
    stats.lookups += 1;
    const scope = HISTORY_SCOPE(channel);
    if (opts.withheldScopes?.includes(scope)) return { ok: false, error: "missing_scope", needed: scope };
    const oldestMs = Number(args.oldest ?? 0) * 1000;
    const thread = method === "conversations.replies" ? String(args.ts ?? "") : null;
    const withMeta = String(args.include_all_metadata ?? "") === "true";
    const messages = posts
      .filter((p) => imChannelOf(p.channel) === channel && p.postedAt >= oldestMs)
      .filter((p) => (thread ? p.threadTs === thread || p.ts === thread : p.threadTs === null))
      .reverse()
      .map((p) => ({
        type: "message",
        ts: p.ts,
        text: p.text,
        ...(withMeta && p.metadata ? { metadata: p.metadata } : {}),
      }));
    return { ok: true, messages, has_more: false, response_metadata: { next_cursor: "" } };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id = "r1") => `${base}/respond/${encodeURIComponent(id)}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    uploads: files.uploads,
    userLocales,
    posts,
    updates,
    byChannel() {
      const out = new Map<string, FakeSlackMessage[]>();
      for (const p of posts) out.set(p.channel, [...(out.get(p.channel) ?? []), p]);
      return out;
    },
    stats,
    async waitFor(pick, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = pick(calls);
        if (v) return v as never;
        if (Date.now() > until) {
          throw new Error(
            `fake Slack: condition not met within ${timeoutMs} ms; calls: ${calls.map((c) => c.method).join(", ")}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    failNext(method, ...faults) {
      queued.set(method, [...(queued.get(method) ?? []), ...faults]);
    },
    channelError(channel, error) {
      if (error) channelErrors.set(channel, error);
      else channelErrors.delete(channel);
    },
    reset() {
      calls.length = 0;
      files.reset();
      posts.length = 0;
      updates.length = 0;
      Object.assign(stats, emptyStats());
      queued.clear();
      channelErrors.clear();
      buckets.clear();
      tsCounter = 0;
    },
    async close() {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function emptyStats(): FakeSlackStats {
  return { calls: 0, rateLimited: 0, injected429: 0, errors500: 0, timeouts: 0, lost: 0, lookups: 0 };
}

export { checkBlocks } from "./slack-limits.js";
export * from "./slack-payloads.js";
