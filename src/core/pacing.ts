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
  /**
   * What made `tat` since the key was last idle (earlier sends no longer weigh): each send's time,
   * or a strict block's floor; the oldest fold into `base` past MAX_EVENTS. Replayed without a
   * send to give that send's slot back exactly.
   */
  events: PaceEvent[];
  base: number;
}

type PaceEvent = { take: number } | { floor: number };

/** Sends and blocks remembered per key for exact refunds (a minute of sends at Slack's pace). */
const MAX_EVENTS = 64;

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
    for (const key of keys) this.record(key, { take: at }, at);
  }

  /**
   * Gives back the slot of the send taken at `takenAt` (by dispatch), which certainly did not
   * reach the destination: refused before processing, or a hung attempt that a history lookup
   * later showed was never posted. The key's schedule is replayed without it, so later sends keep
   * their own slots and the burst is never exceeded; on a key idle since, that send no longer
   * weighs and nothing changes. Returns whether the first key (the destination) got a slot back.
   */
  refund(keys: readonly string[], takenAt: number): boolean {
    let first = false;
    keys.forEach((key, i) => {
      const s = this.keys.get(key);
      if (!s) return;
      let at = -1;
      for (let j = s.events.length - 1; j >= 0; j--) {
        const e = s.events[j]!;
        if ("take" in e && e.take === takenAt) {
          at = j;
          break;
        }
      }
      if (at < 0) return;
      s.events.splice(at, 1);
      s.tat = s.events.reduce((tat, e) => this.apply(key, tat, e), s.base);
      if (i === 0) first = true;
    });
    return first;
  }

  /**
   * Moves the send taken at `from` to `to` (later) on each key that still counts it: its slot
   * is where the platform really counted it (see DeliverySchedule.retime). Returns whether the
   * first key (the destination) moved.
   */
  move(keys: readonly string[], from: number, to: number): boolean {
    let first = false;
    keys.forEach((key, i) => {
      if (to <= from || !this.refund([key], from)) return;
      this.record(key, { take: to }, to);
      if (i === 0) first = true;
    });
    return first;
  }

  /**
   * The destination answered "slow down": nothing on `key` before `until`. Then, by default, no
   * burst, only the sustained rate (the server's window is evidently full). With `keepCredit`
   * the key resumes its own schedule at `until`: the sends it was owed meanwhile (it sent
   * nothing while blocked) still go, within its rate and burst; for a 429 that the key's own
   * pacing does not explain (one in a while), where the server's window is not full.
   */
  block(key: string, until: number, opts: { keepCredit?: boolean } = {}): void {
    const s = this.state(key);
    s.blockedUntil = Math.max(s.blockedUntil, until);
    if (!opts.keepCredit) this.record(key, { floor: until + this.shape(key).tolerance }, until);
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

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = { tat: Number.NEGATIVE_INFINITY, blockedUntil: 0, events: [], base: Number.NEGATIVE_INFINITY };
      this.keys.set(key, s);
    }
    return s;
  }

  /** Applies a send or a block's floor at time `at` to the key. */
  private record(key: string, e: PaceEvent, at: number): void {
    const s = this.state(key);
    if (s.tat <= at) {
      // Idle: nothing before weighs any more.
      s.events = [];
      s.base = Number.NEGATIVE_INFINITY;
    }
    s.events.push(e);
    s.tat = this.apply(key, s.tat, e);
    if (s.events.length > MAX_EVENTS) s.base = this.apply(key, s.base, s.events.shift()!);
  }

  private apply(key: string, tat: number, e: PaceEvent): number {
    return "take" in e ? Math.max(tat, e.take) + this.shape(key).interval : Math.max(tat, e.floor);
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
