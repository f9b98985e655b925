// The delivery schedule's shapes (src/core/delivery-schedule.ts): platform limits and their
// defaults, its options, the rows it holds, what it asks to claim and send, and its decisions on
// a failure.
import type { BackoffPolicy, RateLimit } from "./pacing.js";
import type { ChatPlatform } from "./types.js";

export interface PlatformLimits {
  /** One channel, conversation or DM. */
  perDestination: RateLimit;
  /** Everything the app sends on the platform. */
  perApp: RateLimit;
}

/**
 * Slack: about 1 message per second per channel, "short bursts allowed" (we take 3, then pace a
 * little under 1/s so network jitter does not land two posts inside one second); no published
 * app-wide number for chat.postMessage, so a generous cap, paused by bursts of 429s (see failed()).
 * Teams: 7 per second per conversation and 30 per second per app (Bot Framework limits).
 */
export const DEFAULT_LIMITS: Record<ChatPlatform, PlatformLimits> = {
  slack: { perDestination: { perSecond: 0.95, burst: 3 }, perApp: { perSecond: 100, burst: 20 } },
  teams: { perDestination: { perSecond: 7, burst: 7 }, perApp: { perSecond: 30, burst: 30 } },
};

export type DeliveryKind = "case_card" | "case_thread" | "dm" | "channel_message";

/** A claimed row as the schedule sees it: its id (enqueue order), kind, platform and pacing key. */
export interface Schedulable {
  /** `lastError` tells whether the send first looks up an earlier attempt (see delivery-lookup.ts). */
  row: { id: number; kind: DeliveryKind; platform: ChatPlatform; lastError?: string | null };
  /** Pacing key of the destination, platform-prefixed (e.g. "slack:C123"). */
  destKey: string;
}

export interface ScheduleOptions {
  /** Sends in flight at once (always on different destinations). */
  concurrency: number;
  /** Rows claimed per query, per lane (and held in memory at most). */
  batchSize: number;
  /** Fallback poll when nothing kicks the deliverer. */
  pollIntervalMs: number;
  /** How long a claimed row stays ours. */
  leaseMs: number;
  /** Rows whose pacing slot is further away go back to the table until then. */
  maxHoldMs: number;
  /** A send's time budget: a held row must start early enough to finish inside its lease. */
  sendTimeoutMs: number;
  maxAttempts: number;
  maxPermanentFailures: number;
  /**
   * Transient failures retried at the base delay before the backoff grows (default 0): scattered
   * 500s and hangs cost a second each, not a doubling wait; a lasting outage still backs off.
   */
  flatRetries?: number;
  retryBackoff: BackoffPolicy;
  permanentBackoff: BackoffPolicy;
  limits: Record<ChatPlatform, PlatformLimits>;
  random: () => number;
}

export interface Held<T> {
  item: T;
  /**
   * Pacing keys a send takes: the destination and the platform's app-wide key (and its history
   * lookups' key when it first looks for an earlier attempt).
   */
  keys: string[];
  /** The estimated pacing slot (when to wake for it); the pacer has the last word at dispatch. */
  readyAt: number;
  claimedAt: number;
  /** When dispatch() started its send: a retry's backoff counts from there. */
  startedAt?: number;
}

/** What to claim: how many rows, and of which kinds (undefined: any). */
export interface ClaimPlan {
  expressOnly: boolean;
  limit: number;
  kinds?: DeliveryKind[];
}

export interface Dispatch<T> {
  /** Send these now; `keyWasIdle` feeds the 429 detector in failed(). */
  send: { held: Held<T>; keyWasIdle: boolean }[];
  /** Held too long to finish inside the lease: hand them back to the table now. */
  expired: Held<T>[];
}

export type FailureKind = "retry" | "rate_limited" | "permanent";

export type FailureDecision =
  /** Rate limited: back to the table after this delay, no failure counted. */
  | { action: "release"; delayMs: number }
  /** Count a failure and try again after the backoff. */
  | { action: "retry"; delayMs: number; failures: number }
  /** Out of attempts: dead-letter the row (and alert the admins). */
  | { action: "dead"; failures: number };
