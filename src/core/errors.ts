// One error model: every failure the product raises or answers with carries a stable code from
// ErrorCode, a message a user can act on, and optional details. The HTTP status of a code is
// decided here once (httpStatusOf); the edges (HTTP error handler, Slack and Teams error
// handlers, the CLI) turn anything into this shape with asAppError() and show only the message.

/** Exactly the codes used in src/ (test/core/errors.test.ts fails on an unused or unlisted code). */
export const ERROR_CODES = [
  // Requests and input
  "BAD_REQUEST",
  "MALFORMED_BODY",
  "VALIDATION_FAILED",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "BATCH_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  // Ingestion
  "INGEST_DISABLED",
  "INGEST_SCORE_OUT_OF_RANGE",
  "ADAPTER_NOT_CONFIGURED",
  "SURVEY_API_UNAVAILABLE",
  "INGEST_STORE_FAILED",
  // Cases, reports, org
  "CASE_ALREADY_CLAIMED",
  "CASE_ALREADY_RESOLVED",
  "CASE_INVALID_TRANSITION",
  "PERIOD_INVALID",
  "ORG_FILE_INVALID",
  // Chat platforms
  "CHAT_DELIVERY_FAILED",
  "TEAMS_KEYS_UNAVAILABLE",
  // Configuration and developer tools
  "CONFIG_INVALID",
  "TEAMS_PACKAGE_INVALID",
  "PLAYGROUND_PORT_IN_USE",
  "PLAYGROUND_EXITED",
  "PLAYGROUND_NOT_ANSWERING",
  "PLAYGROUND_NO_SUCH_USER",
  "SCREENSHOT_NO_BROWSER",
  "SCREENSHOT_STEP_FAILED",
  // Database
  "DATABASE_UNAVAILABLE",
  "DATABASE_BUSY",
  // Anything else: a bug; logged in full, shown as a generic message
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The shape every error has, whatever its class. */
export interface CodedError {
  readonly code: ErrorCode;
  /** What the user reads: no code prefix, no stack, no driver text. */
  readonly userMessage: string;
  readonly details?: unknown;
}

/** HTTP status per code; the only place that decides it. Codes not listed answer 500. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  MALFORMED_BODY: 400,
  PERIOD_INVALID: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CASE_ALREADY_CLAIMED: 409,
  CASE_ALREADY_RESOLVED: 409,
  CASE_INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  BATCH_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  INGEST_SCORE_OUT_OF_RANGE: 422,
  INGEST_STORE_FAILED: 422,
  ORG_FILE_INVALID: 422,
  SURVEY_API_UNAVAILABLE: 502,
  INGEST_DISABLED: 503,
  ADAPTER_NOT_CONFIGURED: 503,
  TEAMS_KEYS_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  DATABASE_BUSY: 503,
};

/** Codes a sender should retry after a pause, with the pause (seconds) sent as Retry-After. */
const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = {
  DATABASE_UNAVAILABLE: 30,
  DATABASE_BUSY: 1,
  TEAMS_KEYS_UNAVAILABLE: 30,
  SURVEY_API_UNAVAILABLE: 60,
};

/** What a user reads for an error that is not an AppError (a bug): never the original text. */
export const INTERNAL_MESSAGE = "Internal error; it has been logged";

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 500;
}

/** Seconds to wait before trying again, or undefined when retrying the same request cannot help. */
export function retryAfterOf(code: ErrorCode): number | undefined {
  return RETRY_AFTER_SECONDS[code];
}

export interface AppErrorOptions {
  /** The error this one translates (logged, never shown). */
  cause?: unknown;
  /**
   * Keep `message` equal to the user message instead of "CODE: message". For classes whose
   * message was stored or answered before they joined this model (DeliveryError, AdapterError).
   */
  bareMessage?: boolean;
}

export class AppError extends Error implements CodedError {
  /** The message without the code prefix, for chat answers and HTTP bodies. */
  readonly userMessage: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    options: AppErrorOptions = {},
  ) {
    super(
      options.bareMessage ? message : `${code}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "AppError";
    this.userMessage = message;
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }

  /** The JSON body an HTTP answer carries: `{ error: code, message }`. */
  toJSON(): { error: ErrorCode; message: string } {
    return { error: this.code, message: this.userMessage };
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

export function isErrorCode(s: unknown): s is ErrorCode {
  return typeof s === "string" && (ERROR_CODES as readonly string[]).includes(s);
}

/**
 * Any thrown value as an AppError, for the edges. An AppError passes through; anything else
 * becomes INTERNAL with a generic message and the original as `cause` (log it, do not show it).
 * `translate` lets an edge map known foreign errors first (e.g. db/errors translateDbError).
 */
export function asAppError(e: unknown, translate?: (e: unknown) => AppError | null): AppError {
  if (e instanceof AppError) return e;
  const translated = translate?.(e);
  if (translated) return translated;
  return new AppError("INTERNAL", INTERNAL_MESSAGE, undefined, { cause: e });
}

/**
 * What a chat user reads when handling their action failed: a coded error's own message as a
 * sentence, or, for INTERNAL (a bug), an apology with the reference of the log entry. Never the
 * original error's text.
 */
export function failureMessage(e: AppError, ref: string, what?: string): string {
  if (e.code !== "INTERNAL") {
    const t = e.userMessage.trim();
    const first = t.charAt(0).toUpperCase() + t.slice(1);
    return /[.!?)]$/.test(first) ? first : `${first}.`;
  }
  const during = what ? ` while ${what}` : "";
  return `Sorry, something went wrong${during} (reference ${ref}); it has been logged. Please try again.`;
}

/** A short reference that ties what a user was told to the log entry. */
export function errorRef(): string {
  return Math.random().toString(36).slice(2, 8);
}
