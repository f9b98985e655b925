// The Standard Webhooks check on its own: the spec's published test vector, several signatures,
// the replay window on both sides, and the errors a sender reads.
import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/core/errors.js";
import {
  REPLAY_WINDOW_SECONDS,
  signStandardWebhook,
  verifyStandardWebhook,
} from "../../src/ingest/adapters/standard-webhooks.js";

// The example of the Standard Webhooks reference libraries' tests (secret, id, time, body -> signature).
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const at = (seconds: number) => new Date(seconds * 1000);

const request = (headers: Record<string, string>, body = BODY) => ({ raw: Buffer.from(body), headers });
const verify = (headers: Record<string, string>, now = at(TS), body = BODY) =>
  verifyStandardWebhook(request(headers, body), SECRET, now, "test source");
const failure = (f: () => unknown): { code: string; message: string } => {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.userMessage };
    throw e;
  }
  throw new Error("expected a failure");
};
const headers = (signature = EXPECTED, ts = TS, id = ID) => ({
  "webhook-id": id,
  "webhook-timestamp": String(ts),
  "webhook-signature": signature,
});

describe("Standard Webhooks verification", () => {
  it("signs and verifies the spec's test vector", () => {
    expect(signStandardWebhook(SECRET, ID, TS, BODY)).toBe(EXPECTED);
    expect(verify(headers())).toEqual({ id: ID, timestamp: at(TS) });
  });

  it("accepts any matching v1 entry among several (secret rotation) and skips other versions", () => {
    const other = signStandardWebhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, ID, TS, BODY);
    expect(verify(headers(`${other} v1a,abc ${EXPECTED}`)).id).toBe(ID);
    expect(failure(() => verify(headers(`v2,${EXPECTED.slice(3)}`))).code).toBe("UNAUTHORIZED");
  });

  it("refuses a tampered body, another id or another time under the same signature", () => {
    expect(failure(() => verify(headers(), at(TS), '{"test": 2432232315}')).message).toContain("no v1 entry");
    expect(failure(() => verify(headers(EXPECTED, TS, "msg_other"))).code).toBe("UNAUTHORIZED");
    expect(failure(() => verify(headers(EXPECTED, TS + 1), at(TS + 1))).code).toBe("UNAUTHORIZED");
  });

  it("accepts timestamps up to 5 minutes either side and refuses beyond, naming the window", () => {
    expect(verify(headers(), at(TS + REPLAY_WINDOW_SECONDS)).id).toBe(ID);
    expect(verify(headers(), at(TS - REPLAY_WINDOW_SECONDS)).id).toBe(ID);
    const old = failure(() => verify(headers(), at(TS + REPLAY_WINDOW_SECONDS + 1)));
    expect(old).toMatchObject({ code: "UNAUTHORIZED" });
    expect(old.message).toContain("301 s old");
    expect(failure(() => verify(headers(), at(TS - 3600))).message).toContain("in the future");
  });

  it("names missing headers and a malformed timestamp", () => {
    expect(failure(() => verify({ "webhook-id": ID })).message).toContain(
      "webhook-timestamp, webhook-signature missing",
    );
    expect(failure(() => verify(headers(EXPECTED, Number.NaN))).message).toContain("Unix seconds");
  });

  it("refuses a secret that is not whsec_<base64> with the command that makes one", () => {
    const e = (() => {
      try {
        verifyStandardWebhook(request(headers()), "plain-password", at(TS), "source x");
      } catch (err) {
        return err;
      }
    })();
    expect(isAppError(e, "ADAPTER_NOT_CONFIGURED")).toBe(true);
    expect((e as Error).message).toContain("openssl rand -base64 32");
  });
});
