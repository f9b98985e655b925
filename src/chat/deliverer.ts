// The outbox deliverer: the only code that sends proactive chat messages (cards, thread replies,
// DMs, channel posts). It claims due rows with a lease, paces them per destination and per app,
// sends a few at once across different destinations, and records each outcome:
//   sent   -> never sent again;
//   rate limited -> back after Retry-After (not counted as a failure);
//   retry  -> exponential backoff with jitter, dead after `maxAttempts` failures;
//   permanent (channel_not_found, invalid_auth...) -> dead after `maxPermanentFailures`, admins alerted.
// It wakes at once on deps.outboxKick() and polls as a fallback (other instances' rows, retries).

import type { AppContext } from "../app-context.js";
import { type BackoffPolicy, backoffMs, Pacer, type RateLimit } from "../core/pacing.js";
import type { ChatPlatform } from "../core/types.js";
import { OutboxDeliveryRepository, type OutboxRow } from "../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../deps.js";
import { alertAdminsOfDeadLetter, retryDb, withTimeout } from "./delivery-alerts.js";
import { type ResolvedRow, resolveBatch, saveCardRef, sendRow } from "./delivery-send.js";
import { DeliveryError, type PlatformSender } from "./port.js";

export interface PlatformLimits {
  /** One channel, conversation or DM. */
  perDestination: RateLimit;
  /** Everything the app sends on the platform. */
  perApp: RateLimit;
}

/**
 * Slack: about 1 message per second per channel, "short bursts allowed" (we take 3, then pace a
 * little under 1/s so network jitter does not land two posts inside one second); no published
 * app-wide number for chat.postMessage, so a generous cap, paused by bursts of 429s (see onFailure).
 * Teams: 7 per second per conversation and 30 per second per app (Bot Framework limits).
 */
export const DEFAULT_LIMITS: Record<ChatPlatform, PlatformLimits> = {
  slack: { perDestination: { perSecond: 0.95, burst: 3 }, perApp: { perSecond: 100, burst: 20 } },
  teams: { perDestination: { perSecond: 7, burst: 7 }, perApp: { perSecond: 30, burst: 30 } },
};

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
   * the platform client's own timeout (Slack's delivery client: 10 s), which should fire first.
   */
  sendTimeoutMs?: number;
  maxAttempts?: number;
  maxPermanentFailures?: number;
  retryBackoff?: BackoffPolicy;
  permanentBackoff?: BackoffPolicy;
  limits?: Partial<Record<ChatPlatform, PlatformLimits>>;
  random?: () => number;
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
  start(): void;
  /** Stops claiming, lets sends in flight finish, hands held rows back to the table. */
  stop(): Promise<void>;
  /** New rows were committed: look now rather than at the next poll. */
  kick(): void;
  readonly stats: DelivererStats;
}

const PRIORITY: Record<string, number> = { case_card: 0, case_thread: 1 };
const isExpress = (row: OutboxRow) => row.kind === "case_card" || row.kind === "case_thread";
const MARK_BATCH = 50;
const MARK_DELAY_MS = 15;

type Held = ResolvedRow & { keys: string[]; readyAt: number; claimedAt: number };

const monotonic = () => performance.now();

