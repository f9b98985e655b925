import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.js";
import { FakeClock } from "../../src/core/clock.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { generateDemoData } from "../../src/demo/data.js";
import { DEMO_SOURCE } from "../../src/demo/org.js";
import { type DemoDeps, formatDemoSeed, hasDemoData, resetDemo, seedDemo } from "../../src/demo/seed.js";
import { silentLogger } from "../../src/log.js";
import { applyOrgYaml } from "../../src/services/org.js";
import { createRetentionService } from "../../src/services/retention.js";
import { createTestDatabase } from "../support/db.js";

const NOW = "2026-11-20T12:00:00Z";
let db: Database;
let clock: FakeClock;
let kicks = 0;

function deps(platforms: ChatPlatform[] = []): DemoDeps {
  return {
    db: db.ctx,
    log: silentLogger,
    clock,
    config: loadConfig({}),
    platforms,
    outboxKick: () => {
      kicks++;
    },
  };
}

async function counts() {
  const p = db.prisma;
  return {
    companies: await p.company.count(),
    teams: await p.team.count(),
    people: await p.person.count(),
    responses: await p.surveyResponse.count(),
    detractors: await p.surveyResponse.count({ where: { score: { lte: 6 } } }),
    cases: await p.followUpCase.count(),
    events: await p.caseEvent.count(),
    coaching: await p.coachingSession.count(),
    outbox: await p.outboxDelivery.count(),
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  clock = new FakeClock(NOW);
});
afterAll(async () => {
  await db?.close();
});

