// A fake Slack Web API on 127.0.0.1 for delivery tests and the delivery benchmark: chat.postMessage
// and chat.update, Slack's per-channel posting rate (1 per second with a short burst, 429 and
// Retry-After beyond), and injected faults (429, 500, timeouts). It records every message it
// accepted, so a test can count what arrived, what arrived twice and what never did.
//
// Faults are decided before a request is processed: a 500 or a timeout means Slack did not post.
// The "lost" fault is the other case: Slack posts, then the answer never comes (a timeout or a
// reset after processing); only a history lookup by the message's metadata can tell. Posts keep
// their metadata, and conversations.history / conversations.replies / conversations.open serve
// them back (or answer missing_scope for the scopes a test withholds). `latencyMs` answers every
// post late, after storing it (a slow Slack, for crash tests).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  threadTs: string | null;
  blocks: unknown[];
  at: number;
  metadata: { event_type: string; event_payload: Record<string, unknown> } | null;
}

export type FakeSlackFault = "ratelimit" | "error500" | "timeout" | "lost" | null;

export interface FakeSlackOptions {
  /** Posts per second per channel (Slack: about 1). */
  perChannelPerSecond?: number;
  /** Posts a channel may take back to back before the rate applies. */
  burst?: number;
  /** Decides a fault for a call (n counts every API call). */
  fault?: (n: number, method: string, channel: string) => FakeSlackFault;
  /** Retry-After (seconds) for injected rate-limit faults. */
  injectedRetryAfter?: number;
  /** How long a "timeout" or "lost" request hangs before the connection is dropped. */
  hangMs?: number;
  /** Posts are stored at once and answered this much later. */
  latencyMs?: number;
  /** Scopes the app was not granted: the methods needing them answer missing_scope. */
  withheldScopes?: string[];
}

export class FakeSlack {
  readonly posts: FakeSlackMessage[] = [];
  readonly updates: { channel: string; ts: string; text: string; at: number }[] = [];
  readonly stats = { calls: 0, rateLimited: 0, injected429: 0, errors500: 0, timeouts: 0, lost: 0, lookups: 0 };
  private server?: http.Server;
  /** Microseconds of the last ts handed out: wall-clock based (history's `oldest` compares them), unique. */
  private lastUs = 0;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly hanging = new Set<http.ServerResponse>();
  url = "";

