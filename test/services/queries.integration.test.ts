// The report against a real database: a small data set whose every figure is computed by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/core/clock.js";
import { isAppError } from "../../src/core/errors.js";
import { formatReportText } from "../../src/core/report-text.js";
import type { Database } from "../../src/db/client.js";
import { createQueryService, type QueryService } from "../../src/services/queries.js";
import { createTestDatabase } from "../support/db.js";

// Tuesday 2026-03-31 12:00 in Madrid (CEST), two days after the spring-forward switch. The 30-day
// period is [2026-03-01T23:00Z, now); the previous one is [2026-01-30T23:00Z, 2026-03-01T11:00Z).
const NOW = new Date("2026-03-31T10:00:00Z");
const FROM = new Date("2026-03-01T23:00:00Z");
const HOUR = 3_600_000;

let db: Database;
let queries: QueryService;
let seq = 0;

interface Ids {
  acme: number;
  bolt: number;
  cee: number;
  northA: number;
  northB: number;
  boltTeam: number;
  ana: number;
}
let ids: Ids;

/** Inserts responses with the given mix at one instant; returns the ids of the detractors. */
async function responses(
  at: Date | string,
  mix: { p?: number; pa?: number; d?: number },
  where: { teamId: number | null; companyId: number; staffId?: number },
): Promise<number[]> {
  const scores = [
    ...Array<number>(mix.p ?? 0).fill(10),
    ...Array<number>(mix.pa ?? 0).fill(7),
    ...Array<number>(mix.d ?? 0).fill(3),
  ];
  const data = scores.map((score) => ({
    source: "test",
    externalId: `r${++seq}`,
    score,
    teamId: where.teamId,
    companyId: where.companyId,
    staffId: where.staffId ?? null,
    respondedAt: new Date(at),
  }));
  const created = await db.prisma.surveyResponse.createManyAndReturn({ data, select: { id: true, score: true } });
  return created.filter((r) => r.score <= 6).map((r) => r.id);
}

