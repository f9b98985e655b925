// Test doubles for Slack: a local fake of the Web API (and of response_url) that records every call,
// checks Block Kit limits like Slack does and can inject faults; plus request signing and payload
// builders so tests drive the real Bolt app exactly as Slack would.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BOT_USER } from "../support/slack-payloads.js";

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

export type FakeFault =
  | { status: 429; retryAfter?: number }
  | { status: number; body?: string }
  | { error: string }
  | { delayMs: number; then?: FakeFault }
  | { hang: true };

export interface FakeSlackOptions {
  /** Checks payloads against Block Kit limits and answers invalid_blocks/msg_too_long (default true). */
  validate?: boolean;
  /** Decide a fault per call (probabilistic fault tests); undefined = answer normally. */
  fault?: (call: FakeSlackCall, nth: number) => FakeFault | undefined;
  /** Answers each channel's chat.postMessage at most this often (ms), like Slack's ~1/s per channel. */
  perChannelIntervalMs?: number;
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
  /** Waits until a predicate over the recorded calls holds (or throws after timeoutMs). */
  waitFor<T>(pick: (calls: FakeSlackCall[]) => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** Faults for the next calls of a method, in order. */
  failNext(method: string, ...faults: FakeFault[]): void;
  /** A permanent error for every post to a channel (e.g. "is_archived"). */
  channelError(channel: string, error: string | null): void;
  rateLimited: number;
  /** The locale users.info reports for a user (e.g. "es-ES"). */
  userLocales: Map<string, string>;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const queued = new Map<string, FakeFault[]>();
  const channelErrors = new Map<string, string>();
  const userLocales = new Map<string, string>();
  const lastPost = new Map<string, number>();
  let tsCounter = 0;
  let viewCounter = 0;
  let nth = 0;
  const hung: http.ServerResponse[] = [];
  const state = { rateLimited: 0 };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handle(req, res, Buffer.concat(chunks).toString("utf8"));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname.startsWith("/respond/")) {
      const call: FakeSlackCall = {
        method: "response_url",
        args: { id: decodeURIComponent(url.pathname.slice("/respond/".length)), ...safeJson(raw) },
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
    nth += 1;
    let fault = queued.get(method)?.shift() ?? opts.fault?.(call, nth);
    while (fault && "delayMs" in fault) {
      await new Promise((r) => setTimeout(r, fault && "delayMs" in fault ? fault.delayMs : 0));
      fault = fault.then;
    }
    if (fault && "hang" in fault) {
      hung.push(res);
      return;
    }
    if (fault && "status" in fault) {
      if (fault.status === 429) state.rateLimited += 1;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (fault.status === 429) headers["retry-after"] = String((fault as { retryAfter?: number }).retryAfter ?? 1);
      res.writeHead(fault.status, headers).end((fault as { body?: string }).body ?? '{"ok":false}');
      return;
    }
    call.response = fault && "error" in fault ? { ok: false, error: fault.error } : answer(method, args);
    json(res, call.response);
    opts.onCall?.(call);
  }

  function answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? "");
    if (method === "apps.connections.open") {
      return opts.socketModeUrl ? { ok: true, url: opts.socketModeUrl } : { ok: false, error: "invalid_auth" };
    }
    if (method === "auth.test")
      return { ok: true, user_id: BOT_USER, bot_id: "BBOTNPS01", team_id: "T0001", user: "nps" };
    if (["chat.postMessage", "chat.update", "chat.postEphemeral"].includes(method)) {
      const err = channelErrors.get(channel);
      if (err) return { ok: false, error: err };
      if (opts.validate !== false) {
        const problem = checkMessage(args);
        if (problem) return { ok: false, error: problem.error, response_metadata: { messages: [problem.detail] } };
      }
    }
    switch (method) {
      case "chat.postMessage": {
        if (opts.perChannelIntervalMs) {
          const now = Date.now();
          const last = lastPost.get(channel) ?? 0;
          if (now - last < opts.perChannelIntervalMs) {
            state.rateLimited += 1;
            return { ok: false, error: "ratelimited" };
          }
          lastPost.set(channel, now);
        }
        tsCounter += 1;
        const ts = `1700000000.${String(tsCounter).padStart(6, "0")}`;
        // Posting to a user id opens the app's DM with them.
        const ch = channel.startsWith("U") ? `D${channel.slice(1)}` : channel;
        return { ok: true, channel: ch, ts, message: { text: args.text, blocks: args.blocks, ts } };
      }
      case "chat.update":
        return { ok: true, channel, ts: args.ts, text: args.text };
      case "chat.postEphemeral":
        tsCounter += 1;
        return { ok: true, message_ts: `1700000000.${String(tsCounter).padStart(6, "0")}` };
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args.users ?? "X").slice(1)}` } };
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish": {
        viewCounter += 1;
        if (opts.validate !== false) {
          const problem = checkView(args.view);
          if (problem) return { ok: false, error: "invalid_arguments", response_metadata: { messages: [problem] } };
        }
        return { ok: true, view: { id: `V${viewCounter}`, ...(args.view as object) } };
      }
      case "users.info": {
        // Slack gives the locale only when asked (include_locale) and only if the user has one.
        const user = String(args.user);
        const locale = args.include_locale ? userLocales.get(user) : undefined;
        return { ok: true, user: { id: user, ...(locale ? { locale } : {}) } };
      }
      default:
        return { ok: true };
    }
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    userLocales,
    responseUrl: (id = "r1") => `${base}/respond/${encodeURIComponent(id)}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
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
    get rateLimited() {
      return state.rateLimited;
    },
    reset() {
      calls.length = 0;
      queued.clear();
      channelErrors.clear();
      lastPost.clear();
      state.rateLimited = 0;
      tsCounter = 0;
      nth = 0;
    },
    async close() {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: http.ServerResponse, body: unknown) {
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function safeJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : { raw };
  } catch {
    return { raw };
  }
}

