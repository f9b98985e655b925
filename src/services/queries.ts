// The report behind `/nps` and `nps-loop nps`: NPS with its margin of error, change vs the previous
// period, weekly trend, follow-up case health, and the programme comparison for the scope's area.
// Statistics come from core/nps (pure); the counting is done by SQL aggregates in ReportsRepository.
import type { Config } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { addCounts, buildTrend, compareNps, EMPTY_COUNTS, round1, sparkline, summarize, totalOf } from "../core/nps.js";
import { DEFAULT_PERIOD, parsePeriod, weekStarts } from "../core/periods.js";
import type { ComparisonRow, ReportView } from "../core/views.js";
import type { DbContext } from "../db/context.js";
import { type AreaComparisonRow, type ReportScope, ReportsRepository } from "../db/repositories/reports.js";

export type ReportTarget =
  | { kind: "team" | "company"; slug: string }
  | { kind: "team" | "company" | "person"; id: number }
  | { kind: "person"; email: string };

export interface ReportOptions {
  /** Count periods and weeks in this zone instead of the scope's own. */
  timeZone?: string;
  /** Include the programme vs non-programme comparison of the area (default true). */
  comparison?: boolean;
}

export interface QueryServiceDeps {
  db: DbContext;
  clock: Clock;
  config: Pick<Config, "MIN_SAMPLE">;
}

/** How many root causes a report lists. */
const TOP_ROOT_CAUSES = 3;
/** How long a resolved team, company or person is reused, and how many are kept. */
const SCOPE_CACHE_MS = 60_000;
const SCOPE_CACHE_MAX = 1000;
/** How many known slugs an unknown-target error lists. */
const MAX_LISTED_SLUGS = 12;

export type QueryService = ReturnType<typeof createQueryService>;

