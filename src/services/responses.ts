import { AppError, isAppError } from "../core/errors.js";
import { type IncomingResponse, responseKey } from "../core/ingest-plan.js";
import type { DbClient } from "../db/context.js";
import { isRetryableDbError } from "../db/errors.js";
import { OrgRepository } from "../db/repositories/org.js";
import {
  isDatabaseUnavailableError,
  ResponseRepository,
  type SurveySourceRecord,
  SurveySourceRepository,
} from "../db/repositories/responses.js";
import type { CoreDeps } from "../deps.js";
import { createRoutingSnapshot, type RoutingSnapshot } from "./batch-routing.js";
import { createRoundStore } from "./ingest-round.js";
import { createIngestRows } from "./ingest-rows.js";
import { createStatementPath, mergeSummary, type StatementOutcome } from "./ingest-statement.js";
import { emptySummary, type IngestOptions, type IngestSummary, type PreparedBatch } from "./ingest-types.js";

export type {
  IngestFailure,
  IngestItemResult,
  IngestOptions,
  IngestOutcome,
  IngestSummary,
  PreparedBatch,
} from "./ingest-types.js";
export type { IncomingResponse };

class DryRunRollback extends Error {}

export function createResponseService(deps: CoreDeps) {
  const { log } = deps;

  const { cardRows, adminAlertRows, newCase, caseFor } = createIngestRows(deps);
  const storeNewAlone = createStatementPath(deps, caseFor);
  const storeRound = createRoundStore(deps, { cardRows, adminAlertRows, newCase, caseFor });

  /** What a batch needs read before its transaction: routing data, and the admins if any item is unassigned. */
  async function prepare(
    items: IncomingResponse[],
    opts: IngestOptions,
    snapshot?: RoutingSnapshot,
  ): Promise<PreparedBatch> {
    const snap = snapshot ?? createRoutingSnapshot(deps.db.client);
    // Admins come in the same round trip as routing unless the import read them already.
    const routing = await snap.load(items, !opts.historic);
    const routed = items.map((it) => routing.route(it));
    const anyUnassigned = routed.some((r) => r.route.team === null);
    const readAdmins = () => new OrgRepository(deps.db.client).admins();
    const admins = anyUnassigned && !opts.historic ? await snap.admins(readAdmins) : [];
    return { routing, routed, admins };
  }

  async function ingestOnce(
    items: IncomingResponse[],
    opts: IngestOptions,
    prepared?: Promise<PreparedBatch>,
  ): Promise<IngestSummary> {
    const now = deps.clock.now();
    const { routing, routed, admins } = await (prepared ?? prepare(items, opts));
    // Repeats of a key inside one batch are applied in order, one round each, as later deliveries.
    const rounds: number[][] = [];
    const seen = new Map<string, number>();
    items.forEach((it, i) => {
      const k = responseKey(it);
      const n = seen.get(k) ?? 0;
      seen.set(k, n + 1);
      if (!rounds[n]) rounds[n] = [];
      rounds[n]!.push(i);
    });
    const summary = emptySummary(items.length);
    const work = async (tx: DbClient) => {
      for (const round of rounds) {
        await storeRound(tx, round, { items, routed, routing, admins, now, opts, summary });
      }
      if (opts.dryRun) throw new DryRunRollback();
    };
    try {
      await deps.db.transaction(work, { timeoutMs: 120_000 });
    } catch (e) {
      if (!(e instanceof DryRunRollback)) throw e;
    }
    return summary;
  }

  /** The transactional path (storeRound), retried, then item by item if the batch fails as a whole. */
  async function storeInTransactions(
    items: IncomingResponse[],
    opts: IngestOptions,
    prepared?: Promise<PreparedBatch>,
  ): Promise<IngestSummary> {
    try {
      return await ingestRetrying(items, opts, prepared);
    } catch (e) {
      if (isAppError(e, "DATABASE_UNAVAILABLE")) throw e;
      // One item the database refuses must not sink the others: store them one by one.
      if (items.length > 1) log.warn({ err: e, items: items.length }, "ingest batch failed; storing items one by one");
      return items.length > 1 ? await ingestOneByOne(items, opts) : failedAlone(items[0]!, e);
    }
  }

  async function ingestRetrying(
    items: IncomingResponse[],
    opts: IngestOptions,
    prepared?: Promise<PreparedBatch>,
  ): Promise<IngestSummary> {
    for (let attempt = 1; ; attempt++) {
      try {
        // A retry reads everything afresh.
        return await ingestOnce(items, opts, attempt === 1 ? prepared : undefined);
      } catch (e) {
        if (isDatabaseUnavailableError(e))
          throw databaseUnavailable("nothing was stored, so send the same data again shortly");
        // Two batches crossing on the same rows: the loser retries with fresh reads.
        if (attempt < 3 && isRetryableDbError(e)) {
          log.warn({ attempt }, "ingest transaction conflicted with another; retrying");
          continue;
        }
        throw e;
      }
    }
  }

  function failedAlone(item: IncomingResponse, e: unknown): IngestSummary {
    log.error({ err: e, source: item.source, externalId: item.externalId }, "a response could not be stored");
    return {
      ...emptySummary(1),
      failures: [{ index: 0, message: `the database refused this response: ${storeError(e)}` }],
    };
  }

  /** Each item in its own transaction, in input order (repeats of a key stay later deliveries). */
  async function ingestOneByOne(items: IncomingResponse[], opts: IngestOptions): Promise<IngestSummary> {
    const total = emptySummary(items.length);
    for (const [i, item] of items.entries()) {
      let one: IngestSummary;
      try {
        one = await ingestRetrying([item], opts);
      } catch (e) {
        if (isAppError(e, "DATABASE_UNAVAILABLE")) throw e;
        one = failedAlone(item, e);
      }
      if (one.failures.length) {
        total.failures.push({ index: i, message: one.failures[0]!.message });
        continue;
      }
      total.results[i] = one.results[0]!;
      for (const k of ["accepted", "duplicates", "updated", "casesOpened", "messagesQueued", "unassigned"] as const) {
        total[k] += one[k];
      }
    }
    return total;
  }

  return {
    /**
     * Stores a batch of validated responses. Repeats answer "duplicate" (nothing new stored, nobody
     * alerted again) or "updated"; throws DATABASE_UNAVAILABLE when nothing could be stored.
     */
    async ingest(
      items: IncomingResponse[],
      opts: IngestOptions = {},
      prepared?: Promise<PreparedBatch>,
    ): Promise<IngestSummary> {
      if (items.length === 0) return emptySummary(0);
      let summary: IngestSummary;
      let fast: StatementOutcome | undefined;
      if (!opts.dryRun) {
        try {
          fast = await storeNewAlone(items, opts, await (prepared ?? prepare(items, opts)));
        } catch (e) {
          if (isDatabaseUnavailableError(e))
            throw databaseUnavailable("nothing was stored, so send the same data again shortly");
          // Nothing was stored (one statement): the transactional path decides, item by item if need be.
          log.warn({ err: e, items: items.length }, "ingest statement failed; storing through transactions");
        }
      }
      if (!fast) {
        summary = await storeInTransactions(items, opts, prepared);
      } else if (fast.rest.length === 0) {
        summary = fast.summary;
      } else {
        const { rest, batch } = fast;
        const restBatch: PreparedBatch = { ...batch, routed: rest.map((i) => batch.routed[i]!) };
        let more: IngestSummary;
        try {
          more = await storeInTransactions(
            rest.map((i) => items[i]!),
            opts,
            Promise.resolve(restBatch),
          );
        } catch (e) {
          // Some items are stored already: "nothing was stored" would be untrue, so say which were not.
          if (!isAppError(e, "DATABASE_UNAVAILABLE") || fast.summary.accepted === 0) throw e;
          more = {
            ...emptySummary(rest.length),
            failures: rest.map((_, k) => ({
              index: k,
              message: "the database could not be reached; this response was not stored, so send it again shortly",
              unavailable: true,
            })),
          };
        }
        summary = mergeSummary(fast.summary, more, rest);
      }
      if (!opts.dryRun) {
        if (summary.messagesQueued > 0) deps.outboxKick();
        const counts = new Map<string, number>();
        summary.results.forEach((r, i) => {
          if (!r) return;
          const key = `${items[i]!.source}\u0000${r.outcome}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        });
        for (const [key, n] of counts) {
          const [source, outcome] = key.split("\u0000") as [string, string];
          deps.metrics.responsesIngested.inc({ source, outcome }, n);
        }
      }
      return summary;
    },

    /**
     * Starts the reads a batch needs before its transaction (routing, admins), so that a caller
     * storing batches in order (CSV import) can overlap them with the previous batch's transaction.
     * Hand the promise to ingest() with the same items and options.
     */
    prepare(items: IncomingResponse[], opts: IngestOptions = {}, snapshot?: RoutingSnapshot): Promise<PreparedBatch> {
      const p = prepare(items, opts, snapshot);
      p.catch(() => {}); // ingest() awaits it and reports the error; never unhandled meanwhile
      return p;
    },

    /** Routing data to share across the batches of one import (see prepare). */
    routingSnapshot(): RoutingSnapshot {
      return createRoutingSnapshot(deps.db.client);
    },

    /** The responses no team could be found for (newest first) and how many there are. */
    async unassignedQueue(limit = 50) {
      const repo = new ResponseRepository(deps.db.client);
      return orUnavailable(async () => {
        const [items, total] = await Promise.all([repo.unassigned(limit), repo.countUnassigned()]);
        return { items, total };
      });
    },

    /** The survey source set up under `slug` (its kind, secret, mapping), or null. */
    async surveySource(slug: string): Promise<SurveySourceRecord | null> {
      return orUnavailable(() => new SurveySourceRepository(deps.db.client).bySlug(slug));
    },
  };
}

export type ResponseService = ReturnType<typeof createResponseService>;

/** The first line of a database error, without values from the payload beyond what it quotes. */
function storeError(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n").filter(Boolean).pop()?.slice(0, 300) ?? "unknown error";
}

function databaseUnavailable(what: string): AppError {
  return new AppError("DATABASE_UNAVAILABLE", `the database cannot be reached; ${what}`);
}

/** Reads answer DATABASE_UNAVAILABLE (an AppError the HTTP edge turns into a 503) when the database is down. */
async function orUnavailable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (isDatabaseUnavailableError(e)) throw databaseUnavailable("try again shortly");
    throw e;
  }
}
