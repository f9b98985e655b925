// The outbox deliverer: the only code that sends proactive chat messages (cards, thread replies,
// DMs, channel posts). It claims due rows with a lease, paces them per destination and per app,
// sends a few at once across different destinations, and records each outcome:
//   sent   -> never sent again;
//   rate limited -> back after Retry-After (not counted as a failure);
//   retry  -> exponential backoff with jitter, dead after `maxAttempts` failures;
//   permanent (channel_not_found, invalid_auth...) -> dead after `maxPermanentFailures`, admins alerted.
// It wakes at once on kick() and polls as a fallback (other instances' rows, retries).
// The decisions live in src/core/delivery-schedule.ts; this file does the I/O around them: one
// pass (claim, dispatch) either in the background loop or step by step (runOnce, drain).
import { DeliverySchedule, type Held } from "../../core/delivery-schedule.js";
import { AppError } from "../../core/errors.js";
import type { ChatPlatform } from "../../core/types.js";
import { OutboxDeliveryRepository } from "../../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../../deps.js";
import { DeliveryError, type PlatformSender } from "../port.js";
import { withTimeout } from "./alerts.js";
import type { Deliverer, DelivererOptions, DelivererStats } from "./options.js";
import { resolveOptions } from "./options.js";
import { createOutcomes } from "./outcome.js";
import { type ResolvedRow, resolveBatch, sendRow } from "./send.js";

