// Standard Webhooks (standardwebhooks.com, spec 1.0): `webhook-id`, `webhook-timestamp` (Unix
// seconds) and `webhook-signature` (space-separated `v1,<base64 HMAC-SHA256>` entries) over
// "<id>.<timestamp>.<raw body>", keyed by the base64 bytes of a `whsec_<base64>` secret.
//
// Written on node:crypto rather than with the `standardwebhooks` npm package: that package's
// verify reads Date.now() itself, so the replay window could not follow the injected clock (and
// tests could not check it), and its errors do not name the fix. The scheme is this one file.
import { createHmac } from "node:crypto";
import { AppError } from "../../core/errors.js";
import { safeEqual } from "./signature.js";
import { type AdapterContext, AdapterError, type AdapterRequest, header } from "./types.js";

/** How far a webhook-timestamp may be from this server's clock (the spec's recommended 5 minutes). */
export const REPLAY_WINDOW_SECONDS = 300;
const SECRET_PREFIX = "whsec_";

export interface VerifiedMessage {
  /** The sender's message id: the same on every retry of one message. */
  id: string;
  timestamp: Date;
}

/** The HMAC key of a `whsec_<base64>` secret; refuses anything else with the fix. */
export function secretKey(secret: string, where: string): Buffer {
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : "";
  const key = Buffer.from(b64, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || key.length < 24 || key.length > 64) {
    throw new AdapterError(
      503,
      "ADAPTER_NOT_CONFIGURED",
      `The secret of ${where} must be a Standard Webhooks secret, whsec_ followed by 24-64 base64 bytes: create one with \`echo whsec_$(openssl rand -base64 32)\` and set it in the variable the org file's secretEnv names`,
    );
  }
  return key;
}

/** `v1,<base64>` for one message: what senders put in webhook-signature (tests and examples use it). */
export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string | Buffer) {
  const mac = createHmac("sha256", secretKey(secret, "this sender"))
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest("base64");
  return `v1,${mac}`;
}

/**
 * Checks the three headers against the raw body. Throws UNAUTHORIZED (401) naming what is wrong:
 * a missing header, a timestamp outside the window (a replay, or a sender clock far off), or no
 * matching signature. Every `v1` entry is compared in constant time; one match is enough, so a
 * sender can rotate secrets by signing with both.
 */
export function verifyStandardWebhook(req: AdapterRequest, secret: string, now: Date, where: string): VerifiedMessage {
  const id = header(req.headers, "webhook-id")?.trim();
  const ts = header(req.headers, "webhook-timestamp")?.trim();
  const signatures = header(req.headers, "webhook-signature")?.trim();
  const missing = [!id && "webhook-id", !ts && "webhook-timestamp", !signatures && "webhook-signature"].filter(Boolean);
  if (missing.length) {
    throw new AppError(
      "UNAUTHORIZED",
      `${where}: ${missing.join(", ")} missing; sign each request with the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">)`,
    );
  }
  if (!/^\d{1,12}$/.test(ts!)) {
    throw new AppError("UNAUTHORIZED", `${where}: webhook-timestamp must be Unix seconds, got ${JSON.stringify(ts)}`);
  }
  const seconds = Number(ts);
  const drift = Math.round(now.getTime() / 1000) - seconds;
  if (Math.abs(drift) > REPLAY_WINDOW_SECONDS) {
    throw new AppError(
      "UNAUTHORIZED",
      `${where}: webhook-timestamp is ${Math.abs(drift)} s ${drift > 0 ? "old" : "in the future"}; only ${REPLAY_WINDOW_SECONDS} s either side of this server's clock are accepted (a replayed request, or a sender clock that is off): sign each delivery with the current time`,
    );
  }
  const key = secretKey(secret, where);
  const expected = createHmac("sha256", key).update(`${id}.${ts}.`).update(req.raw).digest("base64");
  let matched = false;
  // No early exit: every candidate is compared, so timing does not tell which one matched.
  for (const entry of signatures!.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    if (safeEqual(entry.slice(comma + 1), expected)) matched = true;
  }
  if (!matched) {
    throw new AppError(
      "UNAUTHORIZED",
      `${where}: no v1 entry of webhook-signature matches the body; check that the sender signs the exact bytes it sends with this source's whsec_ secret`,
    );
  }
  return { id: id!, timestamp: new Date(seconds * 1000) };
}

/** An adapter's verify: the check above, with refusals logged (they answer 401 through the error handler). */
export function verifyForSource(req: AdapterRequest, secret: string, ctx: AdapterContext, where: string): true {
  try {
    verifyStandardWebhook(req, secret, ctx.now, where);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === "UNAUTHORIZED") {
      ctx.log.warn({ source: ctx.slug, reason: e.userMessage }, "signed webhook refused");
    }
    throw e;
  }
}
