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
   */
  async windowCounts(windows: WindowSpec[]): Promise<{ companies: WindowCompanyCounts[]; teams: WindowTeamCounts[] }> {
    if (windows.length === 0) return { companies: [], teams: [] };
    const spec = JSON.stringify(
      windows.map((w, i) => ({
        idx: i,
        company_id: w.companyId,
        area: w.area,
        bf: w.beforeFrom.toISOString(),
        st: w.start.toISOString(),
        at: w.afterTo.toISOString(),
      })),
    );
    const rows = await this.db.$queryRaw<
      (CellRow & { kind: "company" | "team"; idx: number; id: number; programme: boolean })[]
    >`
      WITH w AS (
        SELECT * FROM json_to_recordset(${spec}::json)
          AS w(idx int, company_id int, area text, bf timestamptz, st timestamptz, at timestamptz)
      ), cw AS (
        -- Programme companies that started on the same day share one scan of each comparison company.
        SELECT DISTINCT area, bf, st, at FROM w
      ), comparison AS (
        SELECT cw.area, cw.bf, cw.st, cw.at, co.id, s.* FROM cw
        JOIN companies co ON co.area = cw.area AND co.programme_start IS NULL AND NOT co.in_programme
        CROSS JOIN LATERAL (
          SELECT ${SPLIT_COUNTS(Prisma.sql`cw.st`)} FROM survey_responses r
          WHERE r.company_id = co.id AND r.responded_at >= cw.bf AND r.responded_at < cw.at
        ) s
      )
      SELECT 'company' AS kind, w.idx, w.company_id AS id, TRUE AS programme, s.* FROM w
      CROSS JOIN LATERAL (
        SELECT ${SPLIT_COUNTS(Prisma.sql`w.st`)} FROM survey_responses r
        WHERE r.company_id = w.company_id AND r.responded_at >= w.bf AND r.responded_at < w.at
      ) s
      UNION ALL
      SELECT 'company', w.idx, c.id, FALSE, c.nb, c.pb, c.db, c.na, c.pa, c.da FROM w
      JOIN comparison c ON c.area = w.area AND c.bf = w.bf AND c.st = w.st AND c.at = w.at
      UNION ALL
      SELECT 'team', w.idx, t.id, TRUE, s.* FROM w
      JOIN teams t ON t.company_id = w.company_id
      CROSS JOIN LATERAL (
        SELECT ${SPLIT_COUNTS(Prisma.sql`w.st`)} FROM survey_responses r
        WHERE r.team_id = t.id AND r.responded_at >= w.bf AND r.responded_at < w.at
      ) s`;
    return {
      companies: rows
        .filter((r) => r.kind === "company")
        .map((r) => ({ window: r.idx, companyId: r.id, programme: r.programme, counts: group(r) })),
      teams: rows.filter((r) => r.kind === "team").map((r) => ({ window: r.idx, teamId: r.id, counts: group(r) })),
    };
  }

  /**
   * Completed coaching sessions of a scope done in [from, to), each with equal windows either side
   * of its done time (cut to now), the coached person's counts, and the counts of the team's other
   * staff who were not coached within those windows. Also how many sessions were too recent.
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
        SELECT cs.id, cs.staff_id, cs.team_id, cs.topic, cs.done_at,
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

/** A PostgreSQL int array literal (numbers only, so nothing needs escaping). */
function intArray(ids: number[]): string {
  return `{${ids.map((n) => Math.trunc(n)).join(",")}}`;
}
