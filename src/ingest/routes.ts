// HTTP entry points for survey responses: the generic webhook (POST /api/responses, Bearer
// INGEST_TOKEN) and one signed webhook per survey tool (POST /api/webhooks/<tool>[/<source>]).
import express, { type RequestHandler, type Response } from "express";
import type { AppContext } from "../app-context.js";
import type { Config } from "../config/env.js";
import { isAppError } from "../core/errors.js";
import { createIngestGroup } from "../services/ingest-group.js";
import { createResponseService, type IngestSummary, type ResponseService } from "../services/responses.js";
import { ADAPTERS } from "./adapters/index.js";
import { safeEqual } from "./adapters/signature.js";
import { AdapterError, type SurveyAdapter } from "./adapters/types.js";
import { jsonBatchParser, readJsonBatch } from "./json-batch.js";
import { type Rejection, type Validated, validateItems } from "./validate.js";

/** Room per item in a JSON batch: a full batch of ordinary responses fits well under it. */
const BYTES_PER_ITEM = 4096;
const ADAPTER_BODY_LIMIT = "1mb";
const RETRY_AFTER_SECONDS = 30;
const SOURCE_OWNER_TTL_MS = 1000;

export function registerIngest(ctx: AppContext): void {
  const { deps, http } = ctx;
  const { config, log } = deps;
  const service = createResponseService(deps);
  const maxBatch = config.INGEST_MAX_BATCH;
  // Requests that arrive while others are being stored share the next transaction (group commit;
  // see ingest-group.ts): one round of routing reads and one commit for many single responses.
  const ingestGrouped = createIngestGroup((items) => service.ingest(items), {
    maxItems: maxBatch,
    concurrency: config.DATABASE_URL ? Math.max(1, Math.floor(config.DATABASE_POOL_SIZE / 2)) : 1,
  });

  const countRejected = (source: string, n: number) => {
    if (n > 0) deps.metrics.responsesIngested.inc({ source, outcome: "rejected" }, n);
  };

  /** Stores validated items and answers with counts; the only place that turns errors into 503s. */
  async function ingestAndReply(res: Response, items: Validated[], rejected: Rejection[]): Promise<void> {
    let summary: IngestSummary;
    try {
      summary = await ingestGrouped(items.map((i) => i.value));
    } catch (e) {
      if (isAppError(e, "DATABASE_UNAVAILABLE")) {
        unavailable(res);
        return;
      }
      throw e;
    }
    // Only items the database could not be reached for: as when it fails at once, nothing is stored.
    if (summary.failures.length && summary.failures.every((f) => f.unavailable) && !summary.results.some(Boolean)) {
      unavailable(res);
      return;
    }
    // Items the database refused one by one (their batch failed as a whole): the others are stored.
    const failed: Rejection[] = summary.failures.map((f) => ({
      index: items[f.index]!.index,
      externalId: items[f.index]!.value.externalId,
      code: "INGEST_STORE_FAILED",
      field: "(item)",
      message: f.message,
    }));
    const stored = items.filter((_, k) => summary.results[k]);
    const all = [...rejected, ...failed].sort((a, b) => a.index - b.index);
    res.status(stored.length === 0 ? 500 : all.length ? 207 : 200).json({
      accepted: summary.accepted,
      duplicates: summary.duplicates,
      updated: summary.updated,
      rejected: all,
      casesOpened: summary.casesOpened,
      unassigned: summary.unassigned,
      results: items.flatMap((it, k) => {
        const r = summary.results[k];
        return r
          ? [
              {
                index: it.index,
                externalId: it.value.externalId,
                outcome: r.outcome,
                responseId: r.responseId,
                caseId: r.caseId,
                routedVia: r.routedVia,
              },
            ]
          : [];
      }),
    });
  }

  http.post(
    "/api/responses",
    requireIngestToken(config),
    jsonBatchParser(maxBatch, BYTES_PER_ITEM),
    async (req, res) => {
      const list = readJsonBatch(req, res, { maxBatch, noun: "response", limitText: "1,000" });
      if (!list) return;
      const validated = validateItems(list, deps.clock.now(), "api");
      let owned: Awaited<ReturnType<typeof refuseSignedSources>>;
      try {
        owned = await refuseSignedSources(validated.items);
      } catch (e) {
        if (isAppError(e, "DATABASE_UNAVAILABLE")) return unavailable(res);
        throw e;
      }
      const items = owned.items;
      const rejected = [...validated.rejected, ...owned.refused].sort((a, b) => a.index - b.index);
      for (const r of rejected) countRejected(sourceOf(list[r.index]), 1);
      if (items.length === 0) {
        const forbidden = rejected.every((r) => r.code === "FORBIDDEN");
        res.status(forbidden ? 403 : 422).json({
          error: rejected[0]?.code ?? "VALIDATION_FAILED",
          message:
            list.length === 1 ? rejected[0]!.message : `All ${list.length} responses were rejected; see rejected[]`,
          accepted: 0,
          duplicates: 0,
          updated: 0,
          rejected,
        });
        return;
      }
      await ingestAndReply(res, items, rejected);
    },
  );

  http.get("/api/responses/unassigned", requireIngestToken(config), async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
    try {
      const { items, total } = await service.unassignedQueue(limit);
      res.json({
        total,
        items: items.map((r) => ({
          responseId: r.id,
          source: r.source,
          externalId: r.externalId,
          score: r.score,
          touchpoint: r.touchpoint,
          respondedAt: r.respondedAt,
          receivedAt: r.receivedAt,
        })),
      });
    } catch (e) {
      if (isAppError(e, "DATABASE_UNAVAILABLE")) unavailable(res);
      else throw e;
    }
  });

  for (const adapter of ADAPTERS) {
    const path = `/api/webhooks/${adapter.kind}{/:source}`;
    // SurveyMonkey checks that a webhook URL answers a HEAD request before it subscribes it.
    http.head(path, (_req, res) => {
      res.status(200).end();
    });
    http.post(path, express.raw({ type: () => true, limit: ADAPTER_BODY_LIMIT }), adapterHandler(adapter));
  }

  // Which survey tool owns a source name, remembered for a second: read per request, it was one
  // round trip per single response, as many as storing it. A survey source set up meanwhile is
  // refused to the generic token from at most a second later (before, the name was free anyway).
  const owners = new Map<string, { until: number; kind: Promise<string | null> }>();
  function ownerOf(name: string): Promise<string | null> {
    const tool = ADAPTERS.find((a) => a.kind === name.toLowerCase())?.kind;
    if (tool) return Promise.resolve(tool);
    const t = performance.now();
    const hit = owners.get(name);
    if (hit && hit.until > t) return hit.kind;
    if (owners.size >= 1000) owners.clear();
    const entry = { until: t + SOURCE_OWNER_TTL_MS, kind: service.surveySource(name).then((s) => s?.kind ?? null) };
    owners.set(name, entry);
    entry.kind.catch(() => {
      if (owners.get(name) === entry) owners.delete(name);
    });
    return entry.kind;
  }

  /**
   * A response's identity belongs to the source that authenticated it. The generic token writes
   * only its own sources: a survey tool's name (typeform, ...) or a survey source's slug is
   * reserved for that tool's signed webhook, so this token cannot overwrite what the tool sent.
   */
  async function refuseSignedSources(items: Validated[]): Promise<{ items: Validated[]; refused: Rejection[] }> {
    const owner = new Map<string, string | null>();
    for (const name of new Set(items.map((it) => it.value.source))) owner.set(name, await ownerOf(name));
    const kept: Validated[] = [];
    const refused: Rejection[] = [];
    for (const it of items) {
      const kind = owner.get(it.value.source);
      if (!kind) {
        kept.push(it);
        continue;
      }
      refused.push({
        index: it.index,
        externalId: it.value.externalId,
        code: "FORBIDDEN",
        field: "source",
        message:
          `source "${it.value.source}" belongs to the signed ${kind} webhook (POST /api/webhooks/${kind}); ` +
          'the ingest token writes only its own sources: leave source out (it is then "api") or name your system, e.g. "crm"',
      });
    }
    return { items: kept, refused };
  }

  function adapterHandler(adapter: SurveyAdapter): RequestHandler<{ source?: string }> {
    return async (req, res) => {
      const slug = req.params.source ?? adapter.kind;
      let source: Awaited<ReturnType<ResponseService["surveySource"]>>;
      try {
        source = await service.surveySource(slug);
      } catch (e) {
        if (isAppError(e, "DATABASE_UNAVAILABLE")) return unavailable(res);
        throw e;
      }
      if (req.params.source && (!source || source.kind !== adapter.kind || !source.enabled)) {
        res.status(404).json({
          error: "NOT_FOUND",
          message: !source
            ? `No survey source "${slug}": add it (kind ${adapter.kind}) with its secret, or post to /api/webhooks/${adapter.kind}`
            : source.kind !== adapter.kind
              ? `Survey source "${slug}" is a ${source.kind} source, not ${adapter.kind}`
              : `Survey source "${slug}" is disabled`,
        });
        return;
      }
      const secret = source?.secret ?? adapter.envSecret(config);
      if (!secret) {
        res.status(503).json({
          error: "ADAPTER_NOT_CONFIGURED",
          message: `Set ${adapter.secretHint}, or the secret of survey source "${slug}", to accept ${adapter.label} webhooks`,
        });
        return;
      }
      const request = { raw: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), headers: req.headers };
      const actx = {
        config,
        mapping: source?.mapping ?? {},
        log,
        fetch: globalThis.fetch,
        now: deps.clock.now(),
        slug,
      };
      if (!adapter.verify(request, secret, actx)) {
        log.warn({ source: slug, ip: req.ip }, `${adapter.label} webhook with a missing or wrong signature`);
        res.status(401).json({
          error: "UNAUTHORIZED",
          message: `${adapter.label} signature is missing or does not match: check the webhook secret (${adapter.secretHint})`,
        });
        return;
      }
      let result: Awaited<ReturnType<SurveyAdapter["parse"]>>;
      try {
        result = await adapter.parse(request, actx);
      } catch (e) {
        if (!(e instanceof AdapterError)) throw e;
        if (e.code === "VALIDATION_FAILED") countRejected(slug, 1);
        res.status(e.status).json({ error: e.code, message: e.message });
        return;
      }
      if (result.kind === "ignored") {
        res.status(200).json({ ignored: true, reason: result.reason });
        return;
      }
      const { items, rejected } = validateItems(result.items, deps.clock.now(), adapter.kind);
      // Identity is (tool, the tool's own response id), whatever the payload says and whichever of
      // the tool's routes delivered it: the same response through /api/webhooks/<tool> and
      // /api/webhooks/<tool>/<source> is one response. The survey source is kept as an attribute.
      for (const it of items) {
        it.value.source = adapter.identity === "source" ? slug : adapter.kind;
        if (req.params.source) it.value.attributes = { ...it.value.attributes, surveySource: slug };
      }
      countRejected(slug, rejected.length);
      if (items.length === 0) {
        res
          .status(422)
          .json({ error: rejected[0]?.code ?? "VALIDATION_FAILED", message: rejected[0]?.message, rejected });
        return;
      }
      await ingestAndReply(res, items, rejected);
    };
  }
}

