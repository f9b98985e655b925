// One round of a batch inside its transaction: the responses inserted with their cases, repeats and
// updates of stored ones followed (score changes, re-routing), card and admin-alert rows enqueued.
import type { OutboxEnqueue } from "../chat/port.js";
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
import type { NewCase } from "../db/repositories/cases.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import { type CreatedCase, ResponseRepository } from "../db/repositories/responses.js";
import type { CoreDeps } from "../deps.js";
import type { BatchRouting, Routed } from "./batch-routing.js";
import { type createIngestRows, toNewResponse } from "./ingest-rows.js";
import type { IngestOptions, IngestSummary } from "./ingest-types.js";
import { followScoreChange } from "./score-change.js";

export interface RoundContext {
  items: IncomingResponse[];
  routed: Routed[];
  routing: BatchRouting;
  admins: PersonRecord[];
  now: Date;
  opts: IngestOptions;
  summary: IngestSummary;
}

export function createRoundStore(deps: CoreDeps, rows: ReturnType<typeof createIngestRows>) {
  const { config } = deps;
  const { cardRows, adminAlertRows, newCase, caseFor } = rows;

  return async function storeRound(tx: DbClient, idxs: number[], ctx: RoundContext): Promise<void> {
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
  };
}
