// How the fake Slack reads a request: the Web API client's form fields (nested objects JSON-encoded)
// or a JSON body.
export function safeJson(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : { raw };
  } catch {
    return { raw };
  }
}

/** The Web API client sends form fields with nested objects JSON-encoded; decode them back. */
export function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return safeJson(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    let value: unknown = v;
    if (k !== "text" && /^[[{]/.test(v)) {
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

/** The fake's IM channel with a user: posts to a user id land there, as on Slack. */
export function imChannelOf(user: string): string {
  return user.startsWith("U") ? `D${user.slice(1)}` : user;
}

export const HISTORY_SCOPE = (channel: string) =>
  channel.startsWith("D") ? "im:history" : channel.startsWith("G") ? "groups:history" : "channels:history";

export interface FakeSlackStats {
  /** Web API calls (response_url posts not counted). */
  calls: number;
  /** 429s from the per-channel pacing (not injected). */
  rateLimited: number;
  injected429: number;
  /** Injected 5xx answers. */
  errors500: number;
  /** Injected hangs (Slack processed nothing). */
  timeouts: number;
  /** Posts stored and never answered. */
  lost: number;
  /** conversations.history / conversations.replies calls. */
  lookups: number;
}
