// The outbox deliverer's scheduling decisions (pure, no I/O, no clock): which rows to claim (two
// lanes), which claimed rows to hold in memory and which to hand back until their turn, which held
// row may be sent now (pacing per destination and per app, one send per destination at a time,
// cards before thread replies before the rest), what a failure means (Retry-After, backoff, dead
// letter) and when to wake next. Times are milliseconds on the caller's monotonic scale, passed in
// as `now`, so a test drives it with plain numbers. src/chat/deliverer/ does the I/O around it.
import { type BackoffPolicy, backoffMs, Pacer, type RateLimit } from "./pacing.js";

export {
  afterLookup,
  LOOKUP_MARGIN_MS,
  type LookupDecision,
  type LookupResult,
  lookupSince,
  needsDeliveryLookup,
  UNKNOWN_OUTCOME,
} from "./delivery-lookup.js";

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
  row: { id: number; kind: DeliveryKind; platform: ChatPlatform };
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
  /** Pacing keys a send takes: the destination and the platform's app-wide key. */
  keys: string[];
  /** Not before this time (the estimated pacing slot). */
  readyAt: number;
  claimedAt: number;
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

const PRIORITY: Record<string, number> = { case_card: 0, case_thread: 1 };
const EXPRESS_KINDS: DeliveryKind[] = ["case_card", "case_thread"];
const REGULAR_KINDS: DeliveryKind[] = ["dm", "channel_message"];
/** Queue order on a destination: cards, then thread replies, then the rest; enqueue (id) order within each. */
function queuedBefore(a: Schedulable, b: Schedulable): boolean {
  const pa = PRIORITY[a.row.kind] ?? 2;
  const pb = PRIORITY[b.row.kind] ?? 2;
  return pa !== pb ? pa < pb : a.row.id < b.row.id;
}
/** Cards and thread replies: claimed in their own lane so DMs never crowd them out. */
export const isExpress = (kind: DeliveryKind) => kind === "case_card" || kind === "case_thread";
const HOUSEKEEPING_EVERY_MS = 30_000;
/** 429s on idle destinations within this window... */
const IDLE_429_WINDOW_MS = 10_000;
/** ...on this many different destinations pause the whole platform. */
const IDLE_429_LIMIT = 3;
/** Margin between the end of a send's time budget and the end of the lease. */
const LEASE_MARGIN_MS = 5_000;

export class DeliverySchedule<T extends Schedulable> {
  private held: Held<T>[] = [];
  /** Destinations with a send in flight (and which), until it finishes or stalls past laneHoldMs. */
  private readonly busyKeys = new Map<string, Held<T>>();
  private sending = 0;
  private kicked = true;
  private nextClaimAt = 0;
  private nextHousekeepingAt = 0;
  /** 429s on idle destinations lately: when, and where. */
  private readonly idle429s: { at: number; destKey: string }[] = [];
  private readonly pacer: Pacer;

  constructor(private readonly o: ScheduleOptions) {
    this.pacer = new Pacer((key) => {
      const [platform, rest] = key.split(":", 2) as [ChatPlatform, string];
      const l = this.limitsOf(platform);
      return rest === "app" ? l.perApp : l.perDestination;
    });
  }

  /** New rows were committed: claim at the next pass rather than at the next poll. */
  kick(): void {
    this.kicked = true;
  }

  /** Rows held in memory, waiting for their pacing slot or a free destination. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Sends started and not yet finished. */
  get sendingCount(): number {
    return this.sending;
  }

  /** Pacing keys currently remembered (bounded by housekeeping). */
  get pacedKeys(): number {
    return this.pacer.size;
  }

  /** True once every `HOUSEKEEPING_EVERY_MS`; forgets pacing state that is back to full burst. */
  housekeepingDue(now: number): boolean {
    if (now < this.nextHousekeepingAt) return false;
    this.nextHousekeepingAt = now + HOUSEKEEPING_EVERY_MS;
    this.pacer.prune(now);
    return true;
  }