  constructor(private readonly opts: FakeSlackOptions = {}) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => this.handle(req, res, Buffer.concat(chunks).toString("utf8")));
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/api/`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Posts per channel (top-level and thread replies alike), for pacing and double counts. */
  byChannel(): Map<string, FakeSlackMessage[]> {
    const out = new Map<string, FakeSlackMessage[]>();
    for (const p of this.posts) out.set(p.channel, [...(out.get(p.channel) ?? []), p]);
    return out;
  }

  private take(channel: string): number {
    // Token bucket per channel; returns 0 when allowed, else seconds until a token.
    const rate = this.opts.perChannelPerSecond ?? 1;
    const burst = this.opts.burst ?? 3;
    const now = performance.now();
    const b = this.buckets.get(channel) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    this.buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }

  /** Stores a post (kept under the user id for a DM; history serves it in the IM channel); returns its ts. */
  private store(target: string, args: Record<string, unknown>): string {
    this.lastUs = Math.max(this.lastUs + 1, Date.now() * 1000);
    const ts = `${Math.floor(this.lastUs / 1e6)}.${String(this.lastUs % 1e6).padStart(6, "0")}`;
    const meta =
      typeof args.metadata === "string"
        ? (JSON.parse(args.metadata) as FakeSlackMessage["metadata"])
        : ((args.metadata as FakeSlackMessage["metadata"]) ?? null);
    this.posts.push({
      channel: target,
      ts,
      text: String(args.text ?? ""),
      threadTs: args.thread_ts ? String(args.thread_ts) : null,
      blocks: parseJson(args.blocks),
      at: performance.now(),
      metadata: meta,
    });
    return ts;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
    const args = parseBody(req.headers["content-type"] ?? "", body);
    const channel = String(args.channel ?? "");
    const n = this.stats.calls++;
    const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(payload));
    };
    if (!String(req.headers.authorization ?? "").startsWith("Bearer xoxb-")) {
      json(200, { ok: false, error: "not_authed" });
      return;
    }
    let fault = this.opts.fault?.(n, method, channel) ?? null;
    if (fault === "lost" && method !== "chat.postMessage") fault = "timeout";
    if (fault === "timeout" || fault === "lost") {
      if (fault === "lost") {
        this.stats.lost++;
        this.store(channel, args);
      } else this.stats.timeouts++;
      this.hanging.add(res);
      setTimeout(() => {
        this.hanging.delete(res);
        res.destroy();
      }, this.opts.hangMs ?? 2_000).unref();
      return;
    }
    if (fault === "error500") {
      this.stats.errors500++;
      json(500, { ok: false, error: "internal_error" });
      return;
    }
    if (fault === "ratelimit") {
      this.stats.injected429++;
      json(429, { ok: false, error: "ratelimited" }, { "retry-after": String(this.opts.injectedRetryAfter ?? 1) });
      return;
    }
    if (method === "chat.postMessage") {
      const wait = this.take(channel);
      if (wait > 0) {
        this.stats.rateLimited++;
        json(429, { ok: false, error: "ratelimited" }, { "retry-after": String(wait) });
        return;
      }
      const ts = this.store(channel, args);
      const answer = () => json(200, { ok: true, channel, ts, message: { text: args.text } });
      if (this.opts.latencyMs) setTimeout(answer, this.opts.latencyMs).unref();
      else answer();
      return;
    }
    if (method === "conversations.history" || method === "conversations.replies") {
      this.stats.lookups++;
      const scope = channel.startsWith("D")
        ? "im:history"
        : channel.startsWith("G")
          ? "groups:history"
          : "channels:history";
      if (this.opts.withheldScopes?.includes(scope)) {
        json(200, { ok: false, error: "missing_scope", needed: scope });
        return;
      }
      const oldest = Number(args.oldest ?? 0);
      const thread = method === "conversations.replies" ? String(args.ts ?? "") : null;
      const withMeta = String(args.include_all_metadata ?? "") === "true";
      const messages = this.posts
        .filter((p) => (p.channel === channel || imChannelOf(p.channel) === channel) && Number(p.ts) >= oldest)
        .filter((p) => (thread ? p.threadTs === thread || p.ts === thread : p.threadTs === null))
        .reverse()
        .map((p) => ({
          type: "message",
          ts: p.ts,
          text: p.text,
          ...(withMeta && p.metadata ? { metadata: p.metadata } : {}),
        }));
      json(200, { ok: true, messages, has_more: false, response_metadata: { next_cursor: "" } });
      return;
    }
    if (method === "conversations.open") {
      if (this.opts.withheldScopes?.includes("im:write")) {
        json(200, { ok: false, error: "missing_scope", needed: "im:write" });
        return;
      }
      json(200, { ok: true, channel: { id: imChannelOf(String(args.users ?? "")) } });
      return;
    }
    if (method === "chat.update") {
      const ts = String(args.ts ?? "");
      if (!this.posts.some((p) => p.ts === ts && p.channel === channel)) {
        json(200, { ok: false, error: "message_not_found" });
        return;
      }
      this.updates.push({ channel, ts, text: String(args.text ?? ""), at: performance.now() });
      json(200, { ok: true, channel, ts });
      return;
    }
    json(200, { ok: false, error: "unknown_method" });
  }
}

/** The fake's IM channel with a user: posts to a user id land there, as on Slack. */
export function imChannelOf(user: string): string {
  return user.startsWith("U") ? `D${user.slice(1)}` : user;
}

function parseBody(contentType: string, body: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  return Object.fromEntries(new URLSearchParams(body));
}

function parseJson(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v !== "string" || !v) return [];
  try {
    return JSON.parse(v) as unknown[];
  } catch {
    return [];
  }
}
