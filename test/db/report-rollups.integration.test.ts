// The report rollups (response_day_counts, retention_answers; triggers in the report_rollups
// migration) must always equal a recomputation from the raw rows, whichever path wrote: ingestion,
// score updates, case changes, customer event imports and their erasure, privacy erasure, plain SQL
// in bulk, deletes. Checked after every step, on PGlite and (with DATABASE_URL) on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { dayRange, ImpactRepository } from "../../src/db/repositories/impact.js";
import { RetentionRepository } from "../../src/db/repositories/retention.js";
import { createCustomerEventService } from "../../src/services/customer-events.js";
import { createPrivacyService } from "../../src/services/privacy.js";
import { createResponseService } from "../../src/services/responses.js";
import { seedIngestOrg } from "../ingest/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";

const DAY = 86_400_000;
const T0 = Date.parse("2026-09-01T00:00:00Z");
/** Spread over days and hours, some near midnight, so that day boundaries matter. */
const at = (i: number) => new Date(T0 + (i % 9) * DAY + ((i * 7) % 24) * 3_600_000 + (i % 3) * 59 * 60_000);

describe("report rollups equal a recomputation from the raw rows", () => {
  let db: Database;
  let deps: ReturnType<typeof testDeps>;
  let version = Date.parse("2026-11-01T00:00:00Z");

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedIngestOrg(db);
    deps = testDeps(db);
  });
  afterAll(() => db.close());

  /** Customer C<i mod 7> (some answer several times), scores over the whole range, two teams. */
  const item = (i: number, score: number) => ({
    source: "api",
    externalId: `x-${i}`,
    score,
    team: i % 2 === 0 ? "north" : "south",
    customer: i % 5 === 4 ? null : { id: `C${i % 7}` },
    respondedAt: at(i),
    updatedAt: new Date(++version),
  });

  async function expectRollupsMatch(): Promise<void> {
    const p = db.prisma;
    const days = await p.$queryRawUnsafe<unknown[]>(`
      SELECT company_key, team_key, day::text AS day, responses, promoters, detractors FROM response_day_counts
      WHERE responses <> 0 OR promoters <> 0 OR detractors <> 0 ORDER BY 1, 2, 3`);
    const daysFromRows = await p.$queryRawUnsafe<unknown[]>(`
      SELECT COALESCE(company_id, 0) AS company_key, COALESCE(team_id, 0) AS team_key,
        ((responded_at AT TIME ZONE 'UTC')::date)::text AS day, COUNT(*)::int AS responses,
        (COUNT(*) FILTER (WHERE score >= 9))::int AS promoters, (COUNT(*) FILTER (WHERE score <= 6))::int AS detractors
      FROM survey_responses GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);
    expect(days).toEqual(daysFromRows);

    const answers = await p.$queryRawUnsafe<unknown[]>(`
      SELECT response_id AS id, customer_ref, team_id, company_id, responded_at, score::int AS score, loop,
        first_drop_on::text AS first_drop_on, next_in_team, next_in_company, several_companies
      FROM retention_answers ORDER BY 1`);
    // Written out again here (not the migration's function), as the report's query used to join it.
    const answersFromRows = await p.$queryRawUnsafe<unknown[]>(`
      SELECT r.id, r.customer_ref, r.team_id, r.company_id, r.responded_at, r.score::int AS score,
        CASE WHEN r.score >= 7 THEN NULL WHEN c.id IS NULL THEN 'no_case'
          WHEN c.status = 'resolved' AND c.outcome IN ('recovered', 'not_recovered') THEN 'closed'
          WHEN c.status = 'resolved' THEN 'closed_without_contact'
          WHEN c.status = 'open' THEN 'unclaimed' ELSE 'in_progress' END AS loop,
        (SELECT min(e.occurred_on) FROM customer_events e WHERE e.customer_ref = r.customer_ref
          AND e.kind = 'dropped_out' AND e.occurred_on >= (r.responded_at AT TIME ZONE 'UTC')::date)::text AS first_drop_on,
        (SELECT min(n.responded_at) FROM survey_responses n WHERE n.customer_ref = r.customer_ref
          AND n.team_id IS NOT DISTINCT FROM r.team_id AND (n.responded_at, n.id) > (r.responded_at, r.id)) AS next_in_team,
        (SELECT min(n.responded_at) FROM survey_responses n WHERE n.customer_ref = r.customer_ref
          AND n.company_id IS NOT DISTINCT FROM r.company_id AND (n.responded_at, n.id) > (r.responded_at, r.id)) AS next_in_company,
        EXISTS (SELECT 1 FROM survey_responses n WHERE n.customer_ref = r.customer_ref
          AND COALESCE(n.company_id, 0) <> COALESCE(r.company_id, 0)) AS several_companies
      FROM survey_responses r LEFT JOIN follow_up_cases c ON c.response_id = r.id
      WHERE r.customer_ref IS NOT NULL ORDER BY 1`);
    expect(answers).toEqual(answersFromRows);
  }

  it("after ingestion through the response service (responses, cases, one transaction a batch)", async () => {
    const r = await createResponseService(deps).ingest(Array.from({ length: 40 }, (_, i) => item(i, (i * 3) % 11)));
    expect(r.results.filter((x) => x.caseId).length).toBeGreaterThan(5);
    await expectRollupsMatch();
    expect(await db.prisma.retentionAnswer.count()).toBe(32);
  });

  it("after score updates (a later version of the same answers), one of them moved to another team", async () => {
    const responses = createResponseService(deps);
    await responses.ingest([item(0, 9), item(3, 2), item(7, 10), { ...item(8, 1), team: "south" }]);
    await expectRollupsMatch();
  });

  it("after customer events: drop-outs before and after answers, renewals, repeats", async () => {
    const events = createCustomerEventService(deps);
    const day = (i: number) => new Date(T0 + i * DAY);
    await events.ingest([
      { customerRef: "C1", kind: "dropped_out", occurredOn: day(3), source: "test" },
      { customerRef: "C1", kind: "dropped_out", occurredOn: day(30), source: "test" },
      { customerRef: "C2", kind: "renewed", occurredOn: day(2), source: "test" },
      { customerRef: "C3", kind: "dropped_out", occurredOn: day(-5), source: "test" },
      { customerRef: "C5", kind: "dropped_out", occurredOn: day(8), source: "test" },
    ]);
    await expectRollupsMatch();
    const firstDrops = await db.prisma.retentionAnswer.count({ where: { firstDropOn: { not: null } } });
    expect(firstDrops).toBeGreaterThan(0);
    // A second import, one row a repeat.
    await events.ingest([
      { customerRef: "C5", kind: "dropped_out", occurredOn: day(8), source: "test" },
      { customerRef: "C6", kind: "dropped_out", occurredOn: day(1), source: "other" },
    ]);
    await expectRollupsMatch();
    await new RetentionRepository(db.prisma).deleteEventsFromSource("other");
    await expectRollupsMatch();
  });

  it("after case changes: claimed, resolved with and without contact, deleted", async () => {
    const p = db.prisma;
    const cases = await p.followUpCase.findMany({ orderBy: { id: "asc" } });
    expect(cases.length).toBeGreaterThanOrEqual(4);
    await p.followUpCase.update({ where: { id: cases[0]!.id }, data: { status: "claimed" } });
    await p.followUpCase.update({
      where: { id: cases[1]!.id },
      data: { status: "resolved", outcome: "recovered", resolvedAt: new Date() },
    });
    await p.followUpCase.updateMany({
      where: { id: { in: [cases[2]!.id, cases[3]!.id] } },
      data: { status: "resolved", outcome: "unreachable", resolvedAt: new Date() },
    });
    await expectRollupsMatch();
    await p.$executeRawUnsafe(`DELETE FROM outbox_deliveries WHERE case_id = ${cases[3]!.id}`);
    await p.$executeRawUnsafe(`DELETE FROM case_events WHERE case_id = ${cases[3]!.id}`);
    await p.$executeRawUnsafe(`DELETE FROM chat_messages WHERE case_id = ${cases[3]!.id}`);
    await p.followUpCase.delete({ where: { id: cases[3]!.id } });
    await expectRollupsMatch();
  });

  it("after privacy erasure of a customer (responses kept without the reference, events deleted)", async () => {
    const res = await createPrivacyService(deps).eraseCustomer({ subject: "C1", requestedBy: "test" });
    expect(res.counts.responses).toBeGreaterThan(0);
    await expectRollupsMatch();
    expect(await db.prisma.retentionAnswer.count({ where: { customerRef: "C1" } })).toBe(0);
  });

  it("after plain SQL in bulk: a multi-row insert, an update of many rows, deletes", async () => {
    const p = db.prisma;
    // Some customers answer for two companies of the area (teams of each).
    const beta = await p.company.create({ data: { slug: "beta", name: "Beta", area: "north", inProgramme: false } });
    await p.team.create({ data: { slug: "beta-1", name: "Beta 1", companyId: beta.id } });
    await p.$executeRawUnsafe(`
      INSERT INTO survey_responses (source, external_id, score, customer_ref, team_id, company_id, responded_at, updated_at)
      SELECT 'bulk', g::text, g % 11, CASE WHEN g % 4 = 0 THEN NULL ELSE 'C' || (g % 9) END,
        (SELECT id FROM teams WHERE slug = CASE WHEN g % 3 = 0 THEN 'north' WHEN g % 3 = 1 THEN 'beta-1' ELSE 'passives' END),
        (SELECT company_id FROM teams WHERE slug = CASE WHEN g % 3 = 0 THEN 'north' WHEN g % 3 = 1 THEN 'beta-1' ELSE 'passives' END),
        TIMESTAMPTZ '2026-09-01' + g * interval '5 hours' - (g % 2) * interval '20 days', now()
      FROM generate_series(1, 300) g`);
    await expectRollupsMatch();
    // Many rows, some changing nothing that is counted, some moving day, team or score.
    await p.$executeRawUnsafe(`
      UPDATE survey_responses SET updated_at = now(),
        score = CASE WHEN external_id::int % 5 = 0 THEN (score + 4) % 11 ELSE score END,
        responded_at = CASE WHEN external_id::int % 7 = 0 THEN responded_at + interval '13 hours' ELSE responded_at END,
        team_id = CASE WHEN external_id::int % 11 = 0 THEN NULL ELSE team_id END
      WHERE source = 'bulk'`);
    await expectRollupsMatch();
    await p.$executeRawUnsafe(`DELETE FROM survey_responses WHERE source = 'bulk' AND external_id::int % 2 = 0`);
    await expectRollupsMatch();
    expect(await p.retentionAnswer.count({ where: { customerRef: { startsWith: "C" } } })).toBeGreaterThan(100);
    expect(await p.retentionAnswer.count({ where: { severalCompanies: true } })).toBeGreaterThan(10);
  });

  it("the retention counts equal the report's query on the raw rows, for a team, a company and an area", async () => {
    const p = db.prisma;
    const repo = new RetentionRepository(p);
    const [acme] = await p.$queryRawUnsafe<{ id: number }[]>("SELECT id FROM companies WHERE slug = 'acme'");
    const [north] = await p.$queryRawUnsafe<{ id: number }[]>("SELECT id FROM teams WHERE slug = 'north'");
    const scopes = [
      { scope: { kind: "team" as const, id: north!.id }, where: `r.team_id = ${north!.id}` },
      { scope: { kind: "company" as const, id: acme!.id }, where: `r.company_id = ${acme!.id}` },
      {
        scope: { kind: "area" as const, area: "north" },
        where: "r.company_id IN (SELECT id FROM companies WHERE area = 'north')",
      },
    ];
    // Windows that cut through customers' answers, a horizon that cuts their follow-up.
    const windows = [
      {
        from: new Date("2026-08-20T00:00:00Z"),
        to: new Date("2026-09-05T07:00:00Z"),
        horizon: new Date("2026-09-20T00:00:00Z"),
      },
      {
        from: new Date("2026-09-03T00:00:00Z"),
        to: new Date("2026-10-10T00:00:00Z"),
        horizon: new Date("2026-11-20T00:00:00Z"),
      },
    ];
    let customers = 0;
    for (const { scope, where } of scopes) {
      const got = await repo.retentionCounts(scope, { current: windows[1]!, yearBefore: windows[0]!, withinDays: 10 });
      const reference = await p.$queryRawUnsafe<typeof got>(
        `WITH answers AS (
           SELECT w.year_before, w.horizon, r.id, r.customer_ref, r.score, r.responded_at, r.company_id
           FROM (VALUES (false, $1::timestamptz, $2::timestamptz, $3::timestamptz), (true, $4, $5, $6))
             AS w(year_before, wfrom, wto, horizon)
           JOIN survey_responses r ON r.responded_at >= w.wfrom AND r.responded_at < w.wto
           WHERE ${where} AND r.customer_ref IS NOT NULL
         ), last_answer AS (
           SELECT DISTINCT ON (a.year_before, a.customer_ref) a.* FROM answers a
           ORDER BY a.year_before, a.customer_ref, a.responded_at DESC, a.id DESC
         )
         SELECT la.year_before AS "yearBefore", COALESCE(co.in_programme, false) AS "inProgramme",
           CASE WHEN la.score >= 9 THEN 'promoter' WHEN la.score >= 7 THEN 'passive' ELSE 'detractor' END AS category,
           CASE WHEN la.score >= 7 THEN NULL WHEN c.id IS NULL THEN 'no_case'
             WHEN c.status = 'resolved' AND c.outcome IN ('recovered', 'not_recovered') THEN 'closed'
             WHEN c.status = 'resolved' THEN 'closed_without_contact'
             WHEN c.status = 'open' THEN 'unclaimed' ELSE 'in_progress' END AS loop,
           COUNT(*)::int AS customers,
           (COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM customer_events e WHERE e.customer_ref = la.customer_ref
             AND e.kind = 'dropped_out' AND e.occurred_on >= (la.responded_at AT TIME ZONE 'UTC')::date
             AND e.occurred_on <= (LEAST(la.responded_at + interval '10 days', la.horizon) AT TIME ZONE 'UTC')::date)))::int
             AS "droppedOut",
           (COUNT(*) FILTER (WHERE la.responded_at + interval '10 days' > la.horizon))::int AS incomplete
         FROM last_answer la LEFT JOIN companies co ON co.id = la.company_id
         LEFT JOIN follow_up_cases c ON c.response_id = la.id AND la.score <= 6
         GROUP BY 1, 2, 3, 4`,
        windows[1]!.from,
        windows[1]!.to,
        windows[1]!.horizon,
        windows[0]!.from,
        windows[0]!.to,
        windows[0]!.horizon,
      );
      const sorted = (rows: typeof got) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sorted(got)).toEqual(sorted(reference));
      customers += got.reduce((n, r) => n + r.customers, 0);
    }
    expect(customers).toBeGreaterThan(30);
  });

  it("the impact counts read whole days from the rollup and the partial days at the edges from the rows", async () => {
    const p = db.prisma;
    const [north] = await p.$queryRawUnsafe<{ id: number; company_id: number }[]>(
      "SELECT id, company_id FROM teams WHERE slug = 'north'",
    );
    // A comparison company in the same area, with answers of its own.
    const other = await p.company.create({ data: { slug: "other", name: "Other", area: "north", inProgramme: false } });
    await p.$executeRawUnsafe(`
      INSERT INTO survey_responses (source, external_id, score, company_id, responded_at, updated_at)
      SELECT 'cmp', g::text, (g * 7) % 11, ${other.id}, TIMESTAMPTZ '2026-09-01' + g * interval '3 hours 7 minutes', now()
      FROM generate_series(1, 200) g`);
    const repo = new ImpactRepository(p);
    // Starts at midnight as the plan makes them; the ends anywhere (a window cut to now), and one
    // window within a single day.
    const windows = [
      { start: "2026-09-05T00:00:00Z", len: 3.4 * DAY },
      { start: "2026-09-07T00:00:00Z", len: 2 * DAY },
      { start: "2026-09-10T00:00:00Z", len: 0.3 * DAY },
    ].map((w) => {
      const start = new Date(w.start);
      return {
        companyId: north!.company_id,
        area: "north",
        beforeFrom: new Date(start.getTime() - w.len),
        start,
        afterTo: new Date(start.getTime() + w.len),
      };
    });
    const got = await repo.windowCounts(windows);
    const raw = async (column: string, id: number, from: Date, to: Date) => {
      const [c] = await p.$queryRawUnsafe<{ n: number; p: number; d: number }[]>(
        `SELECT COUNT(*)::int AS n, (COUNT(*) FILTER (WHERE score >= 9))::int AS p,
           (COUNT(*) FILTER (WHERE score <= 6))::int AS d
         FROM survey_responses WHERE ${column} = $1 AND responded_at >= $2 AND responded_at < $3`,
        id,
        from,
        to,
      );
      return { promoters: c!.p, passives: c!.n - c!.p - c!.d, detractors: c!.d };
    };
    const expected = async (column: string, id: number, w: (typeof windows)[number]) => ({
      before: await raw(column, id, w.beforeFrom, w.start),
      after: await raw(column, id, w.start, w.afterTo),
    });
    let answers = 0;
    for (const [i, w] of windows.entries()) {
      const own = got.companies.find((c) => c.window === i && c.programme);
      expect(own?.counts).toEqual(await expected("company_id", w.companyId, w));
      const cmp = got.companies.find((c) => c.window === i && c.companyId === other.id);
      expect(cmp?.counts).toEqual(await expected("company_id", other.id, w));
      const team = got.teams.find((t) => t.window === i && t.teamId === north!.id);
      expect(team?.counts).toEqual(await expected("team_id", north!.id, w));
      for (const g of [cmp!.counts.before, cmp!.counts.after]) answers += g.promoters + g.passives + g.detractors;
    }
    expect(answers).toBeGreaterThan(50);
  });
});

describe("dayRange", () => {
  it("splits a range into whole UTC days and the parts of days at its edges", () => {
    expect(dayRange(new Date("2026-09-01T00:00:00Z"), new Date("2026-09-04T00:00:00Z"))).toEqual({
      d1: "2026-09-01",
      d2: "2026-09-04",
      a1: "2026-09-01T00:00:00.000Z",
      b1: "2026-09-01T00:00:00.000Z",
      a2: "2026-09-04T00:00:00.000Z",
      b2: "2026-09-04T00:00:00.000Z",
    });
    expect(dayRange(new Date("2026-09-01T10:00:00Z"), new Date("2026-09-04T06:30:00Z"))).toEqual({
      d1: "2026-09-02",
      d2: "2026-09-04",
      a1: "2026-09-01T10:00:00.000Z",
      b1: "2026-09-02T00:00:00.000Z",
      a2: "2026-09-04T00:00:00.000Z",
      b2: "2026-09-04T06:30:00.000Z",
    });
    // Within one day: all edge, no whole day.
    const inside = dayRange(new Date("2026-09-01T10:00:00Z"), new Date("2026-09-01T20:00:00Z"));
    expect(inside).toMatchObject({ a1: "2026-09-01T10:00:00.000Z", b1: "2026-09-01T20:00:00.000Z" });
    expect(inside.d1).toBe(inside.d2);
    expect(inside.a2).toBe(inside.b2);
  });
});