async function kase(
  responseId: number,
  teamId: number,
  companyId: number,
  c: {
    created: string;
    hours?: number;
    status?: "open" | "claimed" | "contacted";
    rootCause?: string;
    dueHours?: number;
  },
) {
  const createdAt = new Date(c.created);
  const resolved = c.hours !== undefined;
  await db.prisma.followUpCase.create({
    data: {
      responseId,
      teamId,
      companyId,
      createdAt,
      dueAt: new Date(createdAt.getTime() + (c.dueHours ?? 48) * HOUR),
      status: resolved ? "resolved" : (c.status ?? "open"),
      resolvedAt: resolved ? new Date(createdAt.getTime() + c.hours! * HOUR) : null,
      outcome: resolved ? "recovered" : null,
      rootCause: c.rootCause ?? null,
    },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  const p = db.prisma;
  const acme = await p.company.create({
    data: { slug: "acme", name: "Acme Heating", area: "North", inProgramme: true },
  });
  const bolt = await p.company.create({
    data: { slug: "bolt", name: "Bolt Boilers", area: "North", inProgramme: false },
  });
  const cee = await p.company.create({ data: { slug: "cee", name: "Cee Services", area: "South", inProgramme: true } });
  const t = (slug: string, name: string, companyId: number) =>
    p.team.create({ data: { slug, name, companyId, timeZone: "Europe/Madrid" } });
  const northA = await t("north-a", "North A", acme.id);
  const northB = await t("north-b", "North B", acme.id);
  // Same slug as its company: the CLI and /nps prefer the team and say so.
  const boltTeam = await t("bolt", "Bolt Field Team", bolt.id);
  const ceeTeam = await t("cee-1", "Cee One", cee.id);
  const ana = await p.person.create({
    data: { name: "Ana", email: "Ana@Example.com", companyId: acme.id, timeZone: "Europe/Madrid" },
  });
  ids = {
    acme: acme.id,
    bolt: bolt.id,
    cee: cee.id,
    northA: northA.id,
    northB: northB.id,
    boltTeam: boltTeam.id,
    ana: ana.id,
  };

  const A = { teamId: northA.id, companyId: acme.id };
  // Current period of north-a: 50 promoters, 30 passives, 20 detractors over five Madrid weeks.
  const w1 = await responses(FROM, { p: 15, pa: 5, d: 5 }, { ...A, staffId: ana.id }); // week of 03-02, NPS 40
  const w2 = await responses("2026-03-10T09:00:00Z", { p: 10, pa: 10, d: 5 }, A); // 03-09, NPS 20
  await responses("2026-03-18T09:00:00Z", { p: 2, pa: 2, d: 1 }, A); // 03-16, 5 answers: a gap
  const w4 = await responses("2026-03-24T09:00:00Z", { p: 20, pa: 12, d: 8 }, A); // 03-23, NPS 30
  // 00:30 on Monday 03-30 in Madrid, still Sunday in UTC: belongs to the week of 03-30.
  await responses("2026-03-29T22:30:00Z", { p: 3, pa: 1, d: 1 }, A); // 03-30, 5 answers: a gap
  // Outside both periods: just before the current period (after the previous one), after now.
  await responses("2026-03-01T22:59:59Z", { d: 4 }, A);
  await responses("2026-03-31T10:00:01Z", { d: 4 }, A);
  // Previous period: 45 / 30 / 25 (NPS 20), and one answer just before it starts.
  await responses("2026-02-10T10:00:00Z", { p: 45, pa: 30, d: 25 }, A);
  await responses("2026-01-30T22:59:59Z", { p: 9 }, A);

  // Rest of the area in the current period: north-b, an unrouted acme answer, bolt (non-programme).
  const b = await responses("2026-03-12T09:00:00Z", { p: 4, pa: 4, d: 2 }, { teamId: northB.id, companyId: acme.id });
  await responses("2026-03-12T09:00:00Z", { p: 1 }, { teamId: null, companyId: acme.id });
  await responses("2026-03-20T09:00:00Z", { p: 5, pa: 5, d: 10 }, { teamId: boltTeam.id, companyId: bolt.id });
  await responses("2026-03-20T09:00:00Z", { p: 30 }, { teamId: ceeTeam.id, companyId: cee.id }); // South

  // north-a cases. Closed in the period: 10, 30, 60, 2 and 54 hours (median 30), 3 of 5 within the 48 h SLA.
  const mk = (r: number, c: Parameters<typeof kase>[3]) => kase(r, northA.id, acme.id, c);
  await mk(w1[0]!, { created: "2026-03-03T08:00:00Z", hours: 10, rootCause: "punctuality" });
  await mk(w1[1]!, { created: "2026-03-05T08:00:00Z", hours: 30, rootCause: "price" });
  await mk(w2[0]!, { created: "2026-03-10T08:00:00Z", hours: 60, rootCause: "punctuality" });
  await mk(w2[1]!, { created: "2026-03-20T08:00:00Z", hours: 2, rootCause: "communication" });
  await mk(w2[2]!, { created: "2026-03-26T00:00:00Z", hours: 54, rootCause: "repeat visit" });
  // Closed before the period: not in this period's SLA, median or causes.
  await mk(w2[3]!, { created: "2026-02-10T08:00:00Z", hours: 5, rootCause: "price" });
  // Open now: three, one of them overdue.
  await mk(w4[0]!, { created: "2026-03-28T08:00:00Z", status: "open" });
  await mk(w4[1]!, { created: "2026-03-30T08:00:00Z", status: "claimed" });
  await mk(w4[2]!, { created: "2026-03-31T08:00:00Z", status: "contacted" });
  // Another team's open case: not north-a's.
  await kase(b[0]!, northB.id, acme.id, { created: "2026-03-12T10:00:00Z", status: "open" });

  queries = createQueryService({ db: db.ctx, clock: new FakeClock(NOW), config: { MIN_SAMPLE: 10 } });
});

afterAll(async () => {
  await db?.close();
});

describe("team report", () => {
  it("scores the 30 days in the team's zone: NPS 30 ± 15.3 on 100 answers", async () => {
    const v = await queries.report({ kind: "team", slug: "north-a" }, "30d");
    expect(v.scope).toEqual({ kind: "team", slug: "north-a", name: "North A" });
    expect(v.period).toEqual({ label: "last 30 days", from: FROM, to: NOW, timeZone: "Europe/Madrid" });
    expect(v.n).toBe(100);
    expect(v.enoughData).toBe(true);
    expect(v.nps).toBe(30);
    expect([v.promotersPct, v.passivesPct, v.detractorsPct]).toEqual([50, 30, 20]);
    // var = 0.5 + 0.2 - 0.3^2 = 0.61; 1.96 * sqrt(0.61 / 100) * 100 = 15.308
    expect(v.marginOfError).toBe(15.3);
  });

  it("compares with the previous 30 days: +10 on 100 vs 100 answers is not significant", async () => {
    const v = await queries.report({ kind: "team", slug: "north-a" }, "30d");
    expect(v.change).toEqual({
      previousNps: 20,
      previousN: 100,
      delta: 10,
      significant: false, // z = 0.1 / sqrt(0.61/100 + 0.66/100) = 0.89
      period: {
        label: "previous 30 days",
        from: new Date("2026-01-30T23:00:00Z"),
        to: new Date("2026-03-01T11:00:00Z"),
      },
    });
  });

  it("draws the weekly trend on Madrid Mondays, with gaps for thin weeks", async () => {
    const v = await queries.report({ kind: "team", slug: "north-a" }, "30d");
    expect(v.trend).toEqual([
      { weekStart: new Date("2026-03-01T23:00:00Z"), n: 25, nps: 40 },
      { weekStart: new Date("2026-03-08T23:00:00Z"), n: 25, nps: 20 },
      { weekStart: new Date("2026-03-15T23:00:00Z"), n: 5, nps: null },
      { weekStart: new Date("2026-03-22T23:00:00Z"), n: 40, nps: 30 },
      { weekStart: new Date("2026-03-29T22:00:00Z"), n: 5, nps: null },
    ]);
    expect(v.sparkline).toBe("█▁·▅·");
  });

  it("reports case health: open, overdue, SLA share, median time to close, top causes", async () => {
    const v = await queries.report({ kind: "team", slug: "north-a" }, "30d");
    expect(v.openCases).toBe(3);
    expect(v.overdueCases).toBe(1);
    expect(v.closedCases).toBe(5);
    expect(v.slaShare).toBe(0.6);
    expect(v.medianHoursToClose).toBe(30);
    expect(v.topRootCauses).toEqual([
      { cause: "punctuality", count: 2 },
      { cause: "communication", count: 1 },
      { cause: "price", count: 1 },
    ]);
  });

  it("puts the programme and non-programme companies of the area side by side", async () => {
    const v = await queries.report({ kind: "team", slug: "north-a" }, "30d");
    // Programme (acme): 55 / 34 / 22 -> NPS 29.73, MoE 14.47. Non-programme (bolt): 5 / 5 / 10 -> -25 ± 36.34.
    expect(v.comparison).toEqual({
      area: "North",
      programme: { companies: 1, n: 111, nps: 29.7, marginOfError: 14.5 },
      nonProgramme: { companies: 1, n: 20, nps: -25, marginOfError: 36.3 },
    });
  });

  it("prints it as honest text", async () => {
    const text = formatReportText(await queries.report({ kind: "team", slug: "north-a" }, "30d"));
    expect(text).toContain("NPS report: North A (team north-a)");
    expect(text).toContain("Period: last 30 days, 2026-03-02 to 2026-03-31 (Europe/Madrid)");
    expect(text).toContain("NPS +30 ± 15.3 (95% margin of error) from 100 responses");
    expect(text).toContain("Promoters 50% · Passives 30% · Detractors 20%");
    expect(text).toContain("Change vs previous 30 days: +10 points (was +20, n = 100), not significant");
    expect(text).toContain("Weekly trend: █▁·▅· (5 weeks, oldest first; · = fewer than 10 responses that week)");
    expect(text).toContain(
      "Follow-up: 3 open cases (1 overdue) · 60% of 5 cases closed within SLA · median 30 h to close",
    );
    expect(text).toContain("Top root causes: punctuality (2), communication (1), price (1)");
    expect(text).toContain(
      'Area "North": programme (1 company, n = 111): +29.7 ± 14.5 vs non-programme (1 company, n = 20): -25 ± 36.3',
    );
  });

  it("says too few responses instead of a number under the minimum sample", async () => {
    const v = await queries.report({ kind: "team", slug: "north-a" }, "2026-03-16..2026-03-22");
    expect(v.n).toBe(5);
    expect(v.enoughData).toBe(false);
    expect([v.nps, v.marginOfError, v.promotersPct]).toEqual([null, null, null]);
    expect(v.change?.delta).toBeNull();
    expect(formatReportText(v)).toContain(
      "Too few responses for an NPS: 5 responses in this period, and a score needs at least 10 to mean anything.",
    );
  });
});

describe("company and person reports", () => {
  it("a company counts all its teams and its unrouted answers", async () => {
    const v = await queries.report({ kind: "company", slug: "acme" }, "30d");
    expect(v.scope.kind).toBe("company");
    expect(v.period.timeZone).toBe("Europe/Madrid");
    expect(v.n).toBe(111);
    expect(v.nps).toBe(29.7);
    expect(v.openCases).toBe(4);
    expect(v.comparison?.area).toBe("North");
  });

  it("a person's report counts the answers they served (by id or email)", async () => {
    const v = await queries.report({ kind: "person", email: "ana@example.com" }, "30d");
    expect(v.scope).toEqual({ kind: "person", slug: "Ana@Example.com", name: "Ana" });
    expect(v.n).toBe(25);
    expect(v.nps).toBe(40);
    expect(v.marginOfError).toBe(31.4); // var 0.64; 1.96 * sqrt(0.64 / 25) * 100 = 31.36
    expect(v.closedCases).toBe(2);
    expect(v.comparison).toBeNull();
    const byId = await queries.report({ kind: "person", id: ids.ana }, "30d");
    expect(byId.n).toBe(25);
  });
});

describe("finding the target", () => {
  it("prefers the team when a slug names a team and a company, and says so", async () => {
    const found = await queries.findTarget("bolt");
    expect(found.target).toEqual({ kind: "team", slug: "bolt" });
    expect(found.note).toMatch(/both a team and a company; showing the team/);
    expect((await queries.findTarget("acme")).target).toEqual({ kind: "company", slug: "acme" });
  });

  it("an unknown slug is NOT_FOUND with a suggestion and the known slugs", async () => {
    const err = await queries.findTarget("nort-a").catch((e: unknown) => e);
    expect(isAppError(err, "NOT_FOUND")).toBe(true);
    expect((err as Error).message).toBe(
      'NOT_FOUND: no team or company "nort-a". Did you mean "north-a"? Known teams: bolt, cee-1, north-a, north-b. Known companies: acme, bolt, cee.',
    );
    await expect(queries.report({ kind: "team", slug: "nope" })).rejects.toThrow(
      /NOT_FOUND: no team or company "nope"/,
    );
    await expect(queries.report({ kind: "person", id: 999_999 })).rejects.toThrow(
      "NOT_FOUND: no person with id 999999",
    );
  });

  it("reuses a looked-up team for a minute, then sees org changes", async () => {
    const clock = new FakeClock(NOW);
    const q = createQueryService({ db: db.ctx, clock, config: { MIN_SAMPLE: 10 } });
    const name = async () => (await q.report({ kind: "team", slug: "cee-1" }, "30d")).scope.name;
    expect(await name()).toBe("Cee One");
    await db.prisma.team.update({ where: { slug: "cee-1" }, data: { name: "Cee Uno" } });
    expect(await name()).toBe("Cee One");
    clock.advance(61_000);
    expect(await name()).toBe("Cee Uno");
  });

  it("a bad period is PERIOD_INVALID listing the accepted forms", async () => {
    await expect(queries.report({ kind: "team", slug: "north-a" }, "fortnight")).rejects.toThrow(
      /PERIOD_INVALID: period "fortnight" is not understood; use one of: 7d, 30d, 90d/,
    );
  });
});
