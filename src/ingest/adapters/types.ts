// The contract of a survey-tool adapter: check the tool's signature over the raw bytes, then map
// the tool's payload to generic response items (validated afterwards like any webhook item).
import type { IncomingHttpHeaders } from "node:http";
import type { Config } from "../../config/env.js";
import { AppError, type ErrorCode } from "../../core/errors.js";
import type { Logger } from "../../log.js";

export type AdapterKind = "typeform" | "delighted" | "qualtrics" | "surveymonkey" | "formbricks" | "webhook";

export interface AdapterRequest {
  /** The body exactly as received: signatures are computed over these bytes. */
  raw: Buffer;
  headers: IncomingHttpHeaders;
}

export interface AdapterContext {
  config: Config;
  /** Field mapping from the survey source (SurveySource.mapping); {} for the defaults. */
  mapping: Record<string, unknown>;
  log: Logger;
  /** fetch, injectable so tests can point at local fake APIs. */
  fetch: typeof fetch;
  /** The injected clock's time of this request (replay windows of timestamped signatures). */
  now: Date;
  /** The survey source's slug (the tool's name on its route without one), for messages. */
  slug: string;
}

export type AdapterResult =
  /** Generic items ({externalId, score, ...}, dates as ISO strings), validated by the caller. */
  | { kind: "items"; items: Record<string, unknown>[] }
  /** An event this product does not use (unsubscribes, partial responses): acknowledged, not stored. */
  | { kind: "ignored"; reason: string };

export interface SurveyAdapter {
  kind: AdapterKind;
  /** Human name for messages. */
  label: string;
  /** The secret from the environment, used when the survey source has none. */
  envSecret(config: Config): string | undefined;
  /** What to set when no secret is configured. */
  secretHint: string;
  /**
   * Whose response ids these are. "tool" (default): the tool's ids are unique across its sources,
   * so one response is one row whichever route delivered it. "source": ids are only unique within
   * one survey source (the generic signed webhook), so the slug is the identity and one source's
   * secret can never write another source's responses.
   */
  identity?: "tool" | "source";
  /** Constant-time check of the tool's signature (may throw an AppError naming what is wrong). */
  verify(req: AdapterRequest, secret: string, ctx: AdapterContext): boolean;
  parse(req: AdapterRequest, ctx: AdapterContext): Promise<AdapterResult>;
}

/** A payload the adapter cannot use: answered with `status` and a message naming the fix. */
export class AdapterError extends AppError {
  constructor(
    readonly status: number,
    code: Extract<
      ErrorCode,
      "MALFORMED_BODY" | "VALIDATION_FAILED" | "ADAPTER_NOT_CONFIGURED" | "SURVEY_API_UNAVAILABLE"
    >,
    message: string,
  ) {
    super(code, message, undefined, { bareMessage: true });
    this.name = "AdapterError";
  }
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function parseJson(raw: Buffer, what: string): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw new AdapterError(400, "MALFORMED_BODY", `${what} body is not valid JSON: ${(e as Error).message}`);
  }
}

/** A mapping entry as a string, if set. */
export function mapped(ctx: AdapterContext, key: string): string | undefined {
  const v = ctx.mapping[key];
  return typeof v === "string" && v.trim() ? v.trim() : undefined;
}

export function asText(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}
