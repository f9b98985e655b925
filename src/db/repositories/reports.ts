// The aggregates behind a report (/nps, `nps-loop nps`): one SQL statement per report over the
// covering indexes (team_id|company_id|staff_id, responded_at, score), so the cost is index range
// scans of the scope's rows whatever the table size; nothing is loaded row by row into JavaScript.
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";

export type ReportScopeKind = "team" | "company" | "person";

/** Who or what a report is about, with what the report needs to know about it. */
export interface ReportScope {
  kind: ReportScopeKind;
  id: number;
  /** Team or company slug; a person's email (or "person-<id>" when they have none). */
  slug: string;
  name: string;
  /** The zone periods and weeks are counted in: the team's, the company's most common, the person's. */
  timeZone: string;
  companyId: number | null;
  /** The company's area, for the programme comparison. */
  area: string | null;
}

export interface Counts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface AggregateWindow {
  /** The period [from, to) and the previous one [previousFrom, previousTo), previousTo <= from. */
  from: Date;
  to: Date;
  previousFrom: Date;
  previousTo: Date;
  /** Local week starts covering [from, to), oldest first (the first at or before `from`). */
  weekStarts: Date[];
  now: Date;
  topCauses: number;
  /** The area to compare programme and non-programme companies in over [from, to); null for none. */
  area: string | null;
}

export interface ResponseAggregate {
  /** Counts of the current period, one per entry of `weekStarts`. */
  weeks: Counts[];
  previous: Counts;
}

export interface CaseAggregate {
  /** Cases not resolved yet (now, whatever the period). */
  open: number;
  /** Of those, past their due time. */
  overdue: number;
  /** Cases resolved in the period. */
  closed: number;
  closedWithinSla: number;
  medianHoursToClose: number | null;
  rootCauses: { cause: string; count: number }[];
}

export interface AreaComparisonRow {
  inProgramme: boolean;
  companies: number;
  counts: Counts;
}

export interface ReportAggregates {
  responses: ResponseAggregate;
  cases: CaseAggregate;
  /** Null when no area was asked for. */
  area: AreaComparisonRow[] | null;
}

interface AggregateRow {
  answers: unknown;
  open: number;
  overdue: number;
  closed: number;
  closedWithinSla: number;
  medianHours: number | null;
  rootCauses: unknown;
  area: unknown;
}

interface CountRow {
  n: number;
  promoters: number;
  detractors: number;
}

const toCounts = (r: CountRow): Counts => ({
  promoters: r.promoters,
  passives: r.n - r.promoters - r.detractors,
  detractors: r.detractors,
});

const OPEN_STATUSES = Prisma.sql`('open', 'claimed', 'contacted')`;

interface ScopeRow {
  kind: ReportScopeKind;
  id: number;
  slug: string | null;
  name: string;
  timeZone: string;
  companyId: number | null;
  area: string | null;
}

const toScope = (r: ScopeRow): ReportScope => ({ ...r, slug: r.slug ?? `person-${r.id}` });

export class ReportsRepository {
  constructor(private readonly db: DbClient) {}

  async teamBySlug(slug: string): Promise<ReportScope | null> {
    return this.one(Prisma.sql`${TEAM_SCOPE} WHERE t.slug = ${slug}`);
  }

  async teamById(id: number): Promise<ReportScope | null> {
    return this.one(Prisma.sql`${TEAM_SCOPE} WHERE t.id = ${id}`);
  }

  async companyBySlug(slug: string): Promise<ReportScope | null> {
    return this.one(Prisma.sql`${COMPANY_SCOPE} WHERE c.slug = ${slug}`);
  }

  async companyById(id: number): Promise<ReportScope | null> {
    return this.one(Prisma.sql`${COMPANY_SCOPE} WHERE c.id = ${id}`);
  }

  async personById(id: number): Promise<ReportScope | null> {
    return this.one(Prisma.sql`${PERSON_SCOPE} WHERE p.id = ${id}`);
  }

  async personByEmail(email: string): Promise<ReportScope | null> {
    return this.one(Prisma.sql`${PERSON_SCOPE} WHERE lower(p.email) = lower(${email})`);
  }

