// A fake Slack Web API on 127.0.0.1 for delivery tests and the delivery benchmark: chat.postMessage
// and chat.update, Slack's per-channel posting rate (1 per second with a short burst, 429 and
// Retry-After beyond), and injected faults (429, 500, timeouts). It records every message it
// accepted, so a test can count what arrived, what arrived twice and what never did.
//
// Faults are decided before a request is processed: a 500 or a timeout means Slack did not post.
// (A request Slack processed but whose answer was lost cannot be told apart by any client, since
// chat.postMessage has no idempotency key; no test pretends otherwise.)
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  threadTs: string | null;
  blocks: unknown[];
  at: number;
}

export type FakeSlackFault = "ratelimit" | "error500" | "timeout" | null;

export interface FakeSlackOptions {
  /** Posts per second per channel (Slack: about 1). */
  perChannelPerSecond?: number;
  /** Posts a channel may take back to back before the rate applies. */
  burst?: number;
  /** Decides a fault for a call (n counts every API call). */
  fault?: (n: number, method: string, channel: string) => FakeSlackFault;
  /** Retry-After (seconds) for injected rate-limit faults. */
  injectedRetryAfter?: number;
  /** How long a "timeout" request hangs before the connection is dropped. */
  hangMs?: number;
}

export class FakeSlack {
  readonly posts: FakeSlackMessage[] = [];
  readonly updates: { channel: string; ts: string; text: string; at: number }[] = [];
  readonly stats = { calls: 0, rateLimited: 0, injected429: 0, errors500: 0, timeouts: 0 };
  private server?: http.Server;
  private ts = 1_700_000_000_000;
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
    const fault = this.opts.fault?.(n, method, channel) ?? null;
    if (fault === "timeout") {
      this.stats.timeouts++;
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
      const ts = `${Math.floor(this.ts / 1000)}.${String(this.ts++ % 1_000_000).padStart(6, "0")}`;
      this.posts.push({
        channel,
        ts,
        text: String(args.text ?? ""),
        threadTs: args.thread_ts ? String(args.thread_ts) : null,
        blocks: parseJson(args.blocks),
        at: performance.now(),
      });
      json(200, { ok: true, channel, ts, message: { text: args.text } });
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
