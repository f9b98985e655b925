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
   *
   * Read from retention_answers (kept by triggers, see the report_rollups migration): each answer
   * with its case's closed-loop state, its customer's first drop-out on or after the answer's day and
   * when the customer next answered, so this is two index-only range scans and one aggregate, with no
   * lookup per answer and no sort by customer.
   */
  async retentionCounts(scope: RetentionScope, q: RetentionCountsQuery): Promise<RetentionCountRow[]> {
    const days = Math.trunc(q.withinDays);
    const cols = Prisma.sql`f.company_id, f.score, f.loop, f.responded_at, f.first_drop_on`;
    // A customer's last answer in the scope and window: the one whose next answer (for the same team
    // or company) is not before the window's end. An area spans companies: a customer who answered
    // for several of them has one such answer per company, of which the latest counts.
    const lastAnswers = (w: RetentionWindow) => {
      const inWindow = Prisma.sql`f.responded_at >= ${w.from} AND f.responded_at < ${w.to}`;
      switch (scope.kind) {
        case "team":
          return Prisma.sql`SELECT ${cols} FROM retention_answers f WHERE f.team_id = ${scope.id} AND ${inWindow}
            AND (f.next_in_team IS NULL OR f.next_in_team >= ${w.to})`;
        case "company":
          return Prisma.sql`SELECT ${cols} FROM retention_answers f WHERE f.company_id = ${scope.id} AND ${inWindow}
            AND (f.next_in_company IS NULL OR f.next_in_company >= ${w.to})`;
        case "area": {
          const lastInCompany = Prisma.sql`f.company_id IN (SELECT id FROM companies WHERE area = ${scope.area})
            AND ${inWindow} AND (f.next_in_company IS NULL OR f.next_in_company >= ${w.to})`;
          return Prisma.sql`
            SELECT ${cols} FROM retention_answers f WHERE ${lastInCompany} AND NOT f.several_companies
            UNION ALL
            (SELECT DISTINCT ON (f.customer_ref COLLATE "C") ${cols} FROM retention_answers f
              WHERE ${lastInCompany} AND f.several_companies
              ORDER BY f.customer_ref COLLATE "C", f.responded_at DESC, f.response_id DESC)`;
        }
      }
    };
    const rows = await this.db.$queryRaw<RetentionCountRow[]>`
      WITH last_answer AS (
        SELECT false AS year_before, ${q.current.horizon}::timestamptz AS horizon, a.*
        FROM (${lastAnswers(q.current)}) a
        UNION ALL
        SELECT true, ${q.yearBefore.horizon}::timestamptz, b.* FROM (${lastAnswers(q.yearBefore)}) b
      ), counted AS (
        SELECT la.year_before, la.company_id, la.score >= 9 AS promoter, la.score >= 7 AS not_detractor, la.loop,
          COUNT(*)::int AS customers,
          (COUNT(*) FILTER (WHERE la.first_drop_on <= (LEAST(la.responded_at + make_interval(days => ${days}),
            la.horizon) AT TIME ZONE 'UTC')::date))::int AS dropped,
          (COUNT(*) FILTER (WHERE la.responded_at + make_interval(days => ${days}) > la.horizon))::int AS incomplete
        FROM last_answer la GROUP BY 1, 2, 3, 4, 5
      )
      SELECT c.year_before AS "yearBefore", COALESCE(co.in_programme, false) AS "inProgramme",
        CASE WHEN c.promoter THEN 'promoter' WHEN c.not_detractor THEN 'passive' ELSE 'detractor' END AS category,
        c.loop, SUM(c.customers)::int AS customers, SUM(c.dropped)::int AS "droppedOut",
        SUM(c.incomplete)::int AS incomplete
      FROM counted c LEFT JOIN companies co ON co.id = c.company_id
      GROUP BY 1, 2, 3, 4`;
    return rows;
  }
}