  /** Teams and companies with this slug (a slug may name one of each), teams first. */
  async scopesBySlug(slug: string): Promise<ReportScope[]> {
    const rows = await this.db.$queryRaw<ScopeRow[]>`
      ${TEAM_SCOPE} WHERE t.slug = ${slug}
      UNION ALL
      ${COMPANY_SCOPE} WHERE c.slug = ${slug}`;
    return rows.map(toScope).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "team" ? -1 : 1));
  }

  async knownSlugs(): Promise<{ teams: string[]; companies: string[] }> {
    const rows = await this.db.$queryRaw<{ kind: string; slug: string }[]>`
      SELECT 'team' AS kind, slug FROM teams
      UNION ALL
      SELECT 'company' AS kind, slug FROM companies
      ORDER BY kind, slug`;
    return {
      teams: rows.filter((r) => r.kind === "team").map((r) => r.slug),
      companies: rows.filter((r) => r.kind === "company").map((r) => r.slug),
    };
  }

  /**
   * Everything a report counts, in one statement (one round trip, which is most of the cost on small
   * scopes): the scope's answers by week and for the previous period, its cases, and the area's
   * programme comparison when `area` is given.
   */
  async reportAggregates(scope: Pick<ReportScope, "kind" | "id">, w: AggregateWindow): Promise<ReportAggregates> {
    // Buckets by binary search over precomputed instants, not date_trunc(... AT TIME ZONE) per row
    // (three times slower): 0 = previous period, 1 = the gap before this one, 2.. = the weeks.
    const thresholds = [w.previousTo, w.from, ...w.weekStarts.slice(1)];
    const cases = casesInScope(scope);
    const area = w.area === null ? Prisma.sql`NULL::json` : areaComparisonJson(w.area, w);
    const rows = await this.db.$queryRaw<AggregateRow[]>`
      WITH answers AS (
        SELECT width_bucket(r.responded_at, ${timestampArray(thresholds)}::timestamptz[]) AS bucket,
          COUNT(*)::int AS n,
          (COUNT(*) FILTER (WHERE r.score >= 9))::int AS promoters,
          (COUNT(*) FILTER (WHERE r.score <= 6))::int AS detractors
        FROM survey_responses r
        WHERE ${responseScope(scope)} AND r.responded_at >= ${w.previousFrom} AND r.responded_at < ${w.to}
        GROUP BY 1
      ), open_cases AS (
        SELECT c.due_at FROM ${cases} AND c.status IN ${OPEN_STATUSES}
      ), closed AS (
        SELECT c.created_at, c.resolved_at, c.due_at, c.root_cause FROM ${cases}
          AND c.resolved_at >= ${w.from} AND c.resolved_at < ${w.to}
          -- A case the survey tool closed (the score rose) was not closed by anyone: it must not
          -- count towards the SLA share or the time to close.
          AND c.outcome IS DISTINCT FROM 'score_updated'
      )
      SELECT
        (SELECT COALESCE(json_agg(answers), '[]'::json) FROM answers) AS answers,
        (SELECT COUNT(*) FROM open_cases)::int AS open,
        (SELECT COUNT(*) FROM open_cases WHERE due_at < ${w.now})::int AS overdue,
        (SELECT COUNT(*) FROM closed)::int AS closed,
        (SELECT COUNT(*) FROM closed WHERE resolved_at <= due_at)::int AS "closedWithinSla",
        (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM resolved_at - created_at))
          FROM closed)::float8 / 3600 AS "medianHours",
        (SELECT COALESCE(json_agg(json_build_object('cause', cause, 'count', n) ORDER BY n DESC, cause), '[]'::json)
          FROM (SELECT root_cause AS cause, COUNT(*)::int AS n FROM closed WHERE root_cause IS NOT NULL
                GROUP BY root_cause ORDER BY n DESC, root_cause LIMIT ${w.topCauses}) top) AS "rootCauses",
        ${area} AS area`;
    const r = rows[0]!;
    const answers = json<(CountRow & { bucket: number })[]>(r.answers);
    const bucket = (b: number) => answers.find((a) => a.bucket === b);
    const areaRows = r.area === null ? null : json<(CountRow & { inProgramme: boolean; companies: number })[]>(r.area);
    return {
      responses: {
        weeks: w.weekStarts.map((_, i) => {
          const found = bucket(i + 2);
          return found ? toCounts(found) : { promoters: 0, passives: 0, detractors: 0 };
        }),
        previous: toCounts(bucket(0) ?? { n: 0, promoters: 0, detractors: 0 }),
      },
      cases: {
        open: r.open,
        overdue: r.overdue,
        closed: r.closed,
        closedWithinSla: r.closedWithinSla,
        medianHoursToClose: r.medianHours,
        rootCauses: json(r.rootCauses),
      },
      area: areaRows?.map((a) => ({ inProgramme: a.inProgramme, companies: a.companies, counts: toCounts(a) })) ?? null,
    };
  }

  private async one(query: Prisma.Sql): Promise<ReportScope | null> {
    const rows = await this.db.$queryRaw<ScopeRow[]>(query);
    return rows[0] ? toScope(rows[0]) : null;
  }
}