  /**
   * What to claim now, or null. Two lanes of `batchSize` each: cards and thread replies (paced per
   * channel, so they may wait a while in memory) never fill the room the DMs need, and an alert is
   * claimed past a full buffer of DMs rather than behind a Monday morning's reminders.
   * `force` claims whatever the timers say (a step-driven pass).
   */
  claimPlan(now: number, force = false): ClaimPlan | null {
    if (!force && !this.kicked && now < this.nextClaimAt) return null;
    const express = this.expressHeld();
    const full = this.held.length - express >= this.o.batchSize;
    if (full && !this.kicked && !force) return null;
    this.kicked = false;
    const expressRoom = this.o.batchSize - express;
    const limit = full ? expressRoom : this.o.batchSize - (this.held.length - express);
    if (limit <= 0) return null;
    const kinds = full ? EXPRESS_KINDS : expressRoom > 0 ? undefined : REGULAR_KINDS;
    return { expressOnly: full, limit, ...(kinds ? { kinds } : {}) };
  }

  /** A claim returned `count` rows: a full batch means more are probably due, so claim again soon. */
  claimed(plan: ClaimPlan, count: number, now: number): void {
    if (!plan.expressOnly) this.nextClaimAt = now + (count === plan.limit ? 0 : this.o.pollIntervalMs);
  }

  /** The pass failed (database down...): look again after a poll interval. */
  passFailed(now: number): void {
    this.nextClaimAt = now + this.o.pollIntervalMs;
  }

  /**
   * Takes claimed rows in: each is held until its estimated pacing slot (the key's next free slot
   * plus the rows queued before it on its destination), or, when that is more than `maxHoldMs`
   * away, returned in `later` to go back to the table until then.
   *
   * A destination's rows queue in enqueue order (cards, then thread replies, then the rest; by id
   * within each), not in claim order: a row back from a failed attempt takes its old place at the
   * head of the queue instead of going behind everything claimed meanwhile. Queued last, a row
   * that failed a few times kept missing the bulk and arrived 10-30 s after the rest of a burst.
   */
  admit(items: T[], now: number): { later: { item: T; delayMs: number }[] } {
    const later: { item: T; delayMs: number }[] = [];
    for (const item of items) {
      const keys = [item.destKey, `${item.row.platform}:app`];
      const interval = 1000 / this.limitsOf(item.row.platform).perDestination.perSecond;
      let ahead = 0;
      for (const h of this.held) if (h.item.destKey === item.destKey && queuedBefore(h.item, item)) ahead++;
      const eta = this.pacer.earliest(keys, now) + ahead * interval;
      if (eta - now > this.o.maxHoldMs) {
        later.push({ item, delayMs: Math.ceil(eta - now) });
        this.nextClaimAt = Math.min(this.nextClaimAt, eta);
        continue;
      }
      // The rows it goes ahead of on its destination move one slot later.
      for (const h of this.held) {
        if (h.item.destKey === item.destKey && queuedBefore(item, h.item)) h.readyAt += interval;
      }
      this.held.push({ item, keys, readyAt: eta, claimedAt: now });
    }
    this.held.sort((a, b) => (queuedBefore(a.item, b.item) ? -1 : queuedBefore(b.item, a.item) ? 1 : 0));
    return { later };
  }

  /**
   * The held rows that may be sent now: under the concurrency cap, one per destination at a time,
   * and within pacing (their slot is taken here). Rows held so long that a send could outlive the
   * lease (another instance could take the row meanwhile) come back in `expired`.
   */
  dispatch(now: number): Dispatch<T> {
    const keep: Held<T>[] = [];
    const out: Dispatch<T> = { send: [], expired: [] };
    const latestStart = this.o.leaseMs - this.o.sendTimeoutMs - LEASE_MARGIN_MS;
    for (const h of this.held) {
      if (now - h.claimedAt > latestStart) {
        out.expired.push(h);
        continue;
      }
      if (this.sending >= this.o.concurrency || this.busyKeys.has(h.item.destKey) || h.readyAt > now) {
        keep.push(h);
        continue;
      }
      const at = this.pacer.earliest(h.keys, now);
      if (at > now) {
        h.readyAt = at;
        keep.push(h);
        continue;
      }
      const keyWasIdle = this.pacer.isIdle(h.item.destKey, now);
      this.pacer.take(h.keys, now);
      this.busyKeys.set(h.item.destKey, h);
      this.sending++;
      out.send.push({ held: h, keyWasIdle });
    }
    this.held = keep;
    return out;
  }

  /** A send from dispatch() finished (whatever its outcome): its destination is free again. */
  finished(h: Held<T>): void {
    this.freeLane(h);
    this.sending--;
  }

  /**
   * A send is taking far longer than the platform usually answers (a hang): its destination takes
   * the next rows at their pacing slots meanwhile. Order is not at stake: rows of one case are
   * never claimed while another row of that case is out (the claim query's rule), and pacing
   * still counts the hung send's slot. Its own row waits for its answer or timeout.
   */
  freeLane(h: Held<T>): void {
    if (this.busyKeys.get(h.item.destKey) === h) this.busyKeys.delete(h.item.destKey);
  }

