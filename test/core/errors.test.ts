import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/chat/port.js";
import { ConfigError } from "../../src/config/env.js";
import {
  AppError,
  asAppError,
  ERROR_CODES,
  type ErrorCode,
  failureMessage,
  httpStatusOf,
  INTERNAL_MESSAGE,
  isErrorCode,
  retryAfterOf,
} from "../../src/core/errors.js";
import { OrgFileError } from "../../src/core/org-file.js";
import { PlaygroundError } from "../../src/devtools/playground-net.js";
import { TeamsPackageError } from "../../src/devtools/teams-package.js";
import { AdapterError } from "../../src/ingest/adapters/types.js";

const SRC = path.resolve(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : sourceFiles(p);
    return d.name.endsWith(".ts") ? [p] : [];
  });
}

const CODE = /"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})"/g;

/**
 * Codes used in src/ outside the list itself, read where an error code stands: the first argument
 * of an error constructor (AppError, its subclasses, super), the second of isAppError, and the
 * value of an `error:` or `code:` property (every literal of a ternary there counts).
 */
function codesUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const add = (code: string, file: string) => used.set(code, [...(used.get(code) ?? []), file]);
  for (const file of sourceFiles(SRC)) {
    if (file.endsWith(path.join("core", "errors.ts"))) continue;
    const text = readFileSync(file, "utf8");
    const rel = path.relative(SRC, file);
    const patterns = [
      /\b(?:new [A-Z]\w*Error|super)\(\s*(?:\d+\s*,\s*)?"([A-Z][A-Z0-9_]+)"/g,
      /\bisAppError\([^,()]+,\s*"([A-Z][A-Z0-9_]+)"/g,
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) add(m[1]!, rel);
    // `error: <expr>` / `code: <expr>` up to the end of the property (a comma or brace at depth 0).
    for (const m of text.matchAll(/\b(?:error|code):\s*/g)) {
      let depth = 0;
      let end = m.index! + m[0].length;
      for (; end < text.length; end++) {
        const c = text[end]!;
        if (c === "(" || c === "[" || c === "{") depth++;
        else if (c === ")" || c === "]" || c === "}") {
          if (depth === 0) break;
          depth--;
        } else if ((c === "," || c === ";") && depth === 0) break;
      }
      const expr = text.slice(m.index! + m[0].length, end);
      for (const c of expr.matchAll(CODE)) add(c[1]!, rel);
    }
  }
  return used;
}

/** Every place a listed code appears as a string literal outside the list. */
function literalsOutsideList(): Set<string> {
  const seen = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    if (file.endsWith(path.join("core", "errors.ts"))) continue;
    for (const m of readFileSync(file, "utf8").matchAll(CODE)) seen.add(m[1]!);
  }
  return seen;
}

describe("ErrorCode list", () => {
  it("lists every code src/ uses", () => {
    const unlisted = [...codesUsed()].filter(([code]) => !isErrorCode(code)).map(([c, files]) => `${c} (${files})`);
    expect(unlisted).toEqual([]);
  });

  it("lists no code src/ does not use", () => {
    const literals = literalsOutsideList();
    // INTERNAL and DATABASE_BUSY come from core/errors.ts and db/errors.ts themselves.
    const unused = ERROR_CODES.filter((c) => !literals.has(c));
    expect(unused).toEqual([]);
  });

  it("gives each code one HTTP status, Retry-After for the retryable ones", () => {
    const expected: Partial<Record<ErrorCode, number>> = {
      BAD_REQUEST: 400,
      MALFORMED_BODY: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      BATCH_TOO_LARGE: 413,
      UNSUPPORTED_MEDIA_TYPE: 415,
      VALIDATION_FAILED: 422,
      INGEST_SCORE_OUT_OF_RANGE: 422,
      SURVEY_API_UNAVAILABLE: 502,
      INGEST_DISABLED: 503,
      ADAPTER_NOT_CONFIGURED: 503,
      DATABASE_UNAVAILABLE: 503,
      DATABASE_BUSY: 503,
      INTERNAL: 500,
      CONFIG_INVALID: 500,
    };
    for (const [code, status] of Object.entries(expected))
      expect([code, httpStatusOf(code as ErrorCode)]).toEqual([code, status]);
    expect(retryAfterOf("DATABASE_UNAVAILABLE")).toBe(30);
    expect(retryAfterOf("DATABASE_BUSY")).toBeGreaterThan(0);
    expect(retryAfterOf("VALIDATION_FAILED")).toBeUndefined();
    for (const code of ERROR_CODES) {
      if (retryAfterOf(code) !== undefined) expect(httpStatusOf(code)).toBeGreaterThanOrEqual(500);
    }
  });
});

