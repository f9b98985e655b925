// The impact and coaching services against a real database: the counts behind every figure are
// exactly the rows of the story in test/support/impact.ts, and survive JSON (what --json prints).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createServices } from "../../src/services/index.js";
import { applyOrg } from "../../src/services/org.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, seedBasicOrg, testDeps } from "../support/fixtures.js";
import { dayBefore, START_DAYS_AGO, WINDOW, writeImpactStory } from "../support/impact.js";

const NOW = "2026-11-20T12:00:00Z";
let db: Database;
let org: BasicOrg;
let deps: ReturnType<typeof testDeps>;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  deps = testDeps(db, { now: NOW, env: { MIN_SAMPLE: "3" } });
  await applyOrg(deps, {
    companies: [
      {
        slug: "acme-services",
        name: "Acme Services",
        area: "north",
        programmeStart: dayBefore(new Date(NOW), START_DAYS_AGO),
      },
      { slug: "rival", name: "Rival Repairs", area: "north", inProgramme: false },
      { slug: "later", name: "Later Ltd", area: "north", programmeStart: "2027-01-01" },
    ],
    teams: [{ slug: "rival-east", name: "Rival East", company: "rival" }],
  });
  await writeImpactStory(db, {
    now: new Date(NOW),
    programmeTeam: "team-north",
    comparisonTeam: "rival-east",
    coached: org.staff,
    colleague: org.managerB,
    manager: org.managerA,
  });
});
afterAll(() => db?.close());

describe("impact service", () => {
  it("stores the dates and derives inProgramme from them", async () => {
    const companies = await new OrgRepository(db.ctx.client).listCompanies();
    expect(companies.map((c) => [c.slug, c.inProgramme, c.programmeStart])).toEqual([
      ["acme-services", true, "2026-09-21"],
      ["later", false, "2027-01-01"],
      ["rival", false, null],
    ]);
  });

  it("counts exactly the story's rows, and keeps them through JSON", async () => {
    const answer = await createServices(deps).impact.impact(null, { area: "North", window: WINDOW });
    if (!answer.ok) throw new Error(answer.reason);
    const v = JSON.parse(JSON.stringify(answer.view));
    expect(v.area).toBe("north");
    expect(v.overall.counts).toEqual({
      programme: {
        before: { promoters: 4, passives: 2, detractors: 6 },
        after: { promoters: 8, passives: 2, detractors: 2 },
      },
      comparison: {
        before: { promoters: 4, passives: 4, detractors: 4 },
        after: { promoters: 4, passives: 4, detractors: 4 },
      },
    });
    expect(v.overall.effect.did).toBeCloseTo(50 + 100 / 6, 9);
    expect(v.companies.map((c: { label: string; start: string; days: number }) => [c.label, c.start, c.days])).toEqual([
      ["Acme Services", "2026-09-21", 20],
    ]);
    expect(v.notMeasured).toEqual([{ label: "Later Ltd", reason: "not_started" }]);
    expect(v.comparison[0].counts.after).toEqual({ promoters: 4, passives: 4, detractors: 4 });
  });
});

describe("programme companies that started on the same day", () => {
  it("compare each against the same comparison answers, counted once per company (stacked)", async () => {
    const start = dayBefore(new Date(NOW), START_DAYS_AGO);
    await applyOrg(deps, {
      companies: [
        { slug: "south-a", name: "South A", area: "south", programmeStart: start },
        { slug: "south-b", name: "South B", area: "south", programmeStart: start },
        { slug: "south-c", name: "South C", area: "south", inProgramme: false },
      ],
      teams: ["a", "b", "c"].map((x) => ({ slug: `south-${x}-team`, name: `South ${x}`, company: `south-${x}` })),
    });
    const teams = await db.prisma.team.findMany({
      where: { slug: { startsWith: "south-" } },
      orderBy: { slug: "asc" },
    });
    const at = (days: number) => new Date(new Date(NOW).getTime() - days * 86_400_000);
    await db.prisma.surveyResponse.createMany({
      data: teams.flatMap((t) =>
        [70, 50].flatMap((days) =>
          [10, 9, 7, 3].map((score, i) => ({
            source: "impact-test",
            externalId: `south-${t.slug}-${days}-${i}`,
            score,
            teamId: t.id,
            companyId: t.companyId,
            respondedAt: at(days),
          })),
        ),
      ),
    });
    const answer = await createServices(deps).impact.impact(null, { area: "south", window: WINDOW });
    if (!answer.ok) throw new Error(answer.reason);
    const v = answer.view;
    expect(v.companies.map((c) => [c.label, c.line.comparison.before.n, c.line.comparison.after.n])).toEqual([
      ["South A", 4, 4],
      ["South B", 4, 4],
    ]);
    expect(v.overall.comparison.before.n).toBe(8);
    expect(v.comparison).toHaveLength(1);
    expect(v.overlapping).toBe(true);
  });
});

describe("coaching effect service", () => {
  it("counts the coached person's and the colleagues' answers either side of the session", async () => {
    const view = await createServices(deps).coachingEffect.forSubject({
      kind: "team",
      team: (await new OrgRepository(db.ctx.client).teamBySlug("team-north"))!,
    });
    const o = view.effect.overall;
    expect(o).toMatchObject({ sessions: 1, people: 1 });
    expect(o.line.counts).toEqual({
      programme: {
        before: { promoters: 1, passives: 1, detractors: 2 },
        after: { promoters: 3, passives: 1, detractors: 0 },
      },
      comparison: {
        before: { promoters: 2, passives: 1, detractors: 1 },
        after: { promoters: 2, passives: 1, detractors: 1 },
      },
    });
    expect(o.line.effect!.did).toBeCloseTo(100, 9);
  });

  it("leaves out the answer whose case led to the session (counting it builds regression to the mean in)", async () => {
    const trigger = await db.prisma.surveyResponse.findFirstOrThrow({ where: { staffId: org.staff, score: 3 } });
    const linked = await db.prisma.followUpCase.create({
      data: {
        responseId: trigger.id,
        teamId: trigger.teamId,
        companyId: trigger.companyId,
        status: "resolved",
        dueAt: trigger.respondedAt,
      },
    });
    const session = await db.prisma.coachingSession.findFirstOrThrow({ where: { staffId: org.staff } });
    await db.prisma.coachingSession.update({ where: { id: session.id }, data: { caseId: linked.id } });
    try {
      const view = await createServices(deps).coachingEffect.forSubject({
        kind: "team",
        team: (await new OrgRepository(db.ctx.client).teamBySlug("team-north"))!,
      });
      const line = view.effect.overall.line;
      expect(line.counts.programme.before).toEqual({ promoters: 1, passives: 1, detractors: 1 });
      // Before (1 - 1) / 3 = 0, after +75; colleagues unchanged: +75 instead of +100.
      expect(line.effect!.did).toBeCloseTo(75, 9);
    } finally {
      await db.prisma.coachingSession.update({ where: { id: session.id }, data: { caseId: null } });
      await db.prisma.followUpCase.delete({ where: { id: linked.id } });
    }
  });
});
