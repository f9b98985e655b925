import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/core/clock.js";
import type { MessageView } from "../../src/core/views.js";
import type { Database } from "../../src/db/client.js";
import { JobCoordinator } from "../../src/jobs/coordinator.js";
import { directorDigestJob } from "../../src/jobs/director-digest.js";
import { managerNudgesJob } from "../../src/jobs/manager-nudges.js";
import { makeDeps } from "../chat/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { tickThrough } from "./helpers.js";

let db: Database;
const clock = new FakeClock("2026-04-06T00:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.prisma.jobRun.deleteMany();
  await db.prisma.outboxDelivery.deleteMany();
  // Each test's people are the only active ones.
  await db.prisma.person.updateMany({ data: { active: false } });
});

async function rowsFor(prefix: string) {
  const rows = await db.prisma.outboxDelivery.findMany({
    where: { dedupeKey: { startsWith: prefix } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    key: r.dedupeKey!,
    at: r.createdAt,
    message: (r.payload as unknown as { message: MessageView }).message,
  }));
}

const local = (at: Date, zone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);

describe("manager-nudges job", () => {
  it("nudges at 09:00 local on weekdays about due coaching, uncoached cases and a quiet week, once a day", async () => {
    const org = await createOrg(db, { teams: 2, teamTimeZone: "Europe/Madrid" });
    const [manager] = org.managerIds as [number];
    // Manager 0 also manages team 1, which had a quiet week (responses, no case).
    await db.prisma.teamMembership.create({ data: { personId: manager, teamId: org.teamIds[1]! } });
    await createResponse(db, org, {
      score: 9,
      at: new Date("2026-04-01T10:00:00Z"),
      teamIndex: 1,
      staffId: org.staffIds[1]!,
    });
    // Team 0: coaching due Tuesday, a punctuality case resolved Monday without coaching, one with coaching.
    await db.prisma.coachingSession.create({
      data: {
        staffId: org.staffIds[0]!,
        managerId: manager,
        teamId: org.teamIds[0]!,
        topic: "Recap at the door",
        dueAt: new Date("2026-04-07T10:00:00Z"),
      },
    });
    const uncoached = (
      await createResponse(db, org, {
        score: 2,
        at: new Date("2026-04-03T08:00:00Z"),
        caseStatus: "resolved",
        rootCause: "punctuality",
        resolvedAt: new Date("2026-04-06T12:00:00Z"),
      })
    ).caseId!;
    const coached = (
      await createResponse(db, org, {
        score: 2,
        at: new Date("2026-04-03T08:00:00Z"),
        caseStatus: "resolved",
        rootCause: "communication",
        resolvedAt: new Date("2026-04-06T13:00:00Z"),
      })
    ).caseId!;
    await db.prisma.coachingSession.create({
      data: {
        staffId: org.staffIds[0]!,
        managerId: manager,
        teamId: org.teamIds[0]!,
        caseId: coached,
        topic: "x",
        status: "done",
      },
    });

    const deps = makeDeps(db, { clock });
    const c = new JobCoordinator(deps, "n");
    // Monday 6 April, Tuesday 7 April, around 09:00 Madrid (07:00Z); two ticks through Monday's slot.
    for (const day of ["2026-04-06", "2026-04-07"]) {
      await tickThrough([c], managerNudgesJob, clock, `${day}T06:00:00Z`, `${day}T08:30:00Z`);
    }
    const rows = await rowsFor(`manager-nudge:${manager}:`);
    expect(rows.map((r) => [r.key, local(r.at, "Europe/Madrid")])).toEqual([
      [`manager-nudge:${manager}:2026-04-06`, "Mon 09:02"],
      [`manager-nudge:${manager}:2026-04-07`, "Tue 09:02"],
    ]);
    const monday = JSON.stringify(rows[0]!.message.blocks);
    expect(monday).toContain("Thank you: last week Team 1");
    expect(monday).not.toContain(`Case #${uncoached}`); // resolved after Monday's nudge
    const tuesday = JSON.stringify(rows[1]!.message.blocks);
    expect(tuesday).toContain("Recap at the door (due today)");
    expect(tuesday).toContain(`Case #${uncoached}: Staff 0.0`);
    expect(tuesday).not.toContain(`Case #${coached}`);
    expect(tuesday).not.toContain("Thank you");
    expect(rows[1]!.message.blocks).toContainEqual({
      type: "actions",
      actions: [expect.objectContaining({ id: "coaching_done" })],
    });
  });

  it("stays silent when there is nothing to say, and across the October DST weekend nudges Monday once at 09:00", async () => {
    const org = await createOrg(db, { teamTimeZone: "Europe/Madrid" });
    await db.prisma.coachingSession.create({
      data: {
        staffId: org.staffIds[0]!,
        managerId: org.managerIds[0]!,
        teamId: org.teamIds[0]!,
        topic: "Overdue chat",
        dueAt: new Date("2026-10-20T10:00:00Z"),
      },
    });
    const deps = makeDeps(db, { clock });
    const r = await tickThrough(
      [new JobCoordinator(deps, "n")],
      managerNudgesJob,
      clock,
      "2026-10-24T20:00:00Z",
      "2026-10-26T09:00:00Z",
    );
    expect(r.ran).toBe(r.ticks);
    const rows = await rowsFor(`manager-nudge:${org.managerIds[0]}:`);
    expect(rows.map((x) => local(x.at, "Europe/Madrid"))).toEqual(["Mon 09:02"]);
    expect(JSON.stringify(rows[0]!.message.blocks)).toContain("Overdue chat (was due Tue 20 Oct)");
  }, 120_000);
});

