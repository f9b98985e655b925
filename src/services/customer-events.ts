// Storing customers' status events (drop-outs, renewals, reactivations) for the webhook and the CSV
// import. Exactly once: an event is one per customer, kind and day, so a batch sent twice adds
// nothing the second time and says which items were duplicates.
import { AppError } from "../core/errors.js";
import type { DbContext } from "../db/context.js";
import { isDatabaseUnavailableError, isRetryableDbError } from "../db/errors.js";
import { type CustomerEventKind, RetentionRepository } from "../db/repositories/retention.js";

export const CUSTOMER_EVENT_KINDS = ["dropped_out", "renewed", "reactivated"] as const satisfies CustomerEventKind[];

export interface IncomingCustomerEvent {
  customerRef: string;
  kind: CustomerEventKind;
  /** The day it happened (UTC midnight). */
  occurredOn: Date;
  source: string;
}

export interface CustomerEventSummary {
  accepted: number;
  duplicates: number;
  /** Per item, in order: stored now (true) or already there (false). */
  fresh: boolean[];
}

export type CustomerEventService = ReturnType<typeof createCustomerEventService>;

export function createCustomerEventService(deps: { db: DbContext; clock: { now(): Date } }) {
  return {
    /** Stores a batch in one statement; `dryRun` counts what would be new and stores nothing. */
    async ingest(events: IncomingCustomerEvent[], opts: { dryRun?: boolean } = {}): Promise<CustomerEventSummary> {
      if (events.length === 0) return { accepted: 0, duplicates: 0, fresh: [] };
      let fresh: boolean[];
      try {
        fresh = opts.dryRun
          ? await deps.db
              .transaction(async (tx) => {
                const result = await new RetentionRepository(tx).insertEvents(events, deps.clock.now());
                throw new DryRun(result);
              })
              .catch((e) => {
                if (e instanceof DryRun) return e.result;
                throw e;
              })
          : await insertRetrying(() => new RetentionRepository(deps.db.client).insertEvents(events, deps.clock.now()));
      } catch (e) {
        if (isDatabaseUnavailableError(e) || isRetryableDbError(e)) {
          throw new AppError(
            "DATABASE_UNAVAILABLE",
            "the database is busy or cannot be reached; nothing was stored, so send the same events again shortly",
            undefined,
            { cause: e },
          );
        }
        throw e;
      }
      const accepted = fresh.filter(Boolean).length;
      return { accepted, duplicates: fresh.length - accepted, fresh };
    },
  };
}

class DryRun extends Error {
  constructor(readonly result: boolean[]) {
    super("dry run");
  }
}

/** Deadlocks between two writers of the same customer (the report rollups' locks): the statement stored nothing, so run it again. */
async function insertRetrying<T>(insert: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await insert();
    } catch (e) {
      if (i >= attempts || !isRetryableDbError(e)) throw e;
      await new Promise((r) => setTimeout(r, 20 * i));
    }
  }
}
