// The retention report behind `/nps retention`, `nps retention` (Teams) and `nps-loop retention`:
// who may ask for which scope (the report access rules, plus areas for those who see every
// company), and the report itself: counts from one SQL aggregate, figures from core/retention.
import type { Config } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { type Locale, SOURCE_LOCALE } from "../core/i18n/index.js";
import { RETENTION_TEXT, retentionWords } from "../core/messages/retention.js";
import { parsePeriod } from "../core/periods.js";
import type { ReportChoice } from "../core/report-access.js";
import {
  buildRetentionReport,
  canSeeArea,
  DEFAULT_RETENTION_PERIOD,
  DEFAULT_WITHIN_DAYS,
  MAX_WITHIN_DAYS,
  type RetentionReport,
  type RetentionScopeInfo,
  sameDatesYearBefore,
} from "../core/retention.js";
import type { RetentionAsk } from "../core/retention-ask.js";
import type { PersonRecord } from "../core/types.js";
import type { DbContext } from "../db/context.js";
import { ReportsRepository } from "../db/repositories/reports.js";
import { RetentionRepository, type RetentionScope } from "../db/repositories/retention.js";
import type { AccessService } from "./access.js";

export type RetentionTarget = { kind: "team" | "company"; slug: string } | { kind: "area"; area: string };

export interface RetentionOptions {
  /** Default: last-quarter. */
  period?: string;
  /** Default: 180. */
  withinDays?: number;
  /** Count the period in this zone instead of the scope's own. */
  timeZone?: string;
}

/** Whose retention report an ask is about, as a viewer may see it. */
export type RetentionChoice =
  | { ok: true; target: RetentionTarget }
  /** The report access rules said no (or asked "which?"): render as for /nps. */
  | { ok: false; reason: "report"; choice: Extract<ReportChoice, { ok: false }> }
  | { ok: false; reason: "text"; text: string };

export interface RetentionServiceDeps {
  db: DbContext;
  clock: Clock;
  config: Pick<Config, "MIN_SAMPLE">;
  /** Needed by `choose` only (chat asks); the CLI, which sees everything, builds without it. */
  access?: Pick<AccessService, "chooseReport">;
}

export type RetentionService = ReturnType<typeof createRetentionService>;

/** How long a resolved scope (its id, zone and companies) is reused: org data changes rarely. */
const SCOPE_CACHE_MS = 60_000;
const SCOPE_CACHE_MAX = 1000;

interface ResolvedScope {
  scope: RetentionScope;
  info: RetentionScopeInfo;
  zone: string;
  companies: { inProgramme: boolean; count: number }[];
}

export function createRetentionService(deps: RetentionServiceDeps) {
  const repo = () => new RetentionRepository(deps.db.client);
  // A repeated ask within a minute need not look its scope up again (two round trips saved).
  const scopeCache = new Map<string, { value: ResolvedScope; until: number }>();

  /** Whose report it is; a refusal in the reader's `locale`. */
  async function choose(
    viewer: PersonRecord,
    ask: RetentionAsk,
    locale: Locale = SOURCE_LOCALE,
  ): Promise<RetentionChoice> {
    const T = retentionWords(locale);
    if (ask.by === "area") {
      // An unknown area and a forbidden one get the same answer, as for teams and companies.
      if (!canSeeArea(viewer)) return { ok: false, reason: "text", text: T.areaNotVisible(ask.area ?? "") };
      if (ask.area === null) return { ok: false, reason: "text", text: T.whichArea(await repo().areas()) };
      const area = await repo().areaNamed(ask.area);
      if (!area) return { ok: false, reason: "text", text: T.noArea(ask.area, await repo().areas()) };
      return { ok: true, target: { kind: "area", area } };
    }
    if (!deps.access) throw new Error("createRetentionService: choose() needs the access service");
    const choice = await deps.access.chooseReport(viewer, ask);
    if (!choice.ok) return { ok: false, reason: "report", choice };
    const s = choice.subject;
    if (s.kind === "person") return { ok: false, reason: "text", text: T.personNotSupported };
    return {
      ok: true,
      target: s.kind === "team" ? { kind: "team", slug: s.team.slug } : { kind: "company", slug: s.company.slug },
    };
  }

  async function resolve(target: RetentionTarget): Promise<ResolvedScope> {
    const key = JSON.stringify(target);
    const nowMs = deps.clock.now().getTime();
    const cached = scopeCache.get(key);
    if (cached && cached.until > nowMs) return cached.value;
    const found = await lookUp(target);
    const value = { ...found, companies: await repo().companiesIn(found.scope) };
    if (scopeCache.size >= SCOPE_CACHE_MAX) scopeCache.clear();
    scopeCache.set(key, { value, until: nowMs + SCOPE_CACHE_MS });
    return value;
  }

  async function lookUp(target: RetentionTarget): Promise<Omit<ResolvedScope, "companies">> {
    if (target.kind === "area") {
      const area = await repo().areaNamed(target.area);
      if (!area) throw new AppError("NOT_FOUND", RETENTION_TEXT.noArea(target.area, await repo().areas()));
      const zone = await repo().areaTimeZone(area);
      return { scope: { kind: "area", area }, info: { kind: "area", slug: area, name: area }, zone };
    }
    const reports = new ReportsRepository(deps.db.client);
    const found =
      target.kind === "team" ? await reports.teamBySlug(target.slug) : await reports.companyBySlug(target.slug);
    if (!found) throw new AppError("NOT_FOUND", `no ${target.kind} "${target.slug}"`);
    return {
      scope: { kind: target.kind, id: found.id },
      info: { kind: target.kind, slug: found.slug, name: found.name },
      zone: found.timeZone,
    };
  }

  async function report(target: RetentionTarget, opts: RetentionOptions = {}): Promise<RetentionReport> {
    const withinDays = opts.withinDays ?? DEFAULT_WITHIN_DAYS;
    if (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > MAX_WITHIN_DAYS) {
      throw new AppError("VALIDATION_FAILED", RETENTION_TEXT.withinInvalid(String(opts.withinDays)));
    }
    const { scope, info, zone, companies } = await resolve(target);
    const timeZone = opts.timeZone ?? zone;
    const now = deps.clock.now();
    const period = parsePeriod(opts.period ?? DEFAULT_RETENTION_PERIOD, timeZone, now);
    const yearBefore = sameDatesYearBefore(period, timeZone);
    const horizonBefore = sameDatesYearBefore({ from: now, to: now }, timeZone).from;
    const r = repo();
    const rows = await r.retentionCounts(scope, {
      current: { from: period.from, to: period.to, horizon: now },
      yearBefore: { ...yearBefore, horizon: horizonBefore },
      withinDays,
    });
    return buildRetentionReport({
      scope: info,
      period: { label: period.label, from: period.from, to: period.to, timeZone },
      yearBefore,
      withinDays,
      horizon: now,
      minSample: deps.config.MIN_SAMPLE,
      rows,
      companies,
    });
  }

  return { choose, report, areas: () => repo().areas() };
}
