// Unknown outcomes (pure): when the deliverer must first look for a message an earlier attempt may
// have posted (a crash, a timeout), and what the lookup's answer means. See src/slack/sender.ts.
/** Prefix of a row's lastError when its last attempt may have reached the platform (timeout, reset). */
export const UNKNOWN_OUTCOME = "outcome unknown: ";
/** The claim query's note on a row taken back from an expired lease (the deliverer died mid-send). */
const LEASE_EXPIRED_PREFIX = "lease expired";
/** How far before the row's creation a history lookup starts (clock skew between us and the platform). */
export const LOOKUP_MARGIN_MS = 5 * 60_000;

/**
 * Before sending a row again: may its previous attempt have been posted without our knowing?
 * True after an expired lease (the process died or stalled with the call in flight, or before
 * recording its answer) and after a failure whose outcome is unknown (a timeout, a reset
 * connection). Then the sender first looks for the message by its delivery id.
 */
export function needsDeliveryLookup(row: { lastError: string | null }): boolean {
  const e = row.lastError ?? "";
  return e.startsWith(UNKNOWN_OUTCOME) || e.startsWith(LEASE_EXPIRED_PREFIX);
}

/** The pacing key of a platform's history lookups: their own 429s block them, not the destination. */
export const lookupKey = (platform: string) => `${platform}:lookup`;

/** Where a lookup starts: before the row existed, so it covers every attempt of the row. */
export function lookupSince(row: { createdAt: Date }): Date {
  return new Date(row.createdAt.getTime() - LOOKUP_MARGIN_MS);
}

/** What the platform's history said about a delivery id. */
export type LookupResult<R> =
  | { kind: "found"; ref: R }
  | { kind: "not_found" }
  /** The lookup itself failed; `permanent` when retrying will not help (missing scope, no access). */
  | { kind: "error"; code: string; permanent: boolean };

export type LookupDecision<R> =
  /** The earlier attempt did post: use that message (a card keeps being updated on Claim). */
  | { action: "adopt"; ref: R }
  /** It did not: post now. `degraded` names why we could not check (post anyway: at least once). */
  | { action: "post"; degraded?: string }
  /** We cannot tell yet (the lookup failed for a while): try again later, still unknown. */
  | { action: "retry" };

/**
 * What to do after a lookup. A transient failure retries rather than posting (posting could
 * double the card); a permanent one (the scope is missing) posts anyway, because a card posted
 * twice is better than a card lost, and the caller logs and alerts the admins once.
 */
export function afterLookup<R>(result: LookupResult<R>): LookupDecision<R> {
  switch (result.kind) {
    case "found":
      return { action: "adopt", ref: result.ref };
    case "not_found":
      return { action: "post" };
    case "error":
      return result.permanent ? { action: "post", degraded: result.code } : { action: "retry" };
  }
}
