// Send pacing for the outbox deliverer (pure): per-destination and per-app rate limits as a
// generic cell rate algorithm (GCRA, the token bucket expressed as one "theoretical arrival time"
// per key), Retry-After blocks, and retry backoff with jitter. Times are plain milliseconds on any
// monotonic scale the caller picks; nothing here reads a clock.

export interface RateLimit {
  /** Sustained sends per second. */
  perSecond: number;
  /** Sends allowed back to back before the sustained rate applies (>= 1). */
  burst: number;
}

interface KeyState {
  /** Theoretical arrival time of the next conforming send (GCRA). */
  tat: number;
  /** A Retry-After block: nothing before this time. */
  blockedUntil: number;
}

/**
 * Next-free-time scheduler over many keys. A key's limit comes from `limitOf(key)` so callers can
 * mix destinations (1/s per Slack channel) and app-wide buckets (30/s per Teams app) freely.
 */
export class Pacer {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly limitOf: (key: string) => RateLimit) {}

  /** The earliest time >= now at which a send on every one of `keys` conforms. */
  earliest(keys: readonly string[], now: number): number {
    let at = now;
    for (const key of keys) {
      const s = this.keys.get(key);
      if (!s) continue;
      at = Math.max(at, s.blockedUntil, s.tat - this.shape(key).tolerance);
    }
    return at;
  }

  /** Records a send at `at` on every key (call with a time from `earliest`). */
  take(keys: readonly string[], at: number): void {
    for (const key of keys) {
      const { interval } = this.shape(key);
      const s = this.keys.get(key) ?? { tat: at, blockedUntil: 0 };
      s.tat = Math.max(s.tat, at) + interval;
      this.keys.set(key, s);
    }
  }

  /**
   * Gives back a slot taken at `at` whose send certainly did not reach the destination (refused
   * before processing): the next send need not wait for it.
   */
  refund(keys: readonly string[], at: number): void {
    for (const key of keys) {
      const s = this.keys.get(key);
      if (s) s.tat = Math.max(at, s.tat - this.shape(key).interval);
    }
  }

  /**
   * The destination answered "slow down": nothing on `key` before `until`, and then no burst,
   * only the sustained rate (the server's window is evidently full).
   */
  block(key: string, until: number): void {
    const { tolerance } = this.shape(key);
    const s = this.keys.get(key) ?? { tat: until, blockedUntil: 0 };
    s.blockedUntil = Math.max(s.blockedUntil, until);
    s.tat = Math.max(s.tat, until + tolerance);
    this.keys.set(key, s);
  }

  /** True when nothing was sent on `key` lately: its whole burst is available at `now`. */
  isIdle(key: string, now: number): boolean {
    const s = this.keys.get(key);
    return !s || (s.tat <= now && s.blockedUntil <= now);
  }

  /** Forgets keys that are back to full burst (bounds memory over 10,000s of DM destinations). */
  prune(now: number): void {
    for (const [key, s] of this.keys) {
      if (s.tat <= now && s.blockedUntil <= now) this.keys.delete(key);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  private shape(key: string): { interval: number; tolerance: number } {
    const limit = this.limitOf(key);
    const interval = 1000 / limit.perSecond;
    return { interval, tolerance: interval * (Math.max(1, limit.burst) - 1) };
  }
}

/** The minimum time to send `count` messages through one key under `limit` (burst first). */
export function minimumDrainMs(count: number, limit: RateLimit): number {
  if (count <= 0) return 0;
  const paced = Math.max(0, count - Math.max(1, limit.burst));
  return (paced * 1000) / limit.perSecond;
}

export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** Ceiling of the delay. */
  capMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept and half is random,
 * so retries from many rows spread out without ever retrying immediately.
 */
export function backoffMs(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
