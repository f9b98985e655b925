// The common ingestion path in one statement (see storeNewAlone), and how its summary is merged with
// the transactional path's for the items it leaves.
import { type IncomingResponse, isSilent, responseKey } from "../core/ingest-plan.js";
import { ResponseRepository } from "../db/repositories/responses.js";
import type { CoreDeps } from "../deps.js";
import { type createIngestRows, toNewResponse } from "./ingest-rows.js";
import { emptySummary, type IngestOptions, type IngestSummary, type PreparedBatch } from "./ingest-types.js";

/** What the statement stored, and the positions left for the transactional path. */
export interface StatementOutcome {
  summary: IngestSummary;
  rest: number[];
  batch: PreparedBatch;
}

export function createStatementPath(
  deps: CoreDeps,
  caseFor: ReturnType<typeof createIngestRows>["caseFor"],
): (items: IncomingResponse[], opts: IngestOptions, batch: PreparedBatch) => Promise<StatementOutcome> {
  const { config } = deps;
  /**
   * The common case in one statement and no transaction around it: when every item of the batch is
   * the only delivery of its key and alerts no admin, the responses are inserted with their cases
   * and card rows by one INSERT (atomic on its own, so each response still commits with its case
   * and outbox rows, and the batch is all or nothing as in a transaction). Returns the results of
   * the items stored and the positions of the others: all of them when some item needs more (a
   * repeat in the batch, an alert to send), else those found already stored (redeliveries); they go
   * through storeRound in a transaction afterwards, routed with the same reads.
   */
  return async function storeNewAlone(
    items: IncomingResponse[],
    opts: IngestOptions,
    batch: PreparedBatch,
  ): Promise<StatementOutcome> {
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
  };
}

/** Adds `part` (the summary of the items at `positions`) into `into`. */
export function mergeSummary(into: IngestSummary, part: IngestSummary, positions: number[]): IngestSummary {
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
