// Coded errors: every failure a user can see carries a stable code and a message they can act on.
export type ErrorCode =
  | "CONFIG_INVALID"
  | "VALIDATION_FAILED"
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "CONFLICT"
  | "UNAUTHORIZED"
  | "DATABASE_UNAVAILABLE"
  | "INGEST_SCORE_OUT_OF_RANGE"
  | "INGEST_UNROUTABLE"
  | "INGEST_STORE_FAILED"
  | "CASE_ALREADY_CLAIMED"
  | "CASE_ALREADY_RESOLVED"
  | "CASE_INVALID_TRANSITION"
  | "PERIOD_INVALID"
  | "ORG_FILE_INVALID"
  | "CHAT_DELIVERY_FAILED"
  | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${code}: ${message}`);
    this.name = "AppError";
  }

  /** The message without the code prefix, for chat answers. */
  get userMessage(): string {
    return this.message.slice(this.code.length + 2);
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

export function asAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  return new AppError("INTERNAL", e instanceof Error ? e.message : String(e));
}
