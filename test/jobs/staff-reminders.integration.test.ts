import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDeliverer } from "../../src/chat/deliverer/index.js";
import { FakeClock } from "../../src/core/clock.js";
import type { MessageView } from "../../src/core/views.js";
import type { Database } from "../../src/db/client.js";
import { JobCoordinator } from "../../src/jobs/coordinator.js";
import { staffRemindersJob } from "../../src/jobs/staff-reminders.js";
import { FakeSender, makeDeps, outboxSettled } from "../chat/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { tickThrough } from "./helpers.js";

let db: Database;
const clock = new FakeClock("2026-03-01T00:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});
// Each test replays its own days: forget the slots earlier tests ran and the reminders they sent.
beforeEach(async () => {
  await db.prisma.jobRun.deleteMany();
  await db.prisma.outboxDelivery.deleteMany();
});

async function reminderRows(personIds: number[]) {
  return db.prisma.outboxDelivery.findMany({
    where: { target: { in: personIds.map((id) => `person:${id}`) }, dedupeKey: { startsWith: "staff-reminder:" } },
    orderBy: { id: "asc" },
  });
}

function localTime(at: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

describe("staff-reminders job", () => {
  it("sends praise first, the score, one thing to try and open coaching with Mark done", async () => {
    const org = await createOrg(db, { teamTimeZone: "Europe/Madrid", staffPerTeam: 2 });
    const [ana, off] = org.staffIds as [number, number];
    await db.prisma.person.update({ where: { id: off }, data: { remindersEnabled: false } });
    // Eight weeks of ratings for Ana, a promoter's words, and two punctuality follow-ups.
    const base = Date.parse("2026-02-03T10:00:00Z");
    for (let i = 0; i < 12; i++) {
      await createResponse(db, org, {
        score: i % 4 === 0 ? 5 : 10,
        at: new Date(base + i * 3 * 86_400_000),
        staffId: ana,
        asCase: false,
      });
    }
    await createResponse(db, org, {
      score: 10,
      at: new Date("2026-03-20T10:00:00Z"),
      staffId: ana,
      comment: "Ana explained everything, lovely!",
    });
    for (const d of ["2026-03-10", "2026-03-17"]) {
      await createResponse(db, org, {
        score: 3,
        at: new Date(`${d}T10:00:00Z`),
        staffId: ana,
        caseStatus: "resolved",
        rootCause: "punctuality",
        resolvedAt: new Date(`${d}T15:00:00Z`),
      });
    }
    const session = await db.prisma.coachingSession.create({
      data: {
        staffId: ana,
        managerId: org.managerIds[0]!,
        teamId: org.teamIds[0]!,
        topic: "Text ahead when late",
        dueAt: new Date("2026-04-03T10:00:00Z"),
      },
    });

    const deps = makeDeps(db, { clock });
    const coordinator = new JobCoordinator(deps, "solo");
    // Monday 30 March, 09:00 Madrid is 07:00Z; the job ticks at :01, :06, ...
    await tickThrough([coordinator], staffRemindersJob, clock, "2026-03-30T06:30:00Z", "2026-03-30T08:00:00Z");

    const rows = await reminderRows([ana, off]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      target: `person:${ana}`,
      dedupeKey: `staff-reminder:${ana}:2026-W14`,
      platform: "slack",
    });
    expect(rows[0]!.createdAt.toISOString()).toBe("2026-03-30T07:01:00.000Z");
    const message = (rows[0]!.payload as unknown as { message: MessageView }).message;
    const types = message.blocks.map((b) => b.type);
    // Praise first: the customer's words come before the score and the tip.
    expect(types.indexOf("quote")).toBeLessThan(types.indexOf("divider"));
    const all = JSON.stringify(message.blocks);
    expect(all).toContain("Ana explained everything, lovely!");
    expect(all).toContain("One thing to try this week: arrive when you said you would");
    expect(all).toContain("2 recent follow-ups with your customers came back to punctuality");
    expect(all).toContain("Text ahead when late");
    expect(all).toContain("/nps reminders off");
    expect(message.blocks).toContainEqual({
      type: "actions",
      actions: [{ id: "coaching_done", label: "Mark done", value: String(session.id) }],
    });
    // The score is our emphasis, carried as a bold run (key order as the database stores it).
    expect(all).toMatch(
      /NPS over the last 8 weeks: "\},\{(?:"bold":true,"text":"\+33\.3"|"text":"\+33\.3","bold":true)\},\{"text":" \(± 47\.7, from 15 ratings\)/,
    );
    expect(all).toContain("the margin is wide");
    // Individual weeks are too small for a score: no row of empty bars.
    expect(all).not.toContain("Week by week");
    expect(message.text).toContain("A customer praised your visit.");
  });

  // EU: last Sundays of March and October. US: second Sunday of March, first Sunday of November.
  const weekends = [
    { zone: "Europe/Madrid", sunday: "2026-03-29" },
    { zone: "Europe/Madrid", sunday: "2026-10-25" },
    { zone: "America/New_York", sunday: "2026-03-08" },
    { zone: "America/New_York", sunday: "2026-11-01" },
    { zone: "America/New_York", sunday: "2026-10-25" },
  ];
  for (const [n, w] of weekends.entries()) {
    it(`${w.zone}, DST weekend of ${w.sunday}: every slot fires once, at its local time`, {
      timeout: 120_000,
    }, async () => {
      const org = await createOrg(db, { teams: 3, staffPerTeam: 2, teamTimeZone: w.zone });
      // Team 0: default Monday 09:00; team 1: Sunday 02:30 (skipped or repeated on the change day); team 2: Sunday 01:30.
      await db.prisma.team.update({
        where: { id: org.teamIds[1]! },
        data: { reminderWeekday: 7, reminderTime: "02:30" },
      });
      await db.prisma.team.update({
        where: { id: org.teamIds[2]! },
        data: { reminderWeekday: 7, reminderTime: "01:30" },
      });
      const deps = makeDeps(db, { clock });
      // On the first weekend two instances tick every slot (the ledger lets one run it); one is enough after.
      const instances = [new JobCoordinator(deps, `a-${w.sunday}`)];
      if (n === 0) instances.push(new JobCoordinator(deps, `b-${w.sunday}`));
      // Every 5-minute tick from Saturday 22:00 local to Monday 10:00 local.
      const offset = w.zone === "Europe/Madrid" ? -1 : 5;
      const sunday = Date.parse(`${w.sunday}T00:00:00Z`) + offset * 3_600_000;
      const r = await tickThrough(
        instances,
        staffRemindersJob,
        clock,
        new Date(sunday - 2 * 3_600_000),
        new Date(sunday + 34 * 3_600_000),
      );
      expect(r.ran).toBe(r.ticks);
      expect(r.skipped).toBe(r.ticks * (instances.length - 1));

      const rows = await reminderRows(org.staffIds);
      expect(rows).toHaveLength(org.staffIds.length);
      const byPerson = new Map(rows.map((row) => [row.target, row]));
      for (const [i, id] of org.staffIds.entries()) {
        const team = Math.floor(i / 2);
        const sent = byPerson.get(`person:${id}`)!;
        const local = localTime(sent.createdAt, w.zone);
        if (team === 0) expect(local).toBe("Mon 09:01");
        else {
          // A skipped 02:30 goes out just after the gap (03:3x); a repeated one at its first occurrence.
          const want = team === 1 ? ["Sun 02:31", "Sun 03:31"] : ["Sun 01:31", "Sun 02:31"];
          expect(want).toContain(local);
        }
      }
    });
  }

  it("delivers each reminder once even when the job reruns for a slot that already ran", async () => {
    const org = await createOrg(db, { staffPerTeam: 3, teamTimeZone: "UTC" });
    const deps = makeDeps(db, { clock });
    const coordinator = new JobCoordinator(deps, "x");
    clock.set("2026-04-06T09:01:00Z");
    const first = await coordinator.runAt(staffRemindersJob, new Date("2026-04-06T09:01:00Z"));
    // Earlier tests' Madrid staff are due too (09:00 Madrid was two hours ago, within the grace).
    expect(first).toMatchObject({ status: "ok" });
    expect(await reminderRows(org.staffIds)).toHaveLength(3);
    const again = await coordinator.runAt(staffRemindersJob, new Date("2026-04-06T09:03:00Z"));
    expect(again).toMatchObject({ status: "skipped", holder: expect.objectContaining({ owner: "x" }) });
    // A later slot the same morning finds them sent already.
    const later = await coordinator.runAt(staffRemindersJob, new Date("2026-04-06T09:06:00Z"));
    expect(later).toMatchObject({ status: "ok", counts: expect.objectContaining({ enqueued: 0 }) });

    const slack = new FakeSender();
    // Driven step by step: every due row is sent (at the real pace) before the assertions.
    await createDeliverer(deps, new Map([["slack", slack]]), { owner: "d" }).drain({ timeoutMs: 20_000 });
    expect(await outboxSettled(db)).toBe(true);
    const mine = slack.calls.filter((c) => c.op === "dm" && org.staffIds.includes(c.personId));
    expect(mine.map((c) => (c as { personId: number }).personId).sort()).toEqual([...org.staffIds].sort());
  });
});