describe("director-digest job", () => {
  it("sends each director one weekly digest at Monday 08:00 local, across the New York March change", async () => {
    const org = await createOrg(db, { teams: 2, teamTimeZone: "America/New_York", area: "east" });
    const other = await createOrg(db, { area: "east", inProgramme: false });
    await db.prisma.person.update({ where: { id: other.directorId }, data: { active: false } });
    await db.prisma.person.update({ where: { id: org.directorId }, data: { timeZone: "America/New_York" } });
    // A client-side director (no company) in Madrid sees every company.
    const client = await db.prisma.person.create({
      data: { name: "Clara Client", role: "director", slackUserId: "UCLIENT1", timeZone: "Europe/Madrid" },
    });
    const start = Date.parse("2026-02-09T15:00:00Z");
    for (let i = 0; i < 40; i++) {
      const at = new Date(start + i * 16 * 3_600_000);
      await createResponse(db, org, { score: [10, 9, 8, 3][i % 4]!, at, teamIndex: i % 2, asCase: false });
      await createResponse(db, other, { score: [6, 9, 2][i % 3]!, at, asCase: false });
    }
    await createResponse(db, org, {
      score: 2,
      at: new Date("2026-02-20T12:00:00Z"),
      caseStatus: "resolved",
      rootCause: "price",
      resolvedAt: new Date("2026-02-21T12:00:00Z"),
    });
    await db.prisma.followUpCase.updateMany({
      where: { companyId: org.companyId, rootCause: "price" },
      data: { outerLoop: true, note: "Tariff too high for pensioners" },
    });

    const deps = makeDeps(db, { clock });
    // NY springs forward on Sunday 8 March; Madrid is unchanged that weekend. Tick the whole Monday morning of both.
    const r = await tickThrough(
      [new JobCoordinator(deps, "dg")],
      directorDigestJob,
      clock,
      "2026-03-08T04:00:00Z",
      "2026-03-09T13:30:00Z",
    );
    expect(r.ran).toBe(r.ticks);
    const rows = await rowsFor("director-digest:");
    expect(rows.map((x) => x.key)).toEqual([
      `director-digest:${client.id}:2026-W11`,
      `director-digest:${org.directorId}:2026-W11`,
    ]);
    expect(local(rows[0]!.at, "Europe/Madrid")).toBe("Mon 08:03");
    expect(local(rows[1]!.at, "America/New_York")).toBe("Mon 08:03");

    const mine = JSON.stringify(rows[1]!.message.blocks);
    expect(mine).toContain("NPS digest: 2026-02-09 to 2026-03-08");
    // The team's name is our emphasis, carried as a bold run (not "*markup*" in the text); the
    // stored JSON has its keys sorted.
    expect(mine).toMatch(/\{"bold":true,"text":"Team 0[^"]*"\},\{"text":": [+-]?\d+(\.\d)? ± \d+(\.\d)? \(n = \d+\)/);
    expect(mine).toContain("Team 1");
    expect(mine).toContain("closed within SLA");
    expect(mine).toContain("Outer-loop issues");
    expect(mine).toContain("Tariff too high for pensioners");
    expect(mine).toContain("Area east: programme companies");
    const theirs = JSON.stringify(rows[0]!.message.blocks);
    expect(theirs).toContain(`Company`);
    expect(rows[0]!.message.text).toMatch(/and \d+ more compan(y|ies)\./);
  }, 120_000);
});