/** The Web API client sends form fields with nested objects JSON-encoded; decode them back. */
function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return safeJson(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    let value: unknown = v;
    if (/^[[{]/.test(v)) {
      try {
        value = JSON.parse(v);
      } catch {
        value = v;
      }
    }
    out[k] = value;
  }
  return out;
}

const len = (s: unknown) => (typeof s === "string" ? Array.from(s).length : 0);

/** The limits Slack enforces on messages that our builders must respect. */
export function checkBlocks(blocks: unknown, maxBlocks: number): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return "blocks is not an array";
  if (blocks.length > maxBlocks) return `${blocks.length} blocks, more than ${maxBlocks}`;
  for (const [i, b] of blocks.entries()) {
    // biome-ignore lint/suspicious/noExplicitAny: Slack payloads are checked structurally, like Slack does
    const block = b as Record<string, any>;
    const where = `block ${i} (${block.type})`;
    if (block.block_id !== undefined && len(block.block_id) > 255) return `${where}: block_id over 255`;
    if (block.text) {
      if (!block.text.text) return `${where}: empty text`;
      const max = block.type === "header" ? 150 : 3000;
      if (len(block.text.text) > max) return `${where}: text ${len(block.text.text)} > ${max}`;
      if (block.type === "header" && block.text.type !== "plain_text") return `${where}: header must be plain_text`;
    }
    if (block.fields) {
      if (block.fields.length > 10) return `${where}: ${block.fields.length} fields > 10`;
      for (const f of block.fields) if (len(f.text) > 2000) return `${where}: field ${len(f.text)} > 2000`;
    }
    if (block.type === "context") {
      if (!block.elements?.length || block.elements.length > 10) return `${where}: 1-10 elements`;
      for (const e of block.elements) if (e.text !== undefined && len(e.text) > 3000) return `${where}: context text`;
    }
    if (block.type === "actions") {
      if (!block.elements?.length || block.elements.length > 25) return `${where}: 1-25 elements`;
      const ids = new Set<string>();
      for (const e of block.elements) {
        if (e.type === "button") {
          if (!e.text?.text || len(e.text.text) > 75) return `${where}: button text length ${len(e.text?.text)}`;
          if (e.value !== undefined && len(e.value) > 2000) return `${where}: button value`;
        }
        if (e.action_id) {
          if (ids.has(e.action_id)) return `${where}: duplicate action_id ${e.action_id}`;
          ids.add(e.action_id);
        }
      }
    }
    if (block.type === "input") {
      if (!block.label?.text || len(block.label.text) > 2000) return `${where}: label`;
      const el = block.element ?? {};
      if (el.options && el.options.length > 100) return `${where}: more than 100 options`;
      for (const o of el.options ?? []) {
        if (len(o.text?.text) > 75 || len(o.value) > 150) return `${where}: option too long`;
      }
      if (el.max_length !== undefined && el.max_length > 3000) return `${where}: max_length > 3000`;
      if (el.placeholder && len(el.placeholder.text) > 150) return `${where}: placeholder > 150`;
    }
  }
  return null;
}

function checkMessage(args: Record<string, unknown>): { error: string; detail: string } | null {
  if (len(args.text) > 40_000) return { error: "msg_too_long", detail: "text over 40,000 characters" };
  if (args.blocks === undefined && !args.text) return { error: "no_text", detail: "neither text nor blocks" };
  const p = checkBlocks(args.blocks, 50);
  return p ? { error: "invalid_blocks", detail: p } : null;
}

function checkView(view: unknown): string | null {
  // biome-ignore lint/suspicious/noExplicitAny: Slack payloads are checked structurally, like Slack does
  const v = view as Record<string, any> | undefined;
  if (!v || typeof v !== "object") return "view missing";
  if (v.type === "modal") {
    if (!v.title?.text || len(v.title.text) > 24) return "modal title must be 1-24 characters";
    if (v.submit && len(v.submit.text) > 24) return "submit text over 24";
    if (v.close && len(v.close.text) > 24) return "close text over 24";
  }
  if (v.private_metadata !== undefined && len(v.private_metadata) > 3000) return "private_metadata over 3000";
  return checkBlocks(v.blocks, 100);
}

export * from "../support/slack-payloads.js";