describe("demo seed", () => {
  it("creates 2 companies in one area (and a Spanish and a Hong Kong one), 6 teams, every role, and a case for every detractor", async () => {
    expect(await hasDemoData(deps())).toBe(false);
    const r = await seedDemo(deps(), { months: 1 });
    const c = await counts();
    expect(c.companies).toBe(4);
    expect(c.teams).toBe(6);
    const companies = await db.prisma.company.findMany({ orderBy: { slug: "asc" } });
    expect(companies.map((x) => [x.slug, x.area, x.inProgramme, x.locale])).toEqual([
      ["brightfix", "Greater Manchester", true, null],
      ["coastline", "Greater Manchester", false, null],
      ["harbour", "Hong Kong", true, "zh-Hant-HK"],
      ["levante", "Valencia", true, "es"],
    ]);
    const roles = await db.prisma.person.groupBy({ by: ["role"], _count: { _all: true } });
    expect(new Set(roles.map((x) => x.role))).toEqual(new Set(["director", "manager", "staff", "admin"]));
    expect(await db.prisma.person.count({ where: { role: "director", companyId: null } })).toBe(1);

    expect(c.responses).toBe(r.inserted.responses);
    expect(c.responses).toBeGreaterThan(250);
    // One case per detractor, each on its response's team.
    expect(c.cases).toBe(c.detractors);
    expect(await db.prisma.followUpCase.count({ where: { response: { score: { gte: 7 } } } })).toBe(0);
    const mismatched = await db.prisma.$queryRawUnsafe<{ n: number }[]>(
      "SELECT COUNT(*)::int AS n FROM follow_up_cases c JOIN survey_responses r ON r.id = c.response_id WHERE c.team_id IS DISTINCT FROM r.team_id OR c.company_id IS DISTINCT FROM r.company_id",
    );
    expect(mismatched[0]!.n).toBe(0);
    expect(c.events).toBeGreaterThan(c.cases);
    expect(c.coaching).toBeGreaterThan(0);
    // Nothing is queued for chat: no demo team is bound to a channel.
    expect(c.outbox).toBe(0);
    expect(await db.prisma.followUpCase.count({ where: { silent: false } })).toBe(0);
    expect(await hasDemoData(deps())).toBe(true);
    expect(formatDemoSeed(r)).toContain("npx nps-loop nps brightfix-salford");
  });

  it("spreads responses over the months, all in the past, with the touchpoints and contacts of real surveys", async () => {
    const range = await db.prisma.surveyResponse.aggregate({ _min: { respondedAt: true }, _max: { receivedAt: true } });
    const spanDays = (range._max.receivedAt!.getTime() - range._min.respondedAt!.getTime()) / 86_400_000;
    expect(spanDays).toBeGreaterThan(29);
    expect(range._max.receivedAt!.getTime()).toBeLessThanOrEqual(new Date(NOW).getTime());
    const touchpoints = await db.prisma.surveyResponse.groupBy({
      by: ["touchpoint"],
      where: { company: { slug: { in: ["brightfix", "coastline"] } } },
      _count: { _all: true },
    });
    expect(touchpoints.map((t) => t.touchpoint).sort()).toEqual(["branch visit", "complaint", "maintenance visit"]);
    // The Valencia and Kowloon customers answer in their language, named as people there are.
    const spanish = await db.prisma.surveyResponse.findFirst({
      where: { company: { slug: "levante" }, score: { lte: 6 }, comment: { not: null } },
    });
    expect(spanish?.touchpoint).toMatch(/visita|reclamación/);
    const chinese = await db.prisma.surveyResponse.findFirst({
      where: { company: { slug: "harbour" }, score: { gte: 9 }, comment: { contains: "陳師傅" } },
      include: { staff: true },
    });
    expect(chinese?.staff?.name).toBe("Chan Tai Man");
    expect((await db.prisma.person.findFirstOrThrow({ where: { email: "pablo.ibanez@levante.example" } })).name).toBe(
      "Pablo Ibáñez",
    );
    expect(await db.prisma.surveyResponse.count({ where: { customerEmail: { not: null } } })).toBeGreaterThan(0);
    expect(await db.prisma.surveyResponse.count({ where: { customerPhone: { not: null } } })).toBeGreaterThan(0);
    expect(await db.prisma.surveyResponse.count({ where: { staffId: null } })).toBe(0);
    const praise = await db.prisma.surveyResponse.findFirst({
      where: { score: { gte: 9 }, comment: { contains: "Jamie" } },
      include: { staff: true },
    });
    expect(praise?.staff?.name).toBe("Jamie Walsh");
  });

  it("closes most programme cases within SLA and leaves a few recent ones open and overdue", async () => {
    // Over the month of history (the quarter seeded a year before was before the programme).
    const monthAgo = new Date(new Date(NOW).getTime() - 31 * 86_400_000);
    const sla = async (company: string) => {
      const closed = await db.prisma.followUpCase.findMany({
        where: { status: "resolved", company: { slug: company }, createdAt: { gte: monthAgo } },
        select: { resolvedAt: true, dueAt: true, outcome: true, rootCause: true },
      });
      expect(closed.every((x) => x.outcome && x.rootCause)).toBe(true);
      return closed.filter((x) => x.resolvedAt! <= x.dueAt).length / closed.length;
    };
    expect(await sla("brightfix")).toBeGreaterThan(0.8);
    expect(await sla("coastline")).toBeLessThan(0.6);
    const open = await db.prisma.followUpCase.findMany({ where: { status: { not: "resolved" } } });
    expect(open.length).toBeGreaterThan(0);
    expect(open.length).toBeLessThan(30);
    const now = new Date(NOW).getTime();
    expect(open.some((x) => x.dueAt.getTime() < now)).toBe(true);
    expect(open.every((x) => now - x.createdAt.getTime() < 14 * 86_400_000)).toBe(true);
    // Claimed cases have an owner and the claim in their audit trail.
    const claimed = await db.prisma.followUpCase.findFirst({
      where: { status: "resolved" },
      include: { events: { orderBy: { at: "asc" } } },
    });
    expect(claimed!.ownerId).not.toBeNull();
    expect(claimed!.events.map((e) => e.action)).toEqual(["claim", "contacted", "resolve"]);
    expect(claimed!.events[0]!.actorId).toBe(claimed!.ownerId);
  });

  it("is idempotent, tops up the days since, and matches the pure generator", async () => {
    const before = await counts();
    const again = await seedDemo(deps(), { months: 1 });
    expect(again.inserted).toEqual({ responses: 0, cases: 0, openCases: 0, events: 0, coaching: 0 });
    expect(again.org.changes).toEqual([]);
    expect(await counts()).toEqual(before);

    // The database holds exactly what the generator says (the lead's report test relies on this).
    const data = generateDemoData({
      seed: 42,
      months: 1,
      now: new Date(NOW),
      defaultSlaHours: 48,
      reminderHours: 4,
    });
    const rows = await db.prisma.surveyResponse.findMany({
      where: { source: DEMO_SOURCE, team: { slug: "brightfix-salford" } },
      select: { externalId: true, score: true, respondedAt: true },
      orderBy: { externalId: "asc" },
    });
    const expected = data.responses
      .filter((x) => x.teamSlug === "brightfix-salford")
      .map((x) => ({ externalId: x.externalId, score: x.score, respondedAt: x.respondedAt }))
      .sort((a, b) => (a.externalId < b.externalId ? -1 : 1));
    expect(rows).toEqual(expected);

    clock.advance(2 * 86_400_000);
    const later = await seedDemo(deps(), { months: 1 });
    expect(later.existing).toBe(before.responses);
    expect(later.inserted.responses).toBeGreaterThan(0);
    expect(later.inserted.responses).toBeLessThan(60);
    const after = await counts();
    expect(after.cases).toBe(after.detractors);
  });

  it("queues cards for a handful of the newest open detractors, only for teams bound to a channel", async () => {
    await applyOrgYaml(
      deps(),
      "teams:\n  - { slug: coastline-bolton, name: Coastline Bolton, company: coastline, slackChannelId: C0DEMO001 }\n",
    );
    clock.advance(86_400_000);
    kicks = 0;
    const r = await seedDemo(deps(["slack"]), { months: 1, maxAlerts: 3 });
    const queued = await db.prisma.outboxDelivery.findMany();
    expect(r.alertsQueued).toBe(queued.length);
    expect(queued.length).toBeLessThanOrEqual(3);
    for (const row of queued) {
      const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: row.caseId! }, include: { team: true } });
      expect(c.team!.slug).toBe("coastline-bolton");
      expect(c.silent).toBe(false);
      expect(row).toMatchObject({ platform: "slack", kind: "case_card", dedupeKey: `case:${c.id}:card:slack` });
    }
    if (queued.length) expect(kicks).toBe(1);
    // The channel binding survives re-seeding (the demo org leaves unset fields alone).
    expect((await db.prisma.team.findUniqueOrThrow({ where: { slug: "coastline-bolton" } })).slackChannelId).toBe(
      "C0DEMO001",
    );
  });

  it("--reset wipes the demo org and its data, then seeds it afresh", async () => {
    const wiped = await resetDemo(deps());
    expect(wiped.companies).toBe(4);
    expect(wiped.teams).toBe(6);
    expect(await counts()).toEqual({
      companies: 0,
      teams: 0,
      people: 0,
      responses: 0,
      detractors: 0,
      cases: 0,
      events: 0,
      coaching: 0,
      outbox: 0,
    });
    clock.set(NOW);
    const r = await seedDemo(deps(), { months: 1, seed: 7, reset: true });
    expect(r.reset?.responses).toBe(0);
    const c = await counts();
    expect(c.responses).toBe(r.inserted.responses);
    expect(c.cases).toBe(c.detractors);
  });

  it("seeds the retention report's default period a year before, silently, so the report compares with it", async () => {
    const r = await seedDemo(deps(["slack"]), { months: 1, seed: 7 });
    // NOW is in Q4 2026: the report's default period is Q3 2026, and Q3 2025 is seeded.
    expect(r.yearBefore).toEqual({ from: "2025-07-01", to: "2025-09-30" });
    expect(formatDemoSeed(r)).toContain("year before   2025-07-01 to 2025-09-30");
    const old = { respondedAt: { lt: new Date("2025-10-01T00:00:00Z") } };
    expect(await db.prisma.surveyResponse.count({ where: old })).toBeGreaterThan(1000);
    const oldCases = await db.prisma.followUpCase.findMany({ where: { response: old } });
    expect(oldCases.length).toBeGreaterThan(200);
    expect(oldCases.every((c) => c.status === "resolved" && c.silent && c.escalationLevel === 0)).toBe(true);
    expect(await db.prisma.outboxDelivery.count({ where: { caseId: { in: oldCases.map((c) => c.id) } } })).toBe(0);
    expect(await db.prisma.coachingSession.count({ where: { createdAt: { lt: new Date("2026-01-01") } } })).toBe(0);

    const retention = createRetentionService({ db: db.ctx, clock, config: { MIN_SAMPLE: 10 } });
    const report = await retention.report({ kind: "area", area: "Greater Manchester" });
    expect(report.programme.map((p) => p.inProgramme)).toEqual([true, false]);
    // One month of history leaves Q3 2026 itself empty here; the default 6 months fill it.
    for (const p of report.programme) {
      expect(p.yearBefore.customers).toBeGreaterThan(300);
      expect(p.yearBefore.droppedOut).toBeGreaterThan(0);
      expect(p.yearBefore.rate).not.toBeNull();
    }
  });
});