  /**
   * A send's pacing slot was not used by the platform (refused before posting, or a hung earlier
   * attempt that the history lookup shows was never posted): give it back, and move the rows
   * held behind it on that destination up one slot.
   */
  refundSlot(h: Held<T>, now: number): void {
    this.pacer.refund(h.keys, now);
    const interval = 1000 / this.limitsOf(h.item.row.platform).perDestination.perSecond;
    for (const o of this.held) {
      if (o.item.destKey === h.item.destKey) o.readyAt = Math.max(now, o.readyAt - interval);
    }
  }

  /** A row went back to the table for `delayMs`: look for it again then. */
  released(delayMs: number, now: number): void {
    this.nextClaimAt = Math.min(this.nextClaimAt, now + Math.max(0, delayMs));
  }

  /** What a failed send means for its row (`attempts`: failures counted before this one). */
  failed(
    h: Held<T>,
    failure: {
      kind: FailureKind;
      retryAfterMs?: number | undefined;
      /** The row's earlier or this attempt may have been posted. */
      outcomeUnknown?: boolean | undefined;
      /** This attempt certainly posted nothing (it failed while looking up an earlier one). */
      nothingSent?: boolean | undefined;
    },
    attempts: number,
    keyWasIdle: boolean,
    now: number,
  ): FailureDecision {
    // Refused before anything was posted: the send's pacing slot goes back (the platform did not
    // count it), so a burst of 500s does not slow the destination. A hang keeps its slot.
    if (!failure.outcomeUnknown || failure.nothingSent) this.refundSlot(h, now);
    if (failure.kind === "rate_limited") {
      const wait = failure.retryAfterMs ?? 1_000;
      const until = now + wait;
      this.pacer.block(h.item.destKey, until);
      // 429s on destinations we had not used lately point at the app's or workspace's limit (or
      // another instance): a few of them close together, on different destinations, pause the
      // whole platform. Repeated 429s on one or two destinations (a busy channel, the end of a
      // burst when every channel is idle again) are those destinations' own: blocking them is enough.
      if (keyWasIdle) {
        this.idle429s.push({ at: now, destKey: h.item.destKey });
        while (this.idle429s.length && this.idle429s[0]!.at < now - IDLE_429_WINDOW_MS) this.idle429s.shift();
        const where = new Set(this.idle429s.map((x) => x.destKey));
        if (where.size >= IDLE_429_LIMIT) this.pacer.block(`${h.item.row.platform}:app`, until);
      }
      this.released(wait, now);
      return { action: "release", delayMs: wait };
    }
    const failures = attempts + 1;
    const permanent = failure.kind === "permanent";
    if (failures >= (permanent ? this.o.maxPermanentFailures : this.o.maxAttempts)) return { action: "dead", failures };
    const step = permanent ? failures : Math.max(1, failures - (this.o.flatRetries ?? 0));
    const delayMs = backoffMs(step, permanent ? this.o.permanentBackoff : this.o.retryBackoff, this.o.random);
    this.released(delayMs, now);
    return { action: "retry", delayMs, failures };
  }

  /**
   * How long the loop may sleep: until the next claim is due (when there is room to claim), or a
   * held row's slot comes; never longer than a poll interval. A kick means no sleep at all.
   * (Finished sends wake the loop themselves.)
   */
  sleepMs(now: number): number {
    const room = this.held.length - this.expressHeld() < this.o.batchSize;
    let until = this.kicked ? now : room ? this.nextClaimAt : Number.POSITIVE_INFINITY;
    if (this.sending < this.o.concurrency) {
      for (const h of this.held) if (!this.busyKeys.has(h.item.destKey)) until = Math.min(until, h.readyAt);
    }
    return Math.max(0, Math.min(until - now, this.o.pollIntervalMs));
  }

  /** Empties the memory buffer (on stop: the rows go back to the table). */
  takeHeld(): Held<T>[] {
    const rest = this.held;
    this.held = [];
    return rest;
  }

  private expressHeld(): number {
    let n = 0;
    for (const h of this.held) if (isExpress(h.item.row.kind)) n++;
    return n;
  }

  private limitsOf(platform: ChatPlatform): PlatformLimits {
    return this.o.limits[platform] ?? DEFAULT_LIMITS.slack;
  }
}