export function createDeliverer(
  deps: CoreDeps,
  senders: ReadonlyMap<ChatPlatform, PlatformSender>,
  options: DelivererOptions,
): Deliverer {
  const o = {
    concurrency: 16,
    batchSize: 100,
    pollIntervalMs: 1000,
    leaseMs: 120_000,
    maxHoldMs: 15_000,
    sendTimeoutMs: 30_000,
    maxAttempts: 10,
    maxPermanentFailures: 3,
    retryBackoff: { baseMs: 2_000, capMs: 15 * 60_000 },
    permanentBackoff: { baseMs: 60_000, capMs: 30 * 60_000 },
    random: Math.random,
    ...options,
  };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const owner = o.owner;
  const log = deps.log.child({ component: "deliverer", owner });
  const repo = new OutboxDeliveryRepository(deps.db.client);
  const pacer = new Pacer((key) => {
    const [platform, rest] = key.split(":", 2) as [ChatPlatform, string];
    const l = limits[platform] ?? DEFAULT_LIMITS.slack;
    return rest === "app" ? l.perApp : l.perDestination;
  });
  const stats: DelivererStats = {
    sent: 0,
    retried: 0,
    rateLimited: 0,
    dead: 0,
    skipped: 0,
    leaseLost: 0,
    unrecorded: 0,
  };

  let held: Held[] = [];
  const busyKeys = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let kicked = true;
  let nextClaimAt = 0;
  let nextHousekeeping = 0;
  let wake: (() => void) | undefined;
  const warnedPlatforms = new Set<ChatPlatform>();
  const idle429s: number[] = [];

  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  async function claim(expressOnly = false): Promise<void> {
    const platforms = [...senders.keys()];
    // Two lanes of `batchSize` each: cards and thread replies (paced per channel, so they may wait
    // a while in memory) never fill the room the DMs need, and an alert is claimed past a full
    // buffer of DMs rather than behind a Monday morning's reminders.
    const express = held.filter((h) => isExpress(h.row)).length;
    const expressRoom = o.batchSize - express;
    const room = expressOnly ? expressRoom : o.batchSize - (held.length - express);
    if (room <= 0 || platforms.length === 0) return;
    const kinds: OutboxRow["kind"][] | undefined = expressOnly
      ? ["case_card", "case_thread"]
      : expressRoom > 0
        ? undefined
        : ["dm", "channel_message"];
    const rows = await repo.claim({
      now: deps.clock.now(),
      owner,
      leaseMs: o.leaseMs,
      limit: room,
      platforms,
      ...(kinds ? { kinds } : {}),
    });
    // A full batch means more are probably due: claim again as soon as there is room.
    if (!expressOnly) nextClaimAt = monotonic() + (rows.length === room ? 0 : o.pollIntervalMs);
    if (rows.length === 0) return;
    const resolved = await resolveBatch(deps, rows, senders);
    const now = monotonic();
    const queued = new Map<string, number>();
    for (const h of held) queued.set(h.destKey, (queued.get(h.destKey) ?? 0) + 1);
    const later: { id: number; at: Date }[] = [];
    for (const r of resolved) {
      const d = r.destination;
      if (d.kind === "skip") {
        await finish(r.row, "skipped", () => repo.markDead(r.row.id, owner, `skipped: ${d.reason}`));
        continue;
      }
      const keys = [r.destKey, `${r.row.platform}:app`];
      // Estimate when this row's turn comes: the key's next free slot plus the rows queued before it.
      const ahead = queued.get(r.destKey) ?? 0;
      queued.set(r.destKey, ahead + 1);
      const interval = 1000 / (limits[r.row.platform] ?? DEFAULT_LIMITS.slack).perDestination.perSecond;
      const eta = pacer.earliest(keys, now) + ahead * interval;
      if (eta - now > o.maxHoldMs) {
        later.push({ id: r.row.id, at: new Date(deps.clock.now().getTime() + Math.ceil(eta - now)) });
        nextClaimAt = Math.min(nextClaimAt, eta);
        continue;
      }
      held.push({ ...r, keys, readyAt: eta, claimedAt: now });
    }
    // Rows whose turn is far off go back to the table until then, in one statement.
    await repo.releaseMany(later, owner, deps.clock.now());
    // Cards, then thread replies, then the rest; claim order within each (the sort is stable).
    held.sort((a, b) => (PRIORITY[a.row.kind] ?? 2) - (PRIORITY[b.row.kind] ?? 2));
  }

  /** Hands a row back to the table for later (no failure counted). */
  async function release(row: OutboxRow, delayMs: number, error?: string): Promise<void> {
    const at = new Date(deps.clock.now().getTime() + Math.max(0, Math.ceil(delayMs)));
    await repo.reschedule(row.id, owner, { nextAttemptAt: at, failed: false, ...(error ? { error } : {}) });
    nextClaimAt = Math.min(nextClaimAt, monotonic() + Math.max(0, delayMs));
  }

  function dispatch(): void {
    const now = monotonic();
    const keep: Held[] = [];
    // A send must finish well inside the lease, or another instance could take the row meanwhile.
    const latestStart = o.leaseMs - o.sendTimeoutMs - 5_000;
    for (const h of held) {
      if (now - h.claimedAt > latestStart) {
        void release(h.row, 0).catch((err) => log.warn({ err, row: h.row.id }, "could not hand back a row"));
        continue;
      }
      if (inFlight.size >= o.concurrency || busyKeys.has(h.destKey) || h.readyAt > now) {
        keep.push(h);
        continue;
      }
      const at = pacer.earliest(h.keys, now);
      if (at > now) {
        h.readyAt = at;
        keep.push(h);
        continue;
      }
      const keyWasIdle = pacer.isIdle(h.destKey, now);
      pacer.take(h.keys, now);
      busyKeys.add(h.destKey);
      const p = deliver(h, keyWasIdle).finally(() => {
        busyKeys.delete(h.destKey);
        inFlight.delete(p);
        poke();
      });
      inFlight.add(p);
    }
    held = keep;
  }

  async function deliver(h: Held, keyWasIdle: boolean): Promise<void> {
    const { row } = h;
    const sender = senders.get(row.platform);
    let sent: Awaited<ReturnType<typeof sendRow>>;
    try {
      if (!sender) throw new DeliveryError("retry", `no ${row.platform} sender registered`);
      sent = await sendRow(deps, sender, h, (call) => withTimeout(call, o.sendTimeoutMs));
    } catch (e) {
      await onFailure(h, e, keyWasIdle).catch((err) => log.error({ err, row: row.id }, "could not record a failure"));
      return;
    }
    try {
      const cardRef = sent.cardRef;
      if (cardRef?.changed) await retryDb(() => saveCardRef(deps, { result: sent.result, cardRef }));
      const recorded = await markSentBatched(row.id, sent.result);
      if (recorded) {
        stats.sent++;
        deps.metrics.deliveries.inc({ platform: row.platform, result: "sent" });
      } else {
        stats.leaseLost++;
        log.warn({ row: row.id }, "sent, but the lease had passed to another deliverer");
      }
    } catch (err) {
      // Nothing else to do: the row stays leased and, once the lease ends, may be sent again.
      stats.unrecorded++;
      log.error({ err, row: row.id }, "sent, but could not record it; it may be sent again after its lease");
    }
  }

  // Successes are recorded in small batches: one UPDATE for many rows instead of one each.
  let marks: { id: number; result: unknown; done: (ok: boolean) => void; fail: (e: unknown) => void }[] = [];
  let markTimer: NodeJS.Timeout | undefined;
  function markSentBatched(id: number, result: unknown): Promise<boolean> {
    return new Promise((done, fail) => {
      marks.push({ id, result, done, fail });
      if (marks.length >= MARK_BATCH) void flushMarks();
      else markTimer ??= setTimeout(() => void flushMarks(), MARK_DELAY_MS);
    });
  }
  async function flushMarks(): Promise<void> {
    clearTimeout(markTimer);
    markTimer = undefined;
    const batch = marks;
    marks = [];
    if (batch.length === 0) return;
    try {
      const ok = await retryDb(() => repo.markSentMany(batch, owner, deps.clock.now()));
      for (const m of batch) m.done(ok.has(m.id));
    } catch (e) {
      for (const m of batch) m.fail(e);
    }
  }

  async function onFailure(h: Held, e: unknown, keyWasIdle: boolean): Promise<void> {
    const { row } = h;
    const err = e instanceof DeliveryError ? e : new DeliveryError("retry", e instanceof Error ? e.message : String(e));
    const code = err.opts.platformCode ?? null;
    const message = code ? `${code}: ${err.message}` : err.message;
    if (err.kind === "rate_limited") {
      const wait = err.opts.retryAfterMs ?? 1_000;
      const until = monotonic() + wait;
      pacer.block(h.destKey, until);
      // 429s on destinations we had not used lately point at the app's or workspace's limit (or
      // another instance): a few of them close together pause the whole platform.
      if (keyWasIdle) {
        idle429s.push(monotonic());
        while (idle429s.length && idle429s[0]! < monotonic() - 10_000) idle429s.shift();
        if (idle429s.length >= 3) pacer.block(`${row.platform}:app`, until);
      }
      stats.rateLimited++;
      deps.metrics.deliveries.inc({ platform: row.platform, result: "rate_limited" });
      await release(row, wait, message);
      return;
    }
    const failures = row.attempts + 1;
    const permanent = err.kind === "permanent";
    if (failures >= (permanent ? o.maxPermanentFailures : o.maxAttempts)) {
      await finish(row, "dead", () => repo.markDead(row.id, owner, message));
      log.error({ row: row.id, kind: row.kind, destination: h.label, error: message }, "outbox row dead-lettered");
      await alertAdmins(h, err.message, code, failures);
      return;
    }
    const delay = backoffMs(failures, permanent ? o.permanentBackoff : o.retryBackoff, o.random);
    stats.retried++;
    deps.metrics.deliveries.inc({ platform: row.platform, result: "retry" });
    log.warn({ row: row.id, destination: h.label, error: message, retryInMs: delay }, "delivery failed; will retry");
    await repo.reschedule(row.id, owner, {
      nextAttemptAt: new Date(deps.clock.now().getTime() + delay),
      error: message,
      failed: true,
    });
    nextClaimAt = Math.min(nextClaimAt, monotonic() + delay);
  }

  async function finish(row: OutboxRow, result: "dead" | "skipped", write: () => Promise<boolean>) {
    if (await write()) {
      stats[result]++;
      deps.metrics.deliveries.inc({ platform: row.platform, result });
    }
  }

  async function alertAdmins(h: Held, error: string, code: string | null, attempts: number): Promise<void> {
    const added = await alertAdminsOfDeadLetter(deps, [...senders.keys()], {
      row: h.row,
      destKey: h.destKey,
      destination: h.label,
      error,
      code,
      attempts,
    });
    if (added > 0) kicked = true;
  }

  async function housekeeping(): Promise<void> {
    pacer.prune(monotonic());
    const all: ChatPlatform[] = ["slack", "teams"];
    const missing = all.filter((p) => !senders.has(p) && !warnedPlatforms.has(p));
    if (missing.length === 0) return;
    const pending = await repo.pendingByPlatform(missing);
    for (const [platform, n] of Object.entries(pending) as [ChatPlatform, number][]) {
      if (!n) continue;
      warnedPlatforms.add(platform);
      log.warn({ platform, pending: n }, `${n} message(s) wait for a ${platform} sender, which is not registered`);
    }
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        const now = monotonic();
        if (now >= nextHousekeeping) {
          nextHousekeeping = now + 30_000;
          await housekeeping();
        }
        if (kicked || now >= nextClaimAt) {
          const full = held.length - held.filter((h) => isExpress(h.row)).length >= o.batchSize;
          if (!full || kicked) {
            kicked = false;
            await claim(full);
          }
        }
        dispatch();
      } catch (err) {
        log.error({ err }, "deliverer loop error; retrying shortly");
        nextClaimAt = monotonic() + o.pollIntervalMs;
      }
      if (!running) break;
      const now = monotonic();
      const room = held.length - held.filter((h) => isExpress(h.row)).length < o.batchSize;
      let until = kicked ? now : room ? nextClaimAt : Number.POSITIVE_INFINITY;
      if (inFlight.size < o.concurrency) {
        for (const h of held) if (!busyKeys.has(h.destKey)) until = Math.min(until, h.readyAt);
      }
      // Finished sends poke the loop, so waiting on them needs no timer of its own.
      await sleep(Math.max(0, Math.min(until - now, o.pollIntervalMs)));
    }
    await Promise.allSettled([...inFlight]);
    await flushMarks();
    // Hand back what we held so another instance can send it now, not after the lease.
    const rest = held;
    held = [];
    await Promise.allSettled(rest.map((h) => release(h.row, 0)));
  }

  function sleep(ms: number): Promise<void> {
    // Even "no wait" goes through the event loop: with embedded PGlite every query resolves as a
    // microtask, and a loop that never yields would starve HTTP answers and timers alike.
    if (ms <= 0) return new Promise((resolve) => setImmediate(resolve));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      timer.unref?.();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  return {
    stats,
    start() {
      if (running) return;
      running = true;
      kicked = true;
      loop = run();
    },
    async stop() {
      running = false;
      poke();
      await loop;
      loop = undefined;
    },
    kick() {
      kicked = true;
      poke();
    },
  };
}