export function createQueryService(deps: QueryServiceDeps) {
  const { db, clock, config } = deps;
  const minSample = config.MIN_SAMPLE;
  const repo = () => new ReportsRepository(db.client);

  // Org data changes rarely (an org file applied now and then), and a report repeated within a minute
  // need not look its team up again: that lookup would be a second round trip on every /nps.
  const scopeCache = new Map<string, { scope: ReportScope; until: number }>();

  async function resolveScope(target: ReportTarget): Promise<ReportScope> {
    const key = JSON.stringify(target);
    const cached = scopeCache.get(key);
    const nowMs = clock.now().getTime();
    if (cached && cached.until > nowMs) return cached.scope;
    const scope = await lookUpScope(target);
    if (scopeCache.size >= SCOPE_CACHE_MAX) scopeCache.clear();
    scopeCache.set(key, { scope, until: nowMs + SCOPE_CACHE_MS });
    return scope;
  }

  async function lookUpScope(target: ReportTarget): Promise<ReportScope> {
    const r = repo();
    let scope: ReportScope | null;
    let asked: string;
    if ("slug" in target) {
      asked = `${target.kind} "${target.slug}"`;
      scope = target.kind === "team" ? await r.teamBySlug(target.slug) : await r.companyBySlug(target.slug);
    } else if ("email" in target) {
      asked = `person with email ${target.email}`;
      scope = await r.personByEmail(target.email);
    } else {
      asked = `${target.kind} with id ${target.id}`;
      scope =
        target.kind === "team"
          ? await r.teamById(target.id)
          : target.kind === "company"
            ? await r.companyById(target.id)
            : await r.personById(target.id);
    }
    if (scope) return scope;
    if ("slug" in target) throw await unknownSlug(target.slug);
    throw new AppError("NOT_FOUND", `no ${asked}`);
  }

  async function unknownSlug(slug: string): Promise<AppError> {
    const known = await repo().knownSlugs();
    const all = [...known.teams, ...known.companies];
    if (all.length === 0) {
      return new AppError(
        "NOT_FOUND",
        `no team or company "${slug}": none are set up yet (load an org file with \`nps-loop org apply\`)`,
      );
    }
    const close = closestSlug(slug, all);
    const list = (kind: string, slugs: string[]) =>
      slugs.length === 0
        ? ""
        : ` Known ${kind}: ${slugs.slice(0, MAX_LISTED_SLUGS).join(", ")}${
            slugs.length > MAX_LISTED_SLUGS ? ` and ${slugs.length - MAX_LISTED_SLUGS} more` : ""
          }.`;
    return new AppError(
      "NOT_FOUND",
      `no team or company "${slug}".${close ? ` Did you mean "${close}"?` : ""}` +
        list("teams", known.teams) +
        list("companies", known.companies),
      { slug, suggestion: close, teams: known.teams, companies: known.companies },
    );
  }

  /**
   * What a free-text target names: an email is a person; a slug is a team, else a company. When a
   * slug names both, the team wins and `note` says so (pass kind "company" to get the company).
   */
  async function findTarget(text: string): Promise<{ target: ReportTarget; note: string | null }> {
    const slug = text.trim();
    if (slug.includes("@")) return { target: { kind: "person", email: slug }, note: null };
    const scopes = await repo().scopesBySlug(slug);
    const first = scopes[0];
    if (!first) throw await unknownSlug(slug);
    const note =
      scopes.length > 1
        ? `"${slug}" is both a team and a company; showing the team (ask for the company to see it).`
        : null;
    return { target: { kind: first.kind as "team" | "company", slug }, note };
  }

  async function report(
    target: ReportTarget,
    periodSpec: string = DEFAULT_PERIOD,
    opts: ReportOptions = {},
  ): Promise<ReportView> {
    const scope = await resolveScope(target);
    const timeZone = opts.timeZone ?? scope.timeZone;
    const now = clock.now();
    const period = parsePeriod(periodSpec, timeZone, now);
    const weeks = weekStarts(period.from, period.to, timeZone);
    const wantComparison = opts.comparison !== false && scope.kind !== "person" && scope.area !== null;
    const { responses, cases, area } = await repo().reportAggregates(scope, {
      from: period.from,
      to: period.to,
      previousFrom: period.previous.from,
      previousTo: period.previous.to,
      weekStarts: weeks.map((w) => w.start),
      now,
      topCauses: TOP_ROOT_CAUSES,
      area: wantComparison ? scope.area : null,
    });

    const current = responses.weeks.reduce(addCounts, EMPTY_COUNTS);
    const summary = summarize(current, minSample);
    const change = compareNps(current, responses.previous, minSample);
    const previousSummary = summarize(responses.previous, minSample);
    const trend = buildTrend(weeks, new Map(weeks.map((w, i) => [w.key, responses.weeks[i]!])), minSample);

    return {
      scope: { kind: scope.kind, slug: scope.slug, name: scope.name },
      period: { label: period.label, from: period.from, to: period.to, timeZone },
      n: summary.n,
      enoughData: summary.enoughData,
      minSample,
      nps: round1(summary.nps),
      promotersPct: round1(summary.promotersPct),
      passivesPct: round1(summary.passivesPct),
      detractorsPct: round1(summary.detractorsPct),
      marginOfError: round1(summary.marginOfError),
      change: {
        previousNps: round1(previousSummary.nps),
        previousN: previousSummary.n,
        delta: round1(change.delta),
        significant: change.significant,
        period: { ...period.previous },
      },
      trend: trend.map((t) => ({ weekStart: t.weekStart, n: t.n, nps: round1(t.nps) })),
      sparkline: sparkline(trend.map((t) => t.nps)),
      openCases: cases.open,
      overdueCases: cases.overdue,
      slaShare: cases.closed === 0 ? null : Math.round((cases.closedWithinSla / cases.closed) * 1000) / 1000,
      closedCases: cases.closed,
      medianHoursToClose: round1(cases.medianHoursToClose),
      topRootCauses: cases.rootCauses,
      comparison: area ? comparisonOf(scope.area!, area) : null,
    };
  }

  function comparisonOf(area: string, rows: AreaComparisonRow[]): NonNullable<ReportView["comparison"]> {
    const row = (inProgramme: boolean): ComparisonRow => {
      const found = rows.find((r) => r.inProgramme === inProgramme);
      const counts = found?.counts ?? EMPTY_COUNTS;
      const s = summarize(counts, minSample);
      return {
        companies: found?.companies ?? 0,
        n: totalOf(counts),
        nps: round1(s.nps),
        marginOfError: round1(s.marginOfError),
      };
    };
    return { area, programme: row(true), nonProgramme: row(false) };
  }

  return { report, findTarget, resolveScope };
}

/** The known slug nearest to a mistyped one (edit distance at most a third of its length), if any. */
export function closestSlug(slug: string, known: string[]): string | null {
  const target = slug.toLowerCase();
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(target.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(target, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
