// The Teams command parser and the connector error mapping (pure parts).
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/teams/commands.js";
import { describeConnectorError, parseRetryAfter, toDeliveryError } from "../../src/teams/errors.js";

describe("parseCommand", () => {
  it.each([
    ["", { kind: "help" }],
    ["help", { kind: "help" }],
    ["/help", { kind: "help" }],
    ["nps", { kind: "nps", target: null, period: null }],
    ["nps team-x 30d", { kind: "nps", target: "team-x", period: "30d" }],
    ["NPS Company-Y", { kind: "nps", target: "Company-Y", period: null }],
    ["nps me", { kind: "nps", target: "me", period: null }],
    ["nps ME 12w", { kind: "nps", target: "me", period: "12w" }],
    ["nps 90d", { kind: "nps", target: null, period: "90d" }],
    ["nps team-x 2026-01-01..2026-03-31", { kind: "nps", target: "team-x", period: "2026-01-01..2026-03-31" }],
    ["nps team-x soon", { kind: "nps", target: "team-x", period: "soon" }],
    ["nps a b c", { kind: "unknown", text: "nps a b c" }],
    ["link Team-North", { kind: "link", slug: "team-north" }],
    ["link", { kind: "link", slug: null }],
    ["coach @mention1 calling ahead", { kind: "coach", who: "@mention1", topic: "calling ahead" }],
    ["coach dee", { kind: "coach", who: "dee", topic: null }],
    ["reminders off", { kind: "reminders", enabled: false }],
    ["Reminders ON", { kind: "reminders", enabled: true }],
    ["reminders", { kind: "reminders", enabled: null }],
    ["nps\u00a0team-x", { kind: "nps", target: "team-x", period: null }],
    ["thanks!", { kind: "unknown", text: "thanks!" }],
  ])("%j", (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });
});

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
