// What the deliverer writes after a send: success (in small batches), a release for later
// (Retry-After, a row held too long), a retry with backoff, or a dead letter with an admin alert.
// The decisions come from the schedule (src/core/delivery-schedule.ts); this file records them.
import type { DeliverySchedule, Held } from "../../core/delivery-schedule.js";
import { UNKNOWN_OUTCOME } from "../../core/delivery-schedule.js";
import type { ChatPlatform } from "../../core/types.js";
import type { OutboxDeliveryRepository, OutboxRow } from "../../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../../deps.js";
import type { Logger } from "../../log.js";
import { DeliveryError } from "../port.js";
import { alertAdminsOfDeadLetter, alertAdminsOfLookupUnavailable, retryDb } from "./alerts.js";
import type { DelivererStats } from "./options.js";
import { type ResolvedRow, type SentRow, saveCardRef } from "./send.js";

export interface OutcomeContext {
  deps: CoreDeps;
  repo: OutboxDeliveryRepository;
  owner: string;
  log: Logger;
  stats: DelivererStats;
  schedule: DeliverySchedule<ResolvedRow>;
  platforms: () => ChatPlatform[];
  monotonic: () => number;
  /** Admin alerts were enqueued: claim them soon. */
  alertsQueued: () => void;
}

export type Outcomes = ReturnType<typeof createOutcomes>;

export function createOutcomes(c: OutcomeContext) {
  const { deps, repo, owner, log, stats } = c;
  // Successes are recorded one by one, right after the platform's answer: a batch waiting to be
  // written is a window in which a crash makes the row look unsent (and a retry post it again).
  const markSent = (id: number, result: unknown) => repo.markSent(id, owner, deps.clock.now(), result);
  const lookupWarned = new Set<string>();

  /** Hands a row back to the table for later (no failure counted). */
  async function release(row: OutboxRow, delayMs: number, error?: string): Promise<void> {
    const at = new Date(deps.clock.now().getTime() + Math.max(0, Math.ceil(delayMs)));
    await repo.reschedule(row.id, owner, { nextAttemptAt: at, failed: false, ...(error ? { error } : {}) });
    c.schedule.released(delayMs, c.monotonic());
  }

  async function finish(row: OutboxRow, result: "dead" | "skipped", write: () => Promise<boolean>): Promise<void> {
    if (await write()) {
      stats[result]++;
      deps.metrics.deliveries.inc({ platform: row.platform, result });
    }
  }

  return {
    release,
    /**
     * The platform could not look for an earlier attempt's message (a scope is missing): the row was
     * posted anyway (at least once). Logged once per platform and code; the admins alerted once a day.
     */
    lookupUnavailable(h: Held<ResolvedRow>, code: string, message: string): void {
      const key = `${h.item.row.platform}:${code}`;
      if (lookupWarned.has(key)) return;
      lookupWarned.add(key);
      log.error(
        { platform: h.item.row.platform, code, error: message },
        "cannot check whether an interrupted send was posted; sending again (a message may show twice)",
      );
      void alertAdminsOfLookupUnavailable(deps, c.platforms(), { platform: h.item.row.platform, code, message })
        .then((added) => added > 0 && c.alertsQueued())
        .catch((err) => log.error({ err }, "could not alert the admins of the missing history lookup"));
    },

    /** Closes a row with nothing to send any more (case deleted, person left). */
    skipped(r: ResolvedRow, reason: string): Promise<void> {
      return finish(r.row, "skipped", () => repo.markDead(r.row.id, owner, `skipped: ${reason}`));
    },

    /** Rows whose turn is far off go back to the table until then, in one statement. */
    async later(items: { item: ResolvedRow; delayMs: number }[]): Promise<void> {
      const now = deps.clock.now().getTime();
      await repo.releaseMany(
        items.map((l) => ({ id: l.item.row.id, at: new Date(now + l.delayMs) })),
        owner,
        deps.clock.now(),
      );
    },

    /** The platform accepted the send: save the card's place, then mark the row sent. */
    async sent(h: Held<ResolvedRow>, sent: SentRow): Promise<void> {
      const { row } = h.item;
      try {
        const cardRef = sent.cardRef;
        if (cardRef?.changed) await retryDb(() => saveCardRef(deps, { result: sent.result, cardRef }));
        const recorded = await retryDb(() => markSent(row.id, sent.result));
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
    },

    /** The send failed: release (Retry-After), retry with backoff, or dead-letter and alert. */
    async failed(h: Held<ResolvedRow>, e: unknown, keyWasIdle: boolean): Promise<void> {
      const { row } = h.item;
      const err =
        e instanceof DeliveryError ? e : new DeliveryError("retry", e instanceof Error ? e.message : String(e));
      const code = err.opts.platformCode ?? null;
      // An unknown outcome stays recorded (whatever comes next) until a send or lookup settles it.
      const unknown = err.opts.outcomeUnknown ? UNKNOWN_OUTCOME : "";
      const message = `${unknown}${code ? `${code}: ${err.message}` : err.message}`;
      const decision = c.schedule.failed(
        h,
        {
          kind: err.kind,
          retryAfterMs: err.opts.retryAfterMs,
          outcomeUnknown: err.opts.outcomeUnknown,
          nothingSent: err.opts.nothingSent,
        },
        row.attempts,
        keyWasIdle,
        c.monotonic(),
      );
      switch (decision.action) {
        case "release":
          stats.rateLimited++;
          deps.metrics.deliveries.inc({ platform: row.platform, result: "rate_limited" });
          await release(row, decision.delayMs, message);
          return;
        case "dead": {
          await finish(row, "dead", () => repo.markDead(row.id, owner, message));
          log.error(
            { row: row.id, kind: row.kind, destination: h.item.label, error: message },
            "outbox row dead-lettered",
          );
          const added = await alertAdminsOfDeadLetter(deps, c.platforms(), {
            row,
            destKey: h.item.destKey,
            destination: h.item.label,
            error: err.message,
            code,
            attempts: decision.failures,
          });
          if (added > 0) c.alertsQueued();
          return;
        }
        case "retry":
          stats.retried++;
          deps.metrics.deliveries.inc({ platform: row.platform, result: "retry" });
          log.warn(
            { row: row.id, destination: h.item.label, error: message, retryInMs: decision.delayMs },
            "delivery failed; will retry",
          );
          await repo.reschedule(row.id, owner, {
            nextAttemptAt: new Date(deps.clock.now().getTime() + decision.delayMs),
            error: message,
            failed: true,
          });
      }
    },
  };
}
