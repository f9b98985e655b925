// Signs test requests the way a Standard Webhooks sender does, written apart from the code under
// test (node:crypto straight from the spec) so that a shared mistake cannot pass unnoticed.
import { createHmac, randomBytes } from "node:crypto";
import type { IngestHarness } from "./helpers.js";

export const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

export interface SignedMessage {
  id: string;
  /** Unix seconds. */
  timestamp: number;
  secret: string;
}

export function standardHeaders(body: string, m: SignedMessage): Record<string, string> {
  const key = Buffer.from(m.secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key).update(`${m.id}.${m.timestamp}.${body}`).digest("base64");
  return {
    "content-type": "application/json",
    "webhook-id": m.id,
    "webhook-timestamp": String(m.timestamp),
    "webhook-signature": `v1,${mac}`,
  };
}

/** Posts `body` signed with `secret`, as of the harness clock unless `timestamp` says otherwise. */
export function postSigned(
  h: IngestHarness,
  path: string,
  body: string,
  secret: string,
  opts: { id?: string; timestamp?: number } = {},
) {
  const timestamp = opts.timestamp ?? Math.floor(h.clock.now().getTime() / 1000);
  const id = opts.id ?? `msg_${randomBytes(8).toString("hex")}`;
  return h.postRaw(path, body, standardHeaders(body, { id, timestamp, secret }));
}