describe("AppError", () => {
  it("carries code, user message and details; message is prefixed with the code", () => {
    const e = new AppError("NOT_FOUND", "no team madrid-north", { team: "madrid-north" });
    expect(e.code).toBe("NOT_FOUND");
    expect(e.userMessage).toBe("no team madrid-north");
    expect(e.message).toBe("NOT_FOUND: no team madrid-north");
    expect(e.details).toEqual({ team: "madrid-north" });
    expect(e.httpStatus).toBe(404);
    expect(e.toJSON()).toEqual({ error: "NOT_FOUND", message: "no team madrid-north" });
  });

  it("asAppError passes AppErrors through and hides anything else behind INTERNAL", () => {
    const coded = new AppError("CONFLICT", "x");
    expect(asAppError(coded)).toBe(coded);
    const raw = new Error('duplicate key value violates unique constraint "secret_thing"');
    const e = asAppError(raw);
    expect(e.code).toBe("INTERNAL");
    expect(e.userMessage).toBe(INTERNAL_MESSAGE);
    expect(e.message).not.toContain("secret_thing");
    expect(e.cause).toBe(raw);
    expect(asAppError("a string").code).toBe("INTERNAL");
    expect(asAppError(raw, () => new AppError("CONFLICT", "taken")).code).toBe("CONFLICT");
    expect(asAppError(raw, () => null).code).toBe("INTERNAL");
  });

  it("failureMessage shows a coded error's message, and for a bug only an apology with a reference", () => {
    expect(failureMessage(new AppError("DATABASE_UNAVAILABLE", "the database cannot be reached"), "r1")).toBe(
      "The database cannot be reached.",
    );
    const bug = asAppError(new TypeError("Cannot read properties of undefined (reading 'id')"));
    const text = failureMessage(bug, "ab12cd", "closing the case");
    expect(text).toBe(
      "Sorry, something went wrong while closing the case (reference ab12cd); it has been logged. Please try again.",
    );
  });
});

describe("every error class is an AppError with a listed code", () => {
  it("keeps each class's name, fields and message", () => {
    const config = new ConfigError(["PORT: must be a number"]);
    expect(config).toBeInstanceOf(AppError);
    expect(config).toBeInstanceOf(ConfigError);
    expect(config.name).toBe("ConfigError");
    expect(config.code).toBe("CONFIG_INVALID");
    expect(config.message).toBe("CONFIG_INVALID: 1 setting(s) need fixing:\n  - PORT: must be a number");
    expect(config.problems).toEqual(["PORT: must be a number"]);

    const pkg = new TeamsPackageError(["no icon"]);
    expect(pkg).toBeInstanceOf(AppError);
    expect([pkg.name, pkg.code, pkg.message]).toEqual([
      "TeamsPackageError",
      "TEAMS_PACKAGE_INVALID",
      "TEAMS_PACKAGE_INVALID: 1 problem(s):\n  - no icon",
    ]);

    const play = new PlaygroundError("PLAYGROUND_EXITED", "the Agents Playground exited with code 1");
    expect(play).toBeInstanceOf(AppError);
    expect([play.name, play.code, play.message]).toEqual([
      "PlaygroundError",
      "PLAYGROUND_EXITED",
      "PLAYGROUND_EXITED: the Agents Playground exited with code 1",
    ]);

    // Messages stored (outbox lastError) or answered (webhook bodies) before keep their text.
    const adapter = new AdapterError(400, "MALFORMED_BODY", "Qualtrics MSG is not valid JSON");
    expect(adapter).toBeInstanceOf(AppError);
    expect([adapter.name, adapter.code, adapter.status, adapter.message, adapter.userMessage]).toEqual([
      "AdapterError",
      "MALFORMED_BODY",
      400,
      "Qualtrics MSG is not valid JSON",
      "Qualtrics MSG is not valid JSON",
    ]);

    const delivery = new DeliveryError("rate_limited", "Slack said ratelimited", { retryAfterMs: 2000 });
    expect(delivery).toBeInstanceOf(AppError);
    expect([delivery.name, delivery.code, delivery.kind, delivery.message]).toEqual([
      "DeliveryError",
      "CHAT_DELIVERY_FAILED",
      "rate_limited",
      "Slack said ratelimited",
    ]);
    expect(delivery.opts).toEqual({ retryAfterMs: 2000 });
    expect(delivery.details).toEqual({ kind: "rate_limited", retryAfterMs: 2000 });

    const org = new OrgFileError([]);
    expect(org).toBeInstanceOf(AppError);
    expect(org.code).toBe("ORG_FILE_INVALID");
  });
});
