// The deliverer's options, their defaults, its counters and its handle.
import type { PlatformLimits } from "../../core/delivery-schedule.js";
import { DEFAULT_LIMITS, type ScheduleOptions } from "../../core/delivery-schedule.js";
import type { BackoffPolicy } from "../../core/pacing.js";
import type { ChatPlatform } from "../../core/types.js";

export interface DelivererOptions {
  /** This instance's name, recorded as the lease owner. */
  owner: string;
  /** Sends in flight at once (always on different destinations). */
  concurrency?: number;
  /** Rows claimed per query (and held in memory at most). */
  batchSize?: number;
  /** Fallback poll when nothing kicks the deliverer. */
  pollIntervalMs?: number;
  /** How long a claimed row stays ours; must exceed maxHoldMs + sendTimeoutMs. */
  leaseMs?: number;
  /** Rows whose pacing slot is further away go back to the table until then. */
  maxHoldMs?: number;
  /**
   * A platform call that has not answered by then counts as a retryable failure. Keep it above
   * the platform client's own timeout (Slack's delivery client: 5 s), which should fire first.
   */
  sendTimeoutMs?: number;
  /**
   * A send out longer than this (the platform usually answers in a few hundred ms) no longer holds
   * its destination's lane: the next rows go at their pacing slots while it hangs.
   */
  laneHoldMs?: number;
  maxAttempts?: number;
  maxPermanentFailures?: number;
  /** Transient failures retried at the base delay before the backoff grows. */
  flatRetries?: number;
  retryBackoff?: BackoffPolicy;
  permanentBackoff?: BackoffPolicy;
  limits?: Partial<Record<ChatPlatform, PlatformLimits>>;
  random?: () => number;
  /**
   * `owner` is a stable instance name (INSTANCE_ID) no other live process uses: on start, rows
   * still leased to it were left by a previous run that died, and are taken back at once instead
   * of after their lease (their first attempt's outcome is unknown: they are looked up first).
   */
  takeBackOwnLeases?: boolean;
  /** Monotonic milliseconds for pacing (default performance.now). */
  monotonic?: () => number;
}

export interface DelivererStats {
  sent: number;
  retried: number;
  rateLimited: number;
  dead: number;
  skipped: number;
  leaseLost: number;
  /** Sent, but the success could not be written (the row may be sent again after its lease). */
  unrecorded: number;
}

export interface Deliverer {
  /** Starts the background loop (claims, paces and sends until stop()). */
  start(): void;
  /** Stops claiming, lets sends in flight finish, hands held rows back to the table. */
  stop(): Promise<void>;
  /** New rows were committed: look now rather than at the next poll. */
  kick(): void;
  /**
   * One pass without the background loop (tests, tools): claims what is due now, starts what
   * pacing allows now, and waits for those sends and their records. Refused while started (CONFLICT).
   */
  runOnce(): Promise<void>;
  /**
   * Passes until nothing due is left: no row claimable now, none held, none in flight (waiting
   * for pacing slots in between). Rows scheduled for later (retries, Retry-After) stay in the
   * table. Refused while started (CONFLICT); throws CHAT_DELIVERY_FAILED when still busy after `timeoutMs`.
   */
  drain(opts?: { timeoutMs?: number }): Promise<void>;
  readonly stats: DelivererStats;
}

export type ResolvedOptions = ScheduleOptions & {
  owner: string;
  monotonic: () => number;
  laneHoldMs: number;
  takeBackOwnLeases?: boolean;
};

export function resolveOptions(options: DelivererOptions): ResolvedOptions {
  return {
    concurrency: 16,
    batchSize: 100,
    pollIntervalMs: 1000,
    leaseMs: 120_000,
    maxHoldMs: 15_000,
    sendTimeoutMs: 30_000,
    laneHoldMs: 500,
    // 4 flat retries at 1 s, then doubling: dead after about 17 minutes of failures, as with
    // 10 attempts doubling from 2 s before.
    maxAttempts: 15,
    maxPermanentFailures: 3,
    flatRetries: 4,
    retryBackoff: { baseMs: 1_000, capMs: 15 * 60_000 },
    permanentBackoff: { baseMs: 60_000, capMs: 30 * 60_000 },
    random: Math.random,
    monotonic: () => performance.now(),
    ...options,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
}
