// Survey responses in: stores each response exactly once, routes it to a team, opens its follow-up
// case and enqueues the chat alerts, all in one transaction per batch, then wakes the deliverer.
import type { OutboxEnqueue } from "../chat/port.js";
import { AppError, isAppError } from "../core/errors.js";
import {
  type IncomingResponse,
  isSilent,
  needsCase,
  planUpdate,
  responseKey,
  type StoredResponse,
} from "../core/ingest-plan.js";
import type { PersonRecord } from "../core/types.js";
import type { DbClient } from "../db/context.js";
import { isRetryableDbError } from "../db/errors.js";
import type { NewCase } from "../db/repositories/cases.js";
import { OrgRepository } from "../db/repositories/org.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import {
  type CreatedCase,
  isDatabaseUnavailableError,
  ResponseRepository,
  type SurveySourceRecord,
  SurveySourceRepository,
} from "../db/repositories/responses.js";
import type { CoreDeps } from "../deps.js";
import { type BatchRouting, createRoutingSnapshot, type Routed, type RoutingSnapshot } from "./batch-routing.js";
import { createIngestRows, toNewResponse } from "./ingest-rows.js";
import { emptySummary, type IngestOptions, type IngestSummary, type PreparedBatch } from "./ingest-types.js";
import { followScoreChange } from "./score-change.js";

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
  const { config, log } = deps;

  const { cardRows, adminAlertRows, newCase, caseFor } = createIngestRows(deps);

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

  interface RoundContext {
    items: IncomingResponse[];
    routed: Routed[];
    routing: BatchRouting;
    admins: PersonRecord[];
    now: Date;
    opts: IngestOptions;
    summary: IngestSummary;
  }

  async function storeRound(tx: DbClient, idxs: number[], ctx: RoundContext): Promise<void> {
    const { items, routed, routing, now, opts, summary } = ctx;
    const responses = new ResponseRepository(tx);
    const outbox = new OutboxRepository(tx);
    const silentOf = (respondedAt: Date) => isSilent(respondedAt, now, config.ALERT_MAX_AGE_DAYS, !!opts.historic);

    // 1. Insert first (most deliveries are new), in key order so that concurrent batches lock
    //    rows alike; rows that already exist are skipped by the database and read back below.
    const keyOf = new Map(idxs.map((i) => [i, responseKey(items[i]!)]));
    const ordered = [...idxs].sort((a, b) => (keyOf.get(a)! < keyOf.get(b)! ? -1 : 1));
    //    Each row carries the case it opens if it is new, so responses and their cases are one statement.
    const inserted = new Map<string, StoredResponse>();
    const insertedCases = await responses.insertWithCases(
      ordered.map((i) => {
        const row = toNewResponse(items[i]!, routed[i]!, now);
        return { ...row, newCase: caseFor(row, routed[i]!, now, silentOf(row.respondedAt)) };
      }),
      now,
    );
    summary.messagesQueued += insertedCases.cardsQueued;
    for (const r of insertedCases.responses) inserted.set(responseKey(r), r);
    const fresh = ordered.filter((i) => inserted.has(keyOf.get(i)!));
    const existing = new Map<string, StoredResponse>();
    const bySource = new Map<string, string[]>();
    for (const i of ordered) {
      if (inserted.has(keyOf.get(i)!)) continue;
      const ids = bySource.get(items[i]!.source);
      if (ids) ids.push(items[i]!.externalId);
      else bySource.set(items[i]!.source, [items[i]!.externalId]);
    }
    for (const [source, ids] of bySource) {
      for (const r of await responses.findByKeys(source, ids)) existing.set(responseKey(r), r);
    }

    const newCases: NewCase[] = [];
    const alerts: { response: StoredResponse; reasons: string[] }[] = [];
    for (const i of fresh) {
      const r = inserted.get(responseKey(items[i]!));
      if (!r) continue;
      const { route } = routed[i]!;
      summary.results[i] = {
        outcome: "accepted",
        responseId: r.id,
        caseId: null,
        teamId: r.teamId,
        routedVia: route.via,
      };
      summary.accepted++;
      const silent = silentOf(r.respondedAt);
      if (route.team === null) {
        summary.unassigned++;
        summary.results[i]!.unassigned = true;
        if (!silent) alerts.push({ response: r, reasons: route.notes });
      }
    }

    // 2. Repeats: duplicates, or updates that never roll newer data back.
    const repeats = idxs.filter((i) => !inserted.has(responseKey(items[i]!)));
    if (repeats.some((i) => !existing.has(responseKey(items[i]!)))) {
      // Skipped as a conflict yet not readable: only a concurrent writer in flux can do that.
      throw new Error("could not serialize: a response changed under this batch; retrying");
    }
    const stored = repeats.map((i) => existing.get(responseKey(items[i]!))!);
    const caseOf = new Map((await responses.casesByResponseIds(stored.map((r) => r.id))).map((c) => [c.responseId, c]));
    const rerender: number[] = [];
    const rows: OutboxEnqueue[] = [];
    const cardsForAssigned: CreatedCase[] = [];
    for (const i of [...repeats].sort(
      (a, b) => existing.get(responseKey(items[a]!))!.id - existing.get(responseKey(items[b]!))!.id,
    )) {
      const before = existing.get(responseKey(items[i]!))!;
      const { route, staff } = routed[i]!;
      const plan = planUpdate(before, items[i]!, route, staff?.id ?? null);
      const applied = plan ? await responses.applyChange(before.id, plan.change, plan.guard) : false;
      const c = caseOf.get(before.id) ?? null;
      const teamId = plan && applied && plan.change.teamId !== undefined ? plan.change.teamId : before.teamId;
      summary.results[i] = {
        outcome: applied && plan!.visible ? "updated" : "duplicate",
        responseId: before.id,
        caseId: c?.id ?? null,
        teamId,
        routedVia: before.teamId !== null ? "team" : route.via,
      };
      if (!(applied && plan!.visible)) {
        summary.duplicates++;
        continue;
      }
      summary.updated++;
      const after = { ...before, ...plan!.change } as StoredResponse;
      existing.set(responseKey(after), after);
      const team = teamId !== null ? (routing.teamById(teamId) ?? null) : null;
      if (!c && needsCase(after.score, team)) {
        newCases.push(newCase(after.id, team, after.companyId, now, silentOf(after.respondedAt)));
      } else if (c) {
        rerender.push(c.id);
        if (plan!.change.score !== undefined) {
          rows.push(
            ...(await followScoreChange(deps, tx, c, before.score, after.score, needsCase(after.score, team), now)),
          );
        }
        if (c.teamId === null && team && (await responses.assignCaseTeam(c.id, team.id, team.companyId))) {
          if (!c.silent) cardsForAssigned.push({ ...c, teamId: team.id, companyId: team.companyId });
        }
      }
    }

    // 3. Cases, then the outbox rows that announce them, in this same transaction.
    const created = [
      ...insertedCases.cases,
      ...(await responses.createCases(
        newCases.sort((a, b) => a.responseId - b.responseId),
        now,
      )),
    ];
    summary.casesOpened += created.length;
    const caseByResponse = new Map(created.map((c) => [c.responseId, c]));
    for (const res of summary.results) {
      if (res && res.caseId === null) res.caseId = caseByResponse.get(res.responseId)?.id ?? null;
    }
    for (const i of idxs) {
      const res = summary.results[i];
      if (res && caseByResponse.has(res.responseId)) res.caseOpened = true;
    }
    // The cases opened with their responses had their cards queued by the same statement.
    for (const c of [...created.slice(insertedCases.cases.length), ...cardsForAssigned]) {
      const team = c.teamId !== null ? routing.teamById(c.teamId) : undefined;
      if (!c.silent && team) rows.push(...cardRows(c, team));
    }
    for (const a of alerts) {
      rows.push(...adminAlertRows(a.response, caseByResponse.get(a.response.id)?.id ?? null, a.reasons, ctx.admins));
    }
    summary.messagesQueued += await outbox.enqueue(rows, now);
    // 4. Cards already posted show the new comment or score: re-render them in place.
    const posted = await responses.postedCardPlatforms(rerender);
    for (const [caseId, platforms] of posted) {
      for (const p of platforms) {
        if (deps.platforms.includes(p) && (await outbox.requestCardRender(caseId, p, now))) summary.messagesQueued++;
      }
    }
  }

  /**
   * The common case in one statement and no transaction around it: when every item of the batch is
   * the only delivery of its key and alerts no admin, the responses are inserted with their cases
   * and card rows by one INSERT (atomic on its own, so each response still commits with its case
   * and outbox rows, and the batch is all or nothing as in a transaction). Returns the results of
   * the items stored and the positions of the others: all of them when some item needs more (a
   * repeat in the batch, an alert to send), else those found already stored (redeliveries); they go
   * through storeRound in a transaction afterwards, routed with the same reads.
   */
  async function storeNewAlone(
    items: IncomingResponse[],
    opts: IngestOptions,
    prepared: Promise<PreparedBatch> | undefined,
  ): Promise<{ summary: IngestSummary; rest: number[]; batch: PreparedBatch }> {
    const batch = await (prepared ?? prepare(items, opts));
    const now = deps.clock.now();
    const silentOf = (respondedAt: Date) => isSilent(respondedAt, now, config.ALERT_MAX_AGE_DAYS, !!opts.historic);
    const keys = items.map(responseKey);
    const count = new Map<string, number>();
    for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
    const summary = emptySummary(items.length);
    const all = items.map((_, i) => i);
    const rows: Parameters<ResponseRepository["insertWithCases"]>[0] = [];
    for (const [i, it] of items.entries()) {
      const row = toNewResponse(it, batch.routed[i]!, now);
      const silent = silentOf(row.respondedAt);
      if (count.get(keys[i]!) !== 1 || (batch.routed[i]!.route.team === null && !silent)) {
        return { summary, rest: all, batch };
      }
      rows.push({ ...row, newCase: caseFor(row, batch.routed[i]!, now, silent) });
    }
    const rest: number[] = [];
    // In key order, so that concurrent statements lock rows alike (as storeRound does).
    const ordered = all.sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    const out = await new ResponseRepository(deps.db.client).insertWithCases(
      ordered.map((i) => rows[i]!),
      now,
    );
    const inserted = new Map(out.responses.map((r) => [responseKey(r), r]));
    const caseOf = new Map(out.cases.map((c) => [c.responseId, c]));
    for (const i of ordered) {
      const r = inserted.get(keys[i]!);
      if (!r) {
        rest.push(i); // stored meanwhile by another delivery: a repeat after all
        continue;
      }
      const { route } = batch.routed[i]!;
      const c = caseOf.get(r.id);
      summary.results[i] = {
        outcome: "accepted",
        responseId: r.id,
        caseId: c?.id ?? null,
        teamId: r.teamId,
        routedVia: route.via,
        ...(c ? { caseOpened: true } : {}),
        ...(route.team === null ? { unassigned: true } : {}),
      };
      summary.accepted++;
      if (c) summary.casesOpened++;
      if (route.team === null) summary.unassigned++;
    }
    summary.messagesQueued += out.cardsQueued;
    return { summary, rest: rest.sort((a, b) => a - b), batch };
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
      let fast: Awaited<ReturnType<typeof storeNewAlone>> | undefined;
      if (!opts.dryRun) {
        try {
          fast = await storeNewAlone(items, opts, prepared);
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

/** Adds `part` (the summary of the items at `positions`) into `into`. */
function mergeSummary(into: IngestSummary, part: IngestSummary, positions: number[]): IngestSummary {
  part.results.forEach((r, k) => {
    if (r) into.results[positions[k]!] = r;
  });
  for (const f of part.failures) into.failures.push({ ...f, index: positions[f.index]! });
  into.failures.sort((a, b) => a.index - b.index);
  for (const k of ["accepted", "duplicates", "updated", "casesOpened", "messagesQueued", "unassigned"] as const) {
    into[k] += part[k];
  }
  return into;
}

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
