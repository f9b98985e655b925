// The weekly series behind the charts (src/core/charts): a scope's answers per week, the area's
// programme and comparison companies per week, and closed cases per week and root cause. Each is one
// statement over the same covering indexes as the report (ReportsRepository), bucketed by binary
// search over the precomputed local week starts.
import type { DbClient } from "../context.js";
import { type Counts, casesInScope, type ReportScope, responseScope, timestampArray } from "./reports.js";

export interface ChartWindow {
  /** Local week starts, oldest first; the series covers [weekStarts[0], to). */
  weekStarts: Date[];
  to: Date;
}

interface BucketRow {
  bucket: number;
  n: number;
  promoters: number;
  detractors: number;
}

const EMPTY: Counts = { promoters: 0, passives: 0, detractors: 0 };
const counts = (r: BucketRow | undefined): Counts =>
  r ? { promoters: r.promoters, passives: r.n - r.promoters - r.detractors, detractors: r.detractors } : EMPTY;

export class ChartsRepository {
  constructor(private readonly db: DbClient) {}

  /** The scope's answers, one Counts per week start. */
  async weeklyCounts(scope: Pick<ReportScope, "kind" | "id">, w: ChartWindow): Promise<Counts[]> {
    if (w.weekStarts.length === 0) return [];
    const rows = await this.db.$queryRaw<BucketRow[]>`
      SELECT width_bucket(r.responded_at, ${timestampArray(w.weekStarts)}::timestamptz[]) AS bucket,
        COUNT(*)::int AS n,
        (COUNT(*) FILTER (WHERE r.score >= 9))::int AS promoters,
        (COUNT(*) FILTER (WHERE r.score <= 6))::int AS detractors
      FROM survey_responses r
      WHERE ${responseScope(scope)} AND r.responded_at >= ${w.weekStarts[0]} AND r.responded_at < ${w.to}
      GROUP BY 1`;
    return w.weekStarts.map((_, i) => counts(rows.find((r) => r.bucket === i + 1)));
  }

  /**
   * The area's companies in the programme and the others, one Counts per week each. A lateral
   * aggregate per company keeps each scan on the (company_id, responded_at, score) index.
   */
  async weeklyAreaCounts(area: string, w: ChartWindow): Promise<{ programme: Counts; comparison: Counts }[]> {
    if (w.weekStarts.length === 0) return [];
    const rows = await this.db.$queryRaw<(BucketRow & { inProgramme: boolean })[]>`
      SELECT co.in_programme AS "inProgramme", s.bucket,
        SUM(s.n)::int AS n, SUM(s.promoters)::int AS promoters, SUM(s.detractors)::int AS detractors
      FROM companies co
      CROSS JOIN LATERAL (
        SELECT width_bucket(r.responded_at, ${timestampArray(w.weekStarts)}::timestamptz[]) AS bucket,
          COUNT(*) AS n,
          COUNT(*) FILTER (WHERE r.score >= 9) AS promoters,
          COUNT(*) FILTER (WHERE r.score <= 6) AS detractors
        FROM survey_responses r
        WHERE r.company_id = co.id AND r.responded_at >= ${w.weekStarts[0]} AND r.responded_at < ${w.to}
        GROUP BY 1
      ) s
      WHERE co.area = ${area}
      GROUP BY 1, 2`;
    const find = (inProgramme: boolean, i: number) =>
      rows.find((r) => r.inProgramme === inProgramme && r.bucket === i + 1);
    return w.weekStarts.map((_, i) => ({ programme: counts(find(true, i)), comparison: counts(find(false, i)) }));
  }

  /**
   * Cases of the scope closed in each week, by root cause (null: none given). A case the survey tool
   * closed (the score rose) was closed by nobody and has no cause: left out, as in the report.
   */
  async weeklyRootCauses(
    scope: Pick<ReportScope, "kind" | "id">,
    w: ChartWindow,
  ): Promise<{ cause: string | null; count: number }[][]> {
    if (w.weekStarts.length === 0) return [];
    const rows = await this.db.$queryRaw<{ bucket: number; cause: string | null; count: number }[]>`
      SELECT width_bucket(c.resolved_at, ${timestampArray(w.weekStarts)}::timestamptz[]) AS bucket,
        c.root_cause AS cause, COUNT(*)::int AS count
      FROM ${casesInScope(scope)}
        AND c.resolved_at >= ${w.weekStarts[0]} AND c.resolved_at < ${w.to}
        AND c.outcome IS DISTINCT FROM 'score_updated'
      GROUP BY 1, 2
      ORDER BY 1, 3 DESC`;
    return w.weekStarts.map((_, i) =>
      rows.filter((r) => r.bucket === i + 1).map((r) => ({ cause: r.cause, count: r.count })),
    );
  }
}
