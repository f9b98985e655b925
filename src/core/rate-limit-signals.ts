// What a 429 says beyond "wait Retry-After" (pure, times in caller's milliseconds): whether the
// destination's window is really full (a second 429 in the same episode: no burst after it), and
// whether 429s on several idle destinations point at the app's or workspace's limit (pause the
// platform). Used by the delivery schedule (src/core/delivery-schedule.ts) on each 429.

/** 429s on idle destinations within this window... */
const IDLE_429_WINDOW_MS = 10_000;
/** ...on this many different destinations pause the whole platform. */
const IDLE_429_LIMIT = 3;
/**
 * A 429 on a destination within this many of its intervals after the end of its previous
 * Retry-After is the same episode: its window really is full, so no burst after this one.
 */
const EPISODE_INTERVALS = 2;

export interface RateLimitReading {
  /**
   * A lone 429 that the destination's own pacing does not explain (another poster, the platform's
   * hiccup): after Retry-After the destination resumes its schedule, owed sends included.
   * False for a second one in the same episode: its window is full, the sustained rate only.
   */
  keepCredit: boolean;
  /** 429s on several idle destinations at once: the whole platform waits out this Retry-After. */
  pausePlatform: boolean;
}

export class RateLimitSignals {
  /** 429s on idle destinations lately: when, and where. */
  private readonly idle429s: { at: number; destKey: string }[] = [];
  /** Destinations answered 429 lately: until when a further 429 belongs to the same episode. */
  private readonly episodes = new Map<string, number>();

  /**
   * A send to `destKey` got a 429 at `now`, to wait until `until`; `intervalMs` is the
   * destination's sustained interval, `keyWasIdle` whether it had sent nothing lately.
   */
  read(i: { destKey: string; now: number; until: number; intervalMs: number; keyWasIdle: boolean }): RateLimitReading {
    const episode = this.episodes.get(i.destKey);
    const repeated = episode !== undefined && i.now < episode;
    this.episodes.set(i.destKey, i.until + EPISODE_INTERVALS * i.intervalMs);
    // 429s on destinations we had not used lately point at the app's or workspace's limit (or
    // another instance): a few of them close together, on different destinations, pause the
    // whole platform. Repeated 429s on one or two destinations (a busy channel, the end of a
    // burst when every channel is idle again) are those destinations' own: blocking them is enough.
    let pausePlatform = false;
    if (i.keyWasIdle) {
      this.idle429s.push({ at: i.now, destKey: i.destKey });
      while (this.idle429s.length && this.idle429s[0]!.at < i.now - IDLE_429_WINDOW_MS) this.idle429s.shift();
      pausePlatform = new Set(this.idle429s.map((x) => x.destKey)).size >= IDLE_429_LIMIT;
    }
    return { keepCredit: !repeated, pausePlatform };
  }

  /** Forgets episodes that are over (bounds memory). */
  prune(now: number): void {
    for (const [key, until] of this.episodes) if (until <= now) this.episodes.delete(key);
  }
}
