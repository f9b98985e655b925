// The connector error mapping (pure). What Teams messages ask for: test/core/chat-command.test.ts.
import { describe, expect, it } from "vitest";
import { describeConnectorError, parseRetryAfter, toDeliveryError } from "../../src/teams/errors.js";

describe("connector errors", () => {
  const restError = (status: number, code?: string, retryAfter?: string) =>
    Object.assign(new Error(`status ${status}`), {
      statusCode: status,
      details: code ? { error: { code, message: "x" } } : undefined,
      response: { status, headers: { get: (n: string) => (n === "retry-after" ? retryAfter : undefined) } },
    });
  const now = new Date("2026-11-20T12:00:00Z");

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Fri, 20 Nov 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it.each([
    [restError(429, "TooManyRequests", "2"), "rate_limited", "TooManyRequests"],
    [restError(500, "ServiceError"), "retry", "ServiceError"],
    [restError(502), "retry", undefined],
    [Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), "retry", "ECONNREFUSED"],
    [restError(401), "permanent", "TEAMS_UNAUTHORIZED"],
    [restError(400, "BadArgument"), "permanent", "BadArgument"],
    [restError(413), "permanent", "HTTP_413"],
    [
      Object.assign(new Error("AADSTS7000215: Invalid client secret"), { errorCode: "invalid_client" }),
      "permanent",
      "TEAMS_AUTH_FAILED",
    ],
  ])("%s -> %s", (err, kind, code) => {
    const e = toDeliveryError(describeConnectorError(err, now), "post");
    expect(e.kind).toBe(kind);
    expect(e.opts.platformCode).toBe(code);
  });

  it("keeps the Retry-After of a 429", () => {
    expect(toDeliveryError(describeConnectorError(restError(429, undefined, "7"), now), "post").opts.retryAfterMs).toBe(
      7000,
    );
  });
});