const TEAM_SCOPE = Prisma.sql`
  SELECT 'team' AS kind, t.id, t.slug, t.name, t.time_zone AS "timeZone", t.company_id AS "companyId", c.area
  FROM teams t JOIN companies c ON c.id = t.company_id`;

// A company's zone is that of most of its teams (UTC when it has none).
const COMPANY_SCOPE = Prisma.sql`
  SELECT 'company' AS kind, c.id, c.slug, c.name,
    COALESCE((SELECT t.time_zone FROM teams t WHERE t.company_id = c.id
              GROUP BY t.time_zone ORDER BY COUNT(*) DESC, t.time_zone LIMIT 1), 'UTC') AS "timeZone",
    c.id AS "companyId", c.area
  FROM companies c`;

const PERSON_SCOPE = Prisma.sql`
  SELECT 'person' AS kind, p.id, p.email AS slug, p.name, p.time_zone AS "timeZone", p.company_id AS "companyId", c.area
  FROM people p LEFT JOIN companies c ON c.id = p.company_id`;

/**
 * The area's companies split by programme, as a JSON array. A lateral aggregate per company keeps
 * each scan on the (company_id, responded_at, score) index.
 */
function areaComparisonJson(area: string, w: { from: Date; to: Date }): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(json_agg(g), '[]'::json) FROM (
      SELECT co.in_programme AS "inProgramme",
        COUNT(*)::int AS companies,
        COALESCE(SUM(s.n), 0)::int AS n,
        COALESCE(SUM(s.promoters), 0)::int AS promoters,
        COALESCE(SUM(s.detractors), 0)::int AS detractors
      FROM companies co
      CROSS JOIN LATERAL (
        SELECT COUNT(*) AS n,
          COUNT(*) FILTER (WHERE r.score >= 9) AS promoters,
          COUNT(*) FILTER (WHERE r.score <= 6) AS detractors
        FROM survey_responses r
        WHERE r.company_id = co.id AND r.responded_at >= ${w.from} AND r.responded_at < ${w.to}
      ) s
      WHERE co.area = ${area}
      GROUP BY co.in_programme) g)`;
}

/** A PostgreSQL array literal of instants (ISO strings only, so nothing needs escaping). */
export function timestampArray(dates: Date[]): string {
  return `{${dates.map((d) => d.toISOString()).join(",")}}`;
}

/** Drivers hand json columns back parsed (pg) or as text (some adapters): accept both. */
function json<T>(v: unknown): T {
  return (typeof v === "string" ? JSON.parse(v) : v) as T;
}

/** The WHERE condition on survey_responses r for a scope (column names are fixed, never user input). */
export function responseScope(scope: Pick<ReportScope, "kind" | "id">): Prisma.Sql {
  switch (scope.kind) {
    case "team":
      return Prisma.sql`r.team_id = ${scope.id}`;
    case "company":
      return Prisma.sql`r.company_id = ${scope.id}`;
    case "person":
      return Prisma.sql`r.staff_id = ${scope.id}`;
  }
}

/** `follow_up_cases c ... WHERE <scope>`: a person's cases are those of the responses they served. */
export function casesInScope(scope: Pick<ReportScope, "kind" | "id">): Prisma.Sql {
  switch (scope.kind) {
    case "team":
      return Prisma.sql`follow_up_cases c WHERE c.team_id = ${scope.id}`;
    case "company":
      return Prisma.sql`follow_up_cases c WHERE c.company_id = ${scope.id}`;
    case "person":
      return Prisma.sql`follow_up_cases c JOIN survey_responses r ON r.id = c.response_id WHERE r.staff_id = ${scope.id}`;
  }
}