/** Bearer INGEST_TOKEN, compared in constant time; the endpoint is off until the token is set. */
export function requireIngestToken(config: Config): RequestHandler {
  return (req, res, next) => {
    if (!config.INGEST_TOKEN) {
      res.status(503).json({
        error: "INGEST_DISABLED",
        message:
          "Set INGEST_TOKEN (at least 16 characters) to accept responses here; senders then send Authorization: Bearer <token>",
      });
      return;
    }
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get("authorization") ?? "");
    if (!m || !safeEqual(m[1], config.INGEST_TOKEN)) {
      res
        .status(401)
        .set("WWW-Authenticate", 'Bearer realm="nps-loop"')
        .json({ error: "UNAUTHORIZED", message: "Send Authorization: Bearer <INGEST_TOKEN>" });
      return;
    }
    next();
  };
}

function unavailable(res: Response): void {
  res
    .status(503)
    .set("Retry-After", String(RETRY_AFTER_SECONDS))
    .json({
      error: "DATABASE_UNAVAILABLE",
      message: `The database cannot be reached; nothing was stored. Send the same data again in ${RETRY_AFTER_SECONDS} s`,
    });
}

function sourceOf(item: unknown): string {
  const s = (item as { source?: unknown } | null)?.source;
  return typeof s === "string" && /^[a-z0-9][a-z0-9_.:-]{0,63}$/i.test(s) ? s : "api";
}
