// Customer status events (drop-outs, renewals, reactivations) and the counts behind the retention
// report: one SQL statement per report, grouped in the database; only a handful of count rows come
// back whatever the number of customers.
import type { RetentionCountRow } from "../../core/retention.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";

export type CustomerEventKind = "dropped_out" | "renewed" | "reactivated";

export interface NewCustomerEvent {
  customerRef: string;
  kind: CustomerEventKind;
  /** The day (UTC midnight). */
  occurredOn: Date;
  source: string;
}

export type RetentionScope =
  | { kind: "team"; id: number }
  | { kind: "company"; id: number }
  | { kind: "area"; area: string };

export interface RetentionWindow {
  from: Date;
  to: Date;
  /** Follow-up ends here at the latest. */
  horizon: Date;
}

export interface RetentionCountsQuery {
  current: RetentionWindow;
  yearBefore: RetentionWindow;
  withinDays: number;
}

export class RetentionRepository {
  constructor(private readonly db: DbClient) {}

  /**
   * Inserts events, skipping those already stored (same customer, kind and day). Returns, for each
   * input in order, whether it was new. One statement per batch.
   */
  async insertEvents(events: NewCustomerEvent[], now: Date): Promise<boolean[]> {
    if (events.length === 0) return [];
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const rows = await this.db.$queryRaw<{ key: string }[]>`
      INSERT INTO customer_events (customer_ref, kind, occurred_on, source, received_at)
      SELECT DISTINCT ON (customer_ref, kind, occurred_on) customer_ref, kind::"CustomerEventKind", occurred_on, source, ${now}
      FROM unnest(${events.map((e) => e.customerRef)}::text[], ${events.map((e) => e.kind)}::text[],
        ${events.map((e) => day(e.occurredOn))}::date[], ${events.map((e) => e.source)}::text[])
        WITH ORDINALITY AS t(customer_ref, kind, occurred_on, source, ord)
      ORDER BY customer_ref, kind, occurred_on, ord
      ON CONFLICT (customer_ref, kind, occurred_on) DO NOTHING
      RETURNING customer_ref || '|' || kind::text || '|' || occurred_on::text AS key`;
    // A key new to the table counts as new once: for its first occurrence in the batch.
    const fresh = new Set(rows.map((r) => r.key));
    return events.map((e) => {
      const key = `${e.customerRef}|${e.kind}|${day(e.occurredOn)}`;
      return fresh.delete(key);
    });
  }

  async countEvents(customerRef?: string): Promise<number> {
    return this.db.customerEvent.count(customerRef ? { where: { customerRef } } : undefined);
  }

  async eventsOf(customerRef: string): Promise<{ kind: CustomerEventKind; occurredOn: Date; source: string }[]> {
    return this.db.customerEvent.findMany({
      where: { customerRef },
      select: { kind: true, occurredOn: true, source: true },
      orderBy: [{ occurredOn: "asc" }, { kind: "asc" }],
    });
  }

  /** Deletes every event of these customers (privacy erasure). */
  async deleteEventsOf(customerRefs: string[]): Promise<number> {
    if (customerRefs.length === 0) return 0;
    const { count } = await this.db.customerEvent.deleteMany({ where: { customerRef: { in: customerRefs } } });
    return count;
  }

  /** Deletes every event a source sent (the demo's, on reset). */
  async deleteEventsFromSource(source: string): Promise<number> {
    const { count } = await this.db.customerEvent.deleteMany({ where: { source } });
    return count;
  }

  /** The area as stored, matched without regard to case, spaces or hyphens ("greater-manchester"). */
  async areaNamed(text: string): Promise<string | null> {
    const rows = await this.db.$queryRaw<{ area: string }[]>`
      SELECT DISTINCT area FROM companies
      WHERE area IS NOT NULL AND lower(regexp_replace(area, '[\\s_-]+', '-', 'g'))
        = lower(regexp_replace(${text.trim()}, '[\\s_-]+', '-', 'g'))
      ORDER BY area LIMIT 1`;
    return rows[0]?.area ?? null;
  }

  /** The zone most of the area's teams are in (UTC when none). */
  async areaTimeZone(area: string): Promise<string> {
    const rows = await this.db.$queryRaw<{ zone: string }[]>`
      SELECT t.time_zone AS zone FROM teams t JOIN companies c ON c.id = t.company_id WHERE c.area = ${area}
      GROUP BY t.time_zone ORDER BY COUNT(*) DESC, t.time_zone LIMIT 1`;
    return rows[0]?.zone ?? "UTC";
  }