export function createDeliverer(
  deps: CoreDeps,
  senders: ReadonlyMap<ChatPlatform, PlatformSender>,
  options: DelivererOptions,
): Deliverer {
  const o = resolveOptions(options);
  const { owner, monotonic } = o;
  const log = deps.log.child({ component: "deliverer", owner });
  const repo = new OutboxDeliveryRepository(deps.db.client);
  const schedule = new DeliverySchedule<ResolvedRow>(o);
  const stats: DelivererStats = {
    sent: 0,
    retried: 0,
    rateLimited: 0,
    dead: 0,
    skipped: 0,
    leaseLost: 0,
    unrecorded: 0,
  };
  const outcomes = createOutcomes({
    deps,
    repo,
    owner,
    log,
    stats,
    schedule,
    platforms: () => [...senders.keys()],
    monotonic,
    alertsQueued: () => schedule.kick(),
  });

  const inFlight = new Set<Promise<void>>();
  const warnedPlatforms = new Set<ChatPlatform>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  /** Claims what the schedule asks for; returns how many rows came back (null: no claim made). */
  async function claim(force: boolean): Promise<number | null> {
    const plan = schedule.claimPlan(monotonic(), force);
    if (!plan) return null;
    const platforms = [...senders.keys()];
    const rows =
      platforms.length === 0
        ? []
        : await repo.claim({
            now: deps.clock.now(),
            owner,
            leaseMs: o.leaseMs,
            limit: plan.limit,
            platforms,
            ...(plan.kinds ? { kinds: plan.kinds } : {}),
          });
    schedule.claimed(plan, rows.length, monotonic());
    if (rows.length === 0) return 0;
    const resolved = await resolveBatch(deps, rows, senders);
    const sendable: ResolvedRow[] = [];
    for (const r of resolved) {
      if (r.destination.kind === "skip") await outcomes.skipped(r, r.destination.reason);
      else sendable.push(r);
    }
    const { later } = schedule.admit(sendable, monotonic());
    await outcomes.later(later);
    return rows.length;
  }

  /** Starts every send the schedule allows now; returns the started sends. */
  function dispatch(): Promise<void>[] {
    const { send, expired } = schedule.dispatch(monotonic());
    for (const h of expired) {
      void outcomes
        .release(h.item.row, 0)
        .catch((err) => log.warn({ err, row: h.item.row.id }, "could not hand back a row"));
    }
    return send.map(({ held, keyWasIdle }) => {
      // A send still out after laneHoldMs is hung: let its destination go on meanwhile.
      const stall = setTimeout(() => {
        schedule.freeLane(held);
        poke();
      }, o.laneHoldMs);
      stall.unref?.();
      const p = deliver(held, keyWasIdle).finally(() => {
        clearTimeout(stall);
        schedule.finished(held);
        inFlight.delete(p);
        poke();
      });
      inFlight.add(p);
      return p;
    });
  }

  async function deliver(h: Held<ResolvedRow>, keyWasIdle: boolean): Promise<void> {
    const { row } = h.item;
    const sender = senders.get(row.platform);
    // Once the platform has answered, the destination's next row need not wait for the database
    // writes that record this one (its pacing is already settled; rows of one case are never out
    // together, the claim query's rule, so order is not at stake).
    const answered = () => {
      schedule.freeLane(h);
      poke();
    };
    let sent: Awaited<ReturnType<typeof sendRow>>;
    try {
      if (!sender) throw new DeliveryError("retry", `no ${row.platform} sender registered`);
      const guard = <R>(call: Promise<R>) => {
        schedule.retime(h, monotonic());
        return withTimeout(call, o.sendTimeoutMs);
      };
      sent = await sendRow(deps, sender, h.item, guard, {
        onLookupUnavailable: (code, message) => outcomes.lookupUnavailable(h, code, message),
        onNotFound: () => schedule.postsAfterLookup(h, monotonic()),
      });
    } catch (e) {
      // failed() takes its pacing decision (refund, Retry-After) before its first await.
      const recorded = outcomes.failed(h, e, keyWasIdle);
      answered();
      await recorded.catch((err) => log.error({ err, row: row.id }, "could not record a failure"));
      return;
    }
    // Paced from the answer: the platform counted the post by then.
    schedule.retime(h, monotonic());
    answered();
    await outcomes.sent(h, sent);
  }

  async function housekeeping(): Promise<void> {
    if (!schedule.housekeepingDue(monotonic())) return;
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

  /** One pass: housekeeping when due, a claim when due (or forced), then every send allowed now. */
  async function pass(force: boolean): Promise<{ claimed: number | null; started: Promise<void>[] }> {
    await housekeeping();
    const claimed = await claim(force);
    return { claimed, started: dispatch() };
  }

  async function run(): Promise<void> {
    if (o.takeBackOwnLeases) {
      const back = await repo.takeBackOwnLeases(owner, deps.clock.now()).catch((err) => {
        log.error({ err }, "could not take back the rows a previous run left leased; they return after their lease");
        return 0;
      });
      if (back > 0) log.warn({ rows: back }, "took back rows a previous run of this instance left mid-send");
    }
    while (running) {
      try {
        await pass(false);
      } catch (err) {
        log.error({ err }, "deliverer loop error; retrying shortly");
        schedule.passFailed(monotonic());
      }
      if (!running) break;
      // Finished sends poke the loop, so waiting on them needs no timer of its own.
      await sleep(schedule.sleepMs(monotonic()));
    }
    await Promise.allSettled([...inFlight]);
    // Hand back what we held so another instance can send it now, not after the lease.
    await Promise.allSettled(schedule.takeHeld().map((h) => outcomes.release(h.item.row, 0)));
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

  function refuseWhileRunning(what: string): void {
    if (running) throw new AppError("CONFLICT", `${what} drives the deliverer step by step: stop() it first`);
  }

  async function runOnce(): Promise<number | null> {
    refuseWhileRunning("runOnce()");
    const { claimed, started } = await pass(true);
    await Promise.allSettled(started);
    return claimed;
  }

  return {
    stats,
    start() {
      if (running) return;
      running = true;
      schedule.kick();
      loop = run();
    },
    async stop() {
      running = false;
      poke();
      await loop;
      loop = undefined;
    },
    kick() {
      schedule.kick();
      poke();
    },
    async runOnce() {
      await runOnce();
    },
    async drain(opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
      for (;;) {
        const claimed = await runOnce();
        if (claimed === 0 && schedule.heldCount === 0 && inFlight.size === 0) return;
        if (Date.now() > deadline) {
          throw new AppError(
            "CHAT_DELIVERY_FAILED",
            `the outbox did not drain within ${opts.timeoutMs ?? 10_000} ms: ${schedule.heldCount} row(s) still held`,
          );
        }
        // Held rows wait for their pacing slot; otherwise claim again at once.
        await sleep(schedule.heldCount > 0 ? schedule.sleepMs(monotonic()) : 0);
      }
    },
  };
}
