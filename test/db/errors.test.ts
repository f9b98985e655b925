// Driver error shapes that a single embedded database cannot raise on demand (a refused
// connection, a serialization failure between two sessions), as pg and Prisma carry them.
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { isDatabaseUnavailableError, isRetryableDbError, translateDbError } from "../../src/db/errors.js";

/** What pg's DatabaseError carries (code = SQLSTATE, plus constraint/column when known). */
function pgError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, severity: "ERROR", ...extra });
}

/** What Prisma 7 throws for an adapter error (PrismaClientKnownRequestError's fields). */
function prismaError(code: string, cause: Record<string, unknown>): Error {
  return Object.assign(new Error(`Invalid invocation: ${String(cause.originalMessage)}`), {
    name: "PrismaClientKnownRequestError",
    code,
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });
}

describe("translateDbError", () => {
  it("connection refused, reset or terminated is DATABASE_UNAVAILABLE", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    for (const raw of [
      refused,
      new Error("wrapped", { cause: refused }),
      new Error("Connection terminated unexpectedly"),
      pgError("57P01", "terminating connection due to administrator command"),
      prismaError("P1001", { kind: "DatabaseNotReachable" }),
      Object.assign(new Error("Can't reach database server"), { name: "PrismaClientInitializationError" }),
    ]) {
      const e = translateDbError(raw);
      expect([raw.message, e.code]).toEqual([raw.message, "DATABASE_UNAVAILABLE"]);
      expect(e.message).not.toContain("127.0.0.1");
      expect(isDatabaseUnavailableError(raw)).toBe(true);
    }
  });

  it("serialization failure and deadlock are DATABASE_BUSY, which is retryable", () => {
    for (const raw of [
      pgError("40001", "could not serialize access due to concurrent update"),
      pgError("40P01", "deadlock detected"),
      prismaError("P2034", { kind: "TransactionWriteConflict", originalCode: "40001" }),
      new Error("could not serialize: a response changed under this batch; retrying"),
    ]) {
      expect(translateDbError(raw).code).toBe("DATABASE_BUSY");
      expect(isRetryableDbError(raw)).toBe(true);
    }
    expect(isRetryableDbError(pgError("23505", "duplicate key"))).toBe(false);
  });

  it("a unique violation from pg names its constraint", () => {
    const raw = pgError("23505", 'duplicate key value violates unique constraint "people_email_key"', {
      constraint: "people_email_key",
    });
    const e = translateDbError(raw);
    expect(e.code).toBe("CONFLICT");
    expect(e.details).toEqual({ constraint: "people_email_key", fields: [] });
    expect(e.userMessage).toBe("a record with the same people_email_key already exists");
  });

  it("invalid bytes name the column pg reports, or the fields of the data holding NUL", () => {
    const raw = pgError("22021", 'invalid byte sequence for encoding "UTF8": 0x00');
    expect(translateDbError(raw, { data: { a: "ok", comment: { text: "x\u0000" } } }).details).toEqual({
      fields: ["comment.text"],
    });
    expect(translateDbError(pgError("22P05", "untranslatable character", { column: "comment" })).details).toEqual({
      fields: ["comment"],
    });
  });

  it("passes AppErrors through and turns anything else into INTERNAL", () => {
    const coded = new AppError("NOT_FOUND", "no such case");
    expect(translateDbError(coded)).toBe(coded);
    expect(translateDbError(new TypeError("x is undefined")).code).toBe("INTERNAL");
    expect(translateDbError(undefined).code).toBe("INTERNAL");
  });
});
