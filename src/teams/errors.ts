// Turns what the Bot Connector answers into the outbox's DeliveryError kinds: 429 waits for
// Retry-After, 5xx and network failures retry, refusals that will not change are permanent.
import { DeliveryError } from "../chat/port.js";

export interface ConnectorFailure {
  status: number | null;
  /** The connector's error code (e.g. "ConversationNotFound") or a Node network code. */
  code: string | null;
  message: string;
  retryAfterMs: number | null;
}

/** Codes after which the stored conversation reference is useless until Teams sends a new one. */
export const DEAD_REFERENCE_CODES = new Set([
  "MessageWritesBlocked",
  "ConversationNotFound",
  "BotNotInConversationRoster",
  "ConversationBlockedByUser",
  "BotDisabledByAdmin",
]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "REQUEST_SEND_ERROR",
]);

/** Token acquisition refused for good (wrong secret, unknown app): retrying cannot help. */
const AUTH_CODES = /^(invalid_client|unauthorized_client|invalid_grant|AADSTS7000215|AADSTS700016)/i;

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  /** MSAL (token acquisition) errors. */
  errorCode?: string;
  message?: string;
  name?: string;
  details?: { error?: { code?: string; message?: string } };
  response?: { status?: number; headers?: { get?(name: string): string | undefined } };
  cause?: unknown;
}

export function describeConnectorError(err: unknown, now: Date = new Date()): ConnectorFailure {
  const e = (err ?? {}) as RestErrorLike;
  const status = e.statusCode ?? e.response?.status ?? null;
  const bodyCode = e.details?.error?.code ?? null;
  const causeCode = (e.cause as { code?: string } | undefined)?.code ?? null;
  const code = bodyCode ?? (typeof e.code === "string" ? e.code : null) ?? e.errorCode ?? causeCode;
  const retryAfter = e.response?.headers?.get?.("retry-after") ?? null;
  return {
    status: typeof status === "number" ? status : null,
    code,
    message: e.details?.error?.message ?? e.message ?? String(err),
    retryAfterMs: parseRetryAfter(retryAfter, now),
  };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now.getTime()) : null;
}

export function isDeadReference(f: ConnectorFailure): boolean {
  return (f.status === 403 || f.status === 404) && f.code !== null && DEAD_REFERENCE_CODES.has(f.code);
}

export function toDeliveryError(f: ConnectorFailure, what: string): DeliveryError {
  const detail = `${what}: Teams answered ${f.status ?? "no status"}${f.code ? ` ${f.code}` : ""}: ${f.message}`;
  if (f.status === 429) {
    return new DeliveryError("rate_limited", detail, {
      retryAfterMs: f.retryAfterMs ?? 1000,
      platformCode: f.code ?? "TooManyRequests",
    });
  }
  if (f.code && AUTH_CODES.test(f.code)) {
    return new DeliveryError("permanent", `${detail} (the bot could not sign in: check MICROSOFT_APP_PASSWORD)`, {
      platformCode: "TEAMS_AUTH_FAILED",
    });
  }
  if (f.status === null || f.status >= 500 || f.status === 408 || (f.code && NETWORK_CODES.has(f.code))) {
    return new DeliveryError("retry", detail, f.code ? { platformCode: f.code } : {});
  }
  if (f.status === 401) {
    return new DeliveryError("permanent", `${detail} (check MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD)`, {
      platformCode: "TEAMS_UNAUTHORIZED",
    });
  }
  return new DeliveryError("permanent", detail, { platformCode: f.code ?? `HTTP_${f.status}` });
}
