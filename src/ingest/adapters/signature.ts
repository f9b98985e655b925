// HMAC signatures compared in constant time (survey tools sign the raw body).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export function hmac(
  algorithm: "sha1" | "sha256" | "sha512",
  key: string,
  data: Buffer | string,
  encoding: "base64" | "hex",
): string {
  return createHmac(algorithm, key).update(data).digest(encoding);
}

/**
 * Compares two strings in constant time, whatever their lengths: both are hashed first, so neither
 * the content nor the length of the expected value leaks through timing.
 */
export function safeEqual(a: string | undefined | null, b: string | undefined | null): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
