// The counts behind the impact and coaching reports, aggregated in SQL: one statement each, index
// range scans over (company_id|team_id|staff_id, responded_at, score), nothing loaded row by row.
import type { SessionCounts } from "../../core/coaching-effect.js";
import type { GroupCounts } from "../../core/impact.js";
import type { ImpactOrg, WindowCompanyCounts, WindowTeamCounts } from "../../core/impact-report.js";
import type { CompanyRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";

/** A company as the impact report reads it (the org record without its language). */
export type ImpactCompanyRow = Omit<CompanyRecord, "locale">;

/** One programme company's windows, as the query takes them. */
export interface WindowSpec {
  companyId: number;
  area: string;
  beforeFrom: Date;
  start: Date;
  afterTo: Date;
}

export interface SessionSpec {
  /** Sessions done in [from, to) of this scope. */
  scope: { kind: "team" | "company" | "person"; id: number };
  from: Date;
  to: Date;
  now: Date;
  windowDays: number;
}

/** One completed session with the counts in its windows (the core's own shape). */
export type SessionRow = SessionCounts;

interface CellRow {
  nb: number;
  pb: number;
  db: number;
  na: number;
  pa: number;
  da: number;
}

const group = (r: CellRow): GroupCounts => ({
  before: { promoters: r.pb, passives: r.nb - r.pb - r.db, detractors: r.db },
  after: { promoters: r.pa, passives: r.na - r.pa - r.da, detractors: r.da },
});

/** Counts before [bf, st) and after [st, at) of the rows `r` of one range scan [bf, at). */
const SPLIT_COUNTS = (st: Prisma.Sql) => Prisma.sql`
  COUNT(*) FILTER (WHERE r.responded_at < ${st})::int AS nb,
  COUNT(*) FILTER (WHERE r.responded_at < ${st} AND r.score >= 9)::int AS pb,
  COUNT(*) FILTER (WHERE r.responded_at < ${st} AND r.score <= 6)::int AS db,
  COUNT(*) FILTER (WHERE r.responded_at >= ${st})::int AS na,
  COUNT(*) FILTER (WHERE r.responded_at >= ${st} AND r.score >= 9)::int AS pa,
  COUNT(*) FILTER (WHERE r.responded_at >= ${st} AND r.score <= 6)::int AS da`;

/**
 * Answers of one edge of a range, read from the rows: one index range scan, skipped (the condition
 * on the range alone is checked once) when the edge is empty, as it is for a window of whole days.
 */
const edge = (who: Prisma.Sql, from: Prisma.Sql, to: Prisma.Sql) => Prisma.sql`
  SELECT 1, (r.score >= 9)::int, (r.score <= 6)::int FROM survey_responses r
  WHERE ${from} < ${to} AND ${who} AND r.responded_at >= ${from} AND r.responded_at < ${to}`;

export class ImpactRepository {
  constructor(private readonly db: DbClient) {}

  /** Companies (of one area, or all) with their programme dates, and the teams of those companies. */
  async org(area: string | null): Promise<{ companies: ImpactCompanyRow[]; teams: ImpactOrg["teams"] }> {
    const where = area === null ? Prisma.sql`TRUE` : Prisma.sql`lower(c.area) = lower(${area})`;
    const companies = await this.db.$queryRaw<ImpactCompanyRow[]>`
      SELECT c.id, c.slug, c.name, c.area, c.in_programme AS "inProgramme",
        to_char(c.programme_start, 'YYYY-MM-DD') AS "programmeStart",
        to_char(c.programme_end, 'YYYY-MM-DD') AS "programmeEnd"
      FROM companies c WHERE ${where} ORDER BY c.id`;
    const ids = companies.map((c) => c.id);
    const teams = ids.length
      ? await this.db.$queryRaw<ImpactOrg["teams"]>`
          SELECT t.id, t.slug, t.name, t.company_id AS "companyId" FROM teams t
          WHERE t.company_id = ANY(${intArray(ids)}::int[]) ORDER BY t.id`
      : [];
    return { companies, teams };
  }

  /** Distinct areas, for hints. */
  async areas(): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ area: string }[]>`
      SELECT DISTINCT area FROM companies WHERE area IS NOT NULL ORDER BY area`;
    return rows.map((r) => r.area);
  }

  /**
   * For each window: the programme company's counts, each comparison company's counts (companies of
   * the same area never in the programme), and each programme team's counts, before and after.
   *
   * Whole UTC days come from response_day_counts (kept by triggers, see the report_rollups
   * migration); only a window edge that falls inside a day reads that part of the day from
   * survey_responses. Windows of the same area with the same dates share their comparison counts.
   */
  async windowCounts(windows: WindowSpec[]): Promise<{ companies: WindowCompanyCounts[]; teams: WindowTeamCounts[] }> {
    if (windows.length === 0) return { companies: [], teams: [] };
    const groupOf = new Map<string, number>();
    const groups: { grp: number; area: string; w: WindowSpec }[] = [];
    const grpOfWindow = windows.map((w) => {
      const key = `${w.area}|${w.beforeFrom.toISOString()}|${w.start.toISOString()}|${w.afterTo.toISOString()}`;
      let g = groupOf.get(key);
      if (g === undefined) {
        g = groups.length;
        groupOf.set(key, g);
        groups.push({ grp: g, area: w.area, w });
      }
      return g;
    });
    const ranges = groups.flatMap(({ grp, w }) => [
      { grp, after: false, ...dayRange(w.beforeFrom, w.start) },
      { grp, after: true, ...dayRange(w.start, w.afterTo) },
    ]);
    const spec = JSON.stringify(windows.map((w, i) => ({ idx: i, company_id: w.companyId, grp: grpOfWindow[i] })));
    const groupSpec = JSON.stringify(groups.map((g) => ({ grp: g.grp, area: g.area })));
    const rows = await this.db.$queryRaw<
      {
        kind: "company" | "comparison" | "team";
        ref: number;
        id: number;
        after: boolean;
        n: number;
        p: number;
        d: number;
      }[]
    >`
      WITH w AS (
        SELECT * FROM json_to_recordset(${spec}::json) AS w(idx int, company_id int, grp int)
      ), g AS (
        SELECT * FROM json_to_recordset(${groupSpec}::json) AS g(grp int, area text)
      ), rg AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(ranges)}::json)
          AS rg(grp int, after boolean, d1 date, d2 date, a1 timestamptz, b1 timestamptz, a2 timestamptz, b2 timestamptz)
      ), subject AS (
        -- ref: the window for a programme company or team, the group for a comparison company.
        SELECT 'company' AS kind, w.idx AS ref, w.company_id AS id, w.grp, TRUE AS by_company FROM w
        UNION ALL
        SELECT 'comparison', g.grp, co.id, g.grp, TRUE FROM g
        JOIN companies co ON co.area = g.area AND co.programme_start IS NULL AND NOT co.in_programme
        UNION ALL
        SELECT 'team', w.idx, t.id, w.grp, FALSE FROM w JOIN teams t ON t.company_id = w.company_id
      )
      SELECT s.kind, s.ref, s.id, rg.after, c.n, c.p, c.d
      FROM subject s JOIN rg ON rg.grp = s.grp
      CROSS JOIN LATERAL (
        SELECT COALESCE(SUM(u.n), 0)::int AS n, COALESCE(SUM(u.p), 0)::int AS p, COALESCE(SUM(u.d), 0)::int AS d FROM (
          SELECT x.responses AS n, x.promoters AS p, x.detractors AS d FROM response_day_counts x
          WHERE rg.d1 < rg.d2 AND s.by_company AND x.company_key = s.id AND x.day >= rg.d1 AND x.day < rg.d2
          UNION ALL
          SELECT x.responses, x.promoters, x.detractors FROM response_day_counts x
          WHERE rg.d1 < rg.d2 AND NOT s.by_company AND x.team_key = s.id AND x.day >= rg.d1 AND x.day < rg.d2
          UNION ALL
          ${edge(Prisma.sql`s.by_company AND r.company_id = s.id`, Prisma.sql`rg.a1`, Prisma.sql`rg.b1`)}
          UNION ALL
          ${edge(Prisma.sql`s.by_company AND r.company_id = s.id`, Prisma.sql`rg.a2`, Prisma.sql`rg.b2`)}
          UNION ALL
          ${edge(Prisma.sql`NOT s.by_company AND r.team_id = s.id`, Prisma.sql`rg.a1`, Prisma.sql`rg.b1`)}
          UNION ALL
          ${edge(Prisma.sql`NOT s.by_company AND r.team_id = s.id`, Prisma.sql`rg.a2`, Prisma.sql`rg.b2`)}
        ) u
      ) c`;
    const cells = new Map<string, CellRow>();
    for (const r of rows) {
      const key = `${r.kind}|${r.ref}|${r.id}`;
      const cell = cells.get(key) ?? { nb: 0, pb: 0, db: 0, na: 0, pa: 0, da: 0 };
      if (r.after) Object.assign(cell, { na: r.n, pa: r.p, da: r.d });
      else Object.assign(cell, { nb: r.n, pb: r.p, db: r.d });
      cells.set(key, cell);
    }
    const comparisonOf = new Map<number, { id: number; cell: CellRow }[]>();
    const companies: WindowCompanyCounts[] = [];
    const teams: WindowTeamCounts[] = [];
    for (const [key, cell] of cells) {
      const [kind, ref, id] = key.split("|") as [string, string, string];
      if (kind === "comparison") {
        const list = comparisonOf.get(Number(ref)) ?? [];
        list.push({ id: Number(id), cell });
        comparisonOf.set(Number(ref), list);
      } else if (kind === "company") {
        companies.push({ window: Number(ref), companyId: Number(id), programme: true, counts: group(cell) });
      } else {
        teams.push({ window: Number(ref), teamId: Number(id), counts: group(cell) });
      }
    }
    windows.forEach((_, i) => {
      for (const c of comparisonOf.get(grpOfWindow[i]!) ?? []) {
        companies.push({ window: i, companyId: c.id, programme: false, counts: group(c.cell) });
      }
    });
    return { companies, teams };
  }

  /**
   * Completed coaching sessions of a scope done in [from, to), each with equal windows either side
   * of its done time (cut to now), the coached person's counts (without the answer whose case led to
   * the session), and the counts of the team's other staff who were not coached within those
   * windows. Also how many sessions were too recent.
   */
  async sessionCounts(q: SessionSpec): Promise<{ sessions: SessionRow[]; tooRecent: number }> {
    const scope =
      q.scope.kind === "team"
        ? Prisma.sql`cs.team_id = ${q.scope.id}`
        : q.scope.kind === "person"
          ? Prisma.sql`cs.staff_id = ${q.scope.id}`
          : Prisma.sql`cs.team_id IN (SELECT id FROM teams WHERE company_id = ${q.scope.id})`;
    const rows = await this.db.$queryRaw<
      (CellRow & {
        kind: "coached" | "control" | "recent";
        sessionId: number;
        staffId: number;
        teamId: number | null;
        topic: string;
        doneAt: Date;
        days: number;
        controlStaff: number;
      })[]
    >`
      WITH s0 AS (
        SELECT cs.id, cs.staff_id, cs.team_id, cs.topic, cs.done_at, cs.case_id,
          LEAST(${q.windowDays}::float8 * interval '1 day', ${q.now}::timestamptz - cs.done_at) AS len
        FROM coaching_sessions cs
        WHERE ${scope} AND cs.status = 'done' AND cs.done_at >= ${q.from} AND cs.done_at < ${q.to}
      ), s AS (
        SELECT s0.*, s0.done_at - s0.len AS bf, s0.done_at + s0.len AS at FROM s0 WHERE s0.len >= interval '1 day'
      ), excluded AS (
        -- Staff coached (any session done) within a session's windows are not its comparison.
        SELECT s.id, array_agg(DISTINCT c2.staff_id) AS staff FROM s
        JOIN coaching_sessions c2 ON c2.team_id = s.team_id AND c2.status = 'done'
          AND c2.done_at >= s.bf AND c2.done_at < s.at
        GROUP BY s.id
      )
      SELECT 'coached' AS kind, s.id AS "sessionId", s.staff_id AS "staffId", s.team_id AS "teamId", s.topic,
        s.done_at AS "doneAt", EXTRACT(EPOCH FROM s.len)::float8 / 86400 AS days, 0 AS "controlStaff", k.*
      FROM s CROSS JOIN LATERAL (
        SELECT ${SPLIT_COUNTS(Prisma.sql`s.done_at`)} FROM survey_responses r
        WHERE r.staff_id = s.staff_id AND r.responded_at >= s.bf AND r.responded_at < s.at
          -- The answer whose case led to the session is why the person was coached: counting it
          -- would build a return to their usual level into the effect (regression to the mean).
          AND r.id IS DISTINCT FROM (SELECT fc.response_id FROM follow_up_cases fc WHERE fc.id = s.case_id)
      ) k
      UNION ALL
      SELECT 'control', s.id, s.staff_id, s.team_id, s.topic, s.done_at, 0, k.staff_n, k.nb, k.pb, k.db, k.na, k.pa, k.da
      FROM s LEFT JOIN excluded e ON e.id = s.id CROSS JOIN LATERAL (
        SELECT COUNT(DISTINCT r.staff_id)::int AS staff_n, ${SPLIT_COUNTS(Prisma.sql`s.done_at`)} FROM survey_responses r
        WHERE r.team_id = s.team_id AND r.responded_at >= s.bf AND r.responded_at < s.at
          AND r.staff_id IS NOT NULL AND r.staff_id <> s.staff_id
          AND NOT (r.staff_id = ANY(COALESCE(e.staff, '{}'::int[])))
      ) k
      UNION ALL
      SELECT 'recent', 0, 0, NULL, '', NOW(), 0, (SELECT COUNT(*) FROM s0 WHERE s0.len < interval '1 day')::int,
        0, 0, 0, 0, 0, 0`;
    const control = new Map(rows.filter((r) => r.kind === "control").map((r) => [r.sessionId, r]));
    const sessions = rows
      .filter((r) => r.kind === "coached")
      .map((r) => {
        const c = control.get(r.sessionId)!;
        return {
          sessionId: r.sessionId,
          staffId: r.staffId,
          teamId: r.teamId,
          topic: r.topic,
          doneAt: new Date(r.doneAt),
          days: Math.round(r.days * 10) / 10,
          coached: group(r),
          control: group(c),
          controlStaff: c.controlStaff,
        };
      })
      .sort((a, b) => a.doneAt.getTime() - b.doneAt.getTime() || a.sessionId - b.sessionId);
    const recent = rows.find((r) => r.kind === "recent");
    return { sessions, tooRecent: recent?.controlStaff ?? 0 };
  }
}

const DAY_MS = 86_400_000;

/**
 * [from, to) as whole UTC days [d1, d2) plus the parts of days at its edges, [a1, b1) and [a2, b2)
 * (empty when an edge falls on midnight). A range within one day is all edge.
 */
export function dayRange(
  from: Date,
  to: Date,
): { d1: string; d2: string; a1: string; b1: string; a2: string; b2: string } {
  const f = from.getTime();
  const t = Math.max(to.getTime(), f);
  const ceil = Math.ceil(f / DAY_MS) * DAY_MS;
  const floor = Math.floor(t / DAY_MS) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = (ms: number) => iso(ms).slice(0, 10);
  if (ceil >= floor) {
    // No whole day inside: read [from, to) from the rows (an empty day range).
    return { d1: day(ceil), d2: day(ceil), a1: iso(f), b1: iso(t), a2: iso(t), b2: iso(t) };
  }
  return { d1: day(ceil), d2: day(floor), a1: iso(f), b1: iso(ceil), a2: iso(floor), b2: iso(t) };
}

/** A PostgreSQL int array literal (numbers only, so nothing needs escaping). */
function intArray(ids: number[]): string {
  return `{${ids.map((n) => Math.trunc(n)).join(",")}}`;
}