/**
 * Starts the deliverer with the app (when DELIVERY_ENABLED) on whatever senders Slack and Teams
 * registered, wakes it on every outbox kick, and stops it on shutdown.
 */
export function registerDeliverer(ctx: AppContext, options: Partial<DelivererOptions> = {}): void {
  let deliverer: Deliverer | undefined;
  // Services call deps.outboxKick() after committing outbox rows; chain onto it so the deliverer
  // hears every kick without the services knowing it exists.
  const previousKick = ctx.deps.outboxKick;
  ctx.deps.outboxKick = () => {
    previousKick();
    deliverer?.kick();
  };
  if (!ctx.deps.config.DELIVERY_ENABLED) {
    ctx.deps.log.info("outbox delivery is off on this instance (DELIVERY_ENABLED=false)");
    return;
  }
  ctx.onStart(async () => {
    // Loaded here, not at the top: app.ts imports this module, and tests of the deliverer should
    // not pull in the whole app.
    const { instanceId } = await import("../app.js");
    if (ctx.senders.size === 0) ctx.deps.log.warn("no chat platform sender is registered: messages will wait");
    deliverer = createDeliverer(ctx.deps, ctx.senders, { owner: instanceId(ctx.deps.config), ...options });
    deliverer.start();
  });
  ctx.onStop(() => deliverer?.stop());
}
