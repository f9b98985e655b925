// The outbox deliverer's scheduling decisions (pure, no I/O, no clock): which rows to claim (two
// lanes), which claimed rows to hold in memory and which to hand back until their turn, which held
// row may be sent now (pacing per destination and per app, one send per destination at a time,
// cards before thread replies before the rest), what a failure means (Retry-After, backoff, dead
// letter) and when to wake next. Times are milliseconds on the caller's monotonic scale, passed in
// as `now`, so a test drives it with plain numbers. src/chat/deliverer/ does the I/O around it.
import { lookupKey, needsDeliveryLookup } from "./delivery-lookup.js";
import { backoffMs, Pacer } from "./pacing.js";
import { RateLimitSignals } from "./rate-limit-signals.js";

export {
  afterLookup,
  LOOKUP_MARGIN_MS,
  type LookupDecision,
  type LookupResult,
  lookupSince,
  needsDeliveryLookup,
  UNKNOWN_OUTCOME,
} from "./delivery-lookup.js";

import type {
  ClaimPlan,
  DeliveryKind,
  Dispatch,
  FailureDecision,
  FailureKind,
  Held,
  PlatformLimits,
  Schedulable,
  ScheduleOptions,
} from "./delivery-types.js";
import { DEFAULT_LIMITS } from "./delivery-types.js";
import type { ChatPlatform } from "./types.js";

export * from "./delivery-types.js";

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
  private readonly rateLimits = new RateLimitSignals();
  /** Rows whose last send's outcome is unknown (a hang): when that send took its slot. */
  private readonly hungSlots = new Map<number, number>();
  private readonly pacer: Pacer;

  constructor(private readonly o: ScheduleOptions) {
    this.pacer = new Pacer((key) => {
      const [platform, rest] = key.split(":", 2) as [ChatPlatform, string];
      const l = this.limitsOf(platform);
      // History lookups are not paced ahead (rare: after a crash or a timeout), only blocked by a 429.
      return rest === "app" || rest === "lookup" ? l.perApp : l.perDestination;
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
    this.rateLimits.prune(now);
    for (const [id, at] of this.hungSlots) if (at < now - this.o.leaseMs) this.hungSlots.delete(id);
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
      if (needsDeliveryLookup({ lastError: item.row.lastError ?? null })) keys.push(lookupKey(item.row.platform));
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
      if (this.sending >= this.o.concurrency || this.busyKeys.has(h.item.destKey)) {
        keep.push(h);
        continue;
      }
      // The pacer decides, not the estimate made at admission (`readyAt`, for sleeping and
      // holding): slots given back by refused sends, and a lone 429's owed sends, are used at once.
      const at = this.pacer.earliest(h.keys, now);
      if (at > now) {
        h.readyAt = at;
        keep.push(h);
        continue;
      }
      const keyWasIdle = this.pacer.isIdle(h.item.destKey, now);
      this.pacer.take(h.keys, now);
      h.startedAt = now;
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
   * The history lookup of a send showed its earlier attempt was never posted; it posts now. The
   * earlier attempt's slot comes back (if this instance took it and it still weighs), and this
   * send's slot moves from its start to now: the lookup took a while, and the sends after it are
   * paced from when it really posts (or a burst right behind it would come too close).
   */
  postsAfterLookup(h: Held<T>, now: number): void {
    const hungAt = this.hungSlots.get(h.item.row.id);
    this.hungSlots.delete(h.item.row.id);
    this.retime(h, now);
    if (hungAt !== undefined) this.refundSlot(h, now, hungAt);
  }

  /**
   * The send's platform call leaves now, or was answered now: its slot, taken at dispatch, moves
   * here (never earlier). What comes between (reading the case to render its card, a history
   * lookup, the request itself on a busy machine) takes longer at some times than others; the
   * platform counted the post before its answer, so pacing from the answer never lands a burst's
   * next post too close, whatever the delays on the way.
   */
  retime(h: Held<T>, now: number): void {
    if (h.startedAt !== undefined && this.pacer.move(h.keys, h.startedAt, now)) h.startedAt = now;
  }

  /**
   * A send's pacing slot was not used by the platform (refused before posting, or a hung earlier
   * attempt, taken at `takenAt`, that the history lookup shows was never posted): give it back,
   * and move the rows held behind it on that destination up one slot.
   */
  refundSlot(h: Held<T>, now: number, takenAt = h.startedAt): void {
    if (takenAt === undefined || !this.pacer.refund(h.keys, takenAt)) return;
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
    else if (h.startedAt !== undefined) this.hungSlots.set(h.item.row.id, h.startedAt);
    if (failure.kind === "rate_limited") {
      const wait = failure.retryAfterMs ?? 1_000;
      const until = now + wait;
      this.released(wait, now);
      // The history lookup before the post was refused (its own per-method limit), not the post:
      // the lookups wait, the destination's posts go on.
      if (failure.nothingSent) {
        this.pacer.block(lookupKey(h.item.row.platform), until, { keepCredit: true });
        return { action: "release", delayMs: wait };
      }
      // Nothing on the destination before Retry-After; then its schedule or only its sustained
      // rate, and perhaps a pause of the whole platform (see rate-limit-signals.ts).
      const intervalMs = 1000 / this.limitsOf(h.item.row.platform).perDestination.perSecond;
      const { destKey } = h.item;
      const reading = this.rateLimits.read({ destKey, now, until, intervalMs, keyWasIdle });
      this.pacer.block(destKey, until, { keepCredit: reading.keepCredit });
      if (reading.pausePlatform) this.pacer.block(`${h.item.row.platform}:app`, until);
      return { action: "release", delayMs: wait };
    }
    const failures = attempts + 1;
    const permanent = failure.kind === "permanent";
    if (failures >= (permanent ? this.o.maxPermanentFailures : this.o.maxAttempts)) return { action: "dead", failures };
    const step = permanent ? failures : Math.max(1, failures - (this.o.flatRetries ?? 0));
    const backoff = backoffMs(step, permanent ? this.o.permanentBackoff : this.o.retryBackoff, this.o.random);
    // The backoff spaces attempts: it counts from the failed attempt's start, so a send that hung
    // until its timeout (already that long ago) is retried at once, not a backoff after.
    const delayMs = Math.max(0, backoff - (now - (h.startedAt ?? now)));
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