  async areas(): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ area: string }[]>`
      SELECT DISTINCT area FROM companies WHERE area IS NOT NULL ORDER BY area`;
    return rows.map((r) => r.area);
  }

  /** The scope's companies by programme. */
  async companiesIn(scope: RetentionScope): Promise<{ inProgramme: boolean; count: number }[]> {
    const where =
      scope.kind === "area"
        ? Prisma.sql`co.area = ${scope.area}`
        : scope.kind === "company"
          ? Prisma.sql`co.id = ${scope.id}`
          : Prisma.sql`co.id = (SELECT company_id FROM teams WHERE id = ${scope.id})`;
    return this.db.$queryRaw<{ inProgramme: boolean; count: number }[]>`
      SELECT co.in_programme AS "inProgramme", COUNT(*)::int AS count FROM companies co WHERE ${where}
      GROUP BY co.in_programme`;
  }

  /**
   * The counts behind a retention report, for the period and the same period a year before: each
   * customer once (their last answer in the scope and window), by programme, category and (for
   * detractors) what happened to their case; how many dropped out within `withinDays` of that answer
   * (the day itself included, never past the window's horizon), and how many windows the horizon cut.
   */
  async retentionCounts(scope: RetentionScope, q: RetentionCountsQuery): Promise<RetentionCountRow[]> {
    const days = Math.trunc(q.withinDays);
    const rows = await this.db.$queryRaw<RetentionCountRow[]>`
      -- Two plain range scans (not a join to a list of windows), so each is an index range scan on
      -- (team_id | company_id, responded_at) whatever the planner thinks of the join.
      WITH answers AS (
        SELECT false AS year_before, ${q.current.horizon}::timestamptz AS horizon,
          r.id, r.customer_ref, r.score, r.responded_at, r.company_id
        FROM survey_responses r
        WHERE ${responseScope(scope)} AND r.responded_at >= ${q.current.from} AND r.responded_at < ${q.current.to}
          AND r.customer_ref IS NOT NULL
        UNION ALL
        SELECT true, ${q.yearBefore.horizon}::timestamptz, r.id, r.customer_ref, r.score, r.responded_at, r.company_id
        FROM survey_responses r
        WHERE ${responseScope(scope)} AND r.responded_at >= ${q.yearBefore.from} AND r.responded_at < ${q.yearBefore.to}
          AND r.customer_ref IS NOT NULL
      ), last_answer AS (
        SELECT DISTINCT ON (a.year_before, a.customer_ref) a.*
        FROM answers a
        ORDER BY a.year_before, a.customer_ref, a.responded_at DESC, a.id DESC
      ), classified AS (
        SELECT la.year_before, COALESCE(co.in_programme, false) AS in_programme,
          CASE WHEN la.score >= 9 THEN 'promoter' WHEN la.score >= 7 THEN 'passive' ELSE 'detractor' END AS category,
          CASE WHEN la.score >= 7 THEN NULL
            WHEN c.id IS NULL THEN 'no_case'
            -- Reached: resolved as recovered or not recovered. "Unreachable" (even after calls were
            -- logged) and a case the survey tool closed were not a conversation with the customer.
            WHEN c.status = 'resolved' AND c.outcome IN ('recovered', 'not_recovered') THEN 'closed'
            WHEN c.status = 'resolved' THEN 'closed_without_contact'
            WHEN c.status = 'open' THEN 'unclaimed'
            ELSE 'in_progress' END AS loop,
          la.responded_at + make_interval(days => ${days}) > la.horizon AS incomplete,
          EXISTS (SELECT 1 FROM customer_events e
            WHERE e.customer_ref = la.customer_ref AND e.kind = 'dropped_out'
              AND e.occurred_on >= (la.responded_at AT TIME ZONE 'UTC')::date
              AND e.occurred_on <= (LEAST(la.responded_at + make_interval(days => ${days}), la.horizon)
                AT TIME ZONE 'UTC')::date) AS dropped
        FROM last_answer la
        LEFT JOIN companies co ON co.id = la.company_id
        -- Only a detractor's case matters: promoters and passives need no lookup.
        LEFT JOIN follow_up_cases c ON c.response_id = la.id AND la.score <= 6
      )
      SELECT year_before AS "yearBefore", in_programme AS "inProgramme", category, loop,
        COUNT(*)::int AS customers,
        (COUNT(*) FILTER (WHERE dropped))::int AS "droppedOut",
        (COUNT(*) FILTER (WHERE incomplete))::int AS incomplete
      FROM classified GROUP BY 1, 2, 3, 4`;
    return rows;
  }
}

/** The WHERE condition on survey_responses r for a scope (column names fixed, values bound). */
function responseScope(scope: RetentionScope): Prisma.Sql {
  switch (scope.kind) {
    case "team":
      return Prisma.sql`r.team_id = ${scope.id}`;
    case "company":
      return Prisma.sql`r.company_id = ${scope.id}`;
    case "area":
      return Prisma.sql`r.company_id IN (SELECT id FROM companies WHERE area = ${scope.area})`;
  }
}
