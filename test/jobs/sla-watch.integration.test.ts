import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDeliverer } from "../../src/chat/deliverer/index.js";
import { FakeClock } from "../../src/core/clock.js";
import type { MessageView } from "../../src/core/views.js";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { JobCoordinator } from "../../src/jobs/coordinator.js";
import { slaWatchJob } from "../../src/jobs/sla-watch.js";
import { createSlaService } from "../../src/services/sla.js";
import { FakeSender, makeDeps, outboxSettled } from "../chat/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { tickThrough } from "./helpers.js";

let db: Database;
const clock = new FakeClock("2026-04-06T10:00:00Z");
const H = 3_600_000;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.prisma.jobRun.deleteMany();
  await db.prisma.outboxDelivery.deleteMany();
  await db.prisma.followUpCase.updateMany({ data: { status: "resolved" } });
});

const payloadText = (p: unknown) => (p as { message: MessageView }).message.text;

describe("sla-watch job", () => {
  it("reminds once in the thread of an unclaimed card and escalates each level once", async () => {
    const org = await createOrg(db);
    const deps = makeDeps(db, {
      clock,
      env: { UNCLAIMED_REMINDER_HOURS: "1", ESCALATION_LEVEL_HOURS: "2" },
    });
    const t0 = new Date("2026-04-06T10:00:00Z");
    const due = new Date(t0.getTime() + 3 * H);
    const open = (await createResponse(db, org, { score: 2, at: t0, dueAt: due, comment: "Nobody came" })).caseId!;
    const claimed = (await createResponse(db, org, { score: 4, at: t0, dueAt: due, caseStatus: "claimed" })).caseId!;
    await createResponse(db, org, { score: 1, at: t0, dueAt: due, caseStatus: "resolved" });
    const silent = (await createResponse(db, org, { score: 0, at: t0, dueAt: due })).caseId!;
    await db.prisma.followUpCase.update({ where: { id: silent }, data: { silent: true } });
    await new OutboxRepository(db.prisma).enqueue(
      [open, claimed].map((caseId) => ({
        platform: "slack" as const,
        payload: { kind: "case_card" as const, caseId },
      })),
      t0,
    );

    const a = new JobCoordinator(deps, "a");
    const b = new JobCoordinator(deps, "b");
    await tickThrough([a, b], slaWatchJob, clock, t0, "2026-04-06T20:00:00Z");

    const rows = await db.prisma.outboxDelivery.findMany({
      where: { dedupeKey: { startsWith: "sla:" } },
      orderBy: { id: "asc" },
    });
    const summary = rows.map((r) => [r.dedupeKey, r.createdAt.toISOString().slice(11, 16)]);
    expect(summary).toEqual([
      [`sla:${open}:unclaimed:slack`, "11:00"],
      [`sla:${open}:escalation:1:${org.directorId}`, "13:00"],
      [`sla:${claimed}:escalation:1:${org.directorId}`, "13:00"],
      [`sla:${open}:escalation:2:${org.directorId}`, "15:00"],
      [`sla:${claimed}:escalation:2:${org.directorId}`, "15:00"],
      [`sla:${open}:escalation:3:${org.directorId}`, "17:00"],
      [`sla:${claimed}:escalation:3:${org.directorId}`, "17:00"],
    ]);
    expect(payloadText(rows[0]!.payload)).toBe(`Case #${open} is still unclaimed after 1 h`);
    expect(payloadText(rows[1]!.payload)).toContain("nobody has claimed it yet");
    expect(payloadText(rows[2]!.payload)).toContain("owns it (claimed)");

    // Delivered: the card first, then its thread reply; the director gets six DMs.
    const slack = new FakeSender();
    // Driven step by step: every due row is sent (at the real pace) before the assertions.
    await createDeliverer(deps, new Map([["slack", slack]]), { owner: "d" }).drain({ timeoutMs: 20_000 });
    expect(await outboxSettled(db)).toBe(true);
    expect(slack.calls.filter((c) => c.op === "card")).toHaveLength(2);
    expect(slack.calls.filter((c) => c.op === "thread")).toHaveLength(1);
    expect(slack.calls.filter((c) => c.op === "dm" && c.personId === org.directorId)).toHaveLength(6);
  });

  it("counts only business hours and sends nothing outside them", async () => {
    const org = await createOrg(db, { teamTimeZone: "Europe/Madrid" });
    const deps = makeDeps(db, {
      clock,
      env: { UNCLAIMED_REMINDER_HOURS: "1", ESCALATION_LEVEL_HOURS: "10", BUSINESS_HOURS: "08:00-18:00" },
    });
    // Friday 10 April 2026, 17:30 in Madrid (15:30Z); due Monday 12:00 Madrid.
    const created = new Date("2026-04-10T15:30:00Z");
    const caseId = (await createResponse(db, org, { score: 3, at: created, dueAt: new Date("2026-04-13T10:00:00Z") }))
      .caseId!;
    const sla = createSlaService(deps);
    const at = async (iso: string) => sla.watch(new Date(iso));
    // 30 business minutes on Friday; the weekend does not count.
    expect((await at("2026-04-10T15:59:00Z")).reminders).toBe(0);
    expect((await at("2026-04-11T12:00:00Z")).reminders).toBe(0);
    // Monday 08:29 Madrid: 59 business minutes. 08:30: one hour.
    expect((await at("2026-04-13T06:29:00Z")).reminders).toBe(0);
    expect((await at("2026-04-13T06:30:00Z")).reminders).toBe(1);
    expect((await at("2026-04-13T06:35:00Z")).reminders).toBe(0);
    // Past due at 12:00; level 1 at once, level 2 only after ten more business hours (Tuesday 12:00).
    expect((await at("2026-04-13T10:00:00Z")).escalations).toBe(1);
    expect((await at("2026-04-13T16:30:00Z")).escalations).toBe(0);
    expect((await at("2026-04-13T16:30:00Z")).waitingForBusinessHours).toBe(0);
    expect((await at("2026-04-14T09:59:00Z")).escalations).toBe(0);
    expect((await at("2026-04-14T10:00:00Z")).escalations).toBe(1);
    const rows = await db.prisma.outboxDelivery.findMany({ where: { caseId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.dedupeKey)).toEqual([
      `sla:${caseId}:unclaimed:slack`,
      `sla:${caseId}:escalation:1:${org.directorId}`,
      `sla:${caseId}:escalation:2:${org.directorId}`,
    ]);
  });

  it("waits for business hours when a level falls due at night", async () => {
    const org = await createOrg(db, { teamTimeZone: "Europe/Madrid" });
    const deps = makeDeps(db, { clock, env: { BUSINESS_HOURS: "08:00-18:00" } });
    // Due Tuesday 17:59 Madrid; the level is due but the watch runs at 19:00.
    const caseId = (
      await createResponse(db, org, {
        score: 3,
        at: new Date("2026-04-13T08:00:00Z"),
        dueAt: new Date("2026-04-14T15:59:00Z"),
        caseStatus: "claimed",
      })
    ).caseId!;
    const sla = createSlaService(deps);
    const night = await sla.watch(new Date("2026-04-14T17:00:00Z"));
    expect(night).toMatchObject({ escalations: 0, waitingForBusinessHours: 1 });
    const morning = await sla.watch(new Date("2026-04-15T06:00:00Z"));
    expect(morning.escalations).toBe(1);
    expect(await db.prisma.followUpCase.findUnique({ where: { id: caseId } })).toMatchObject({ escalationLevel: 1 });
  });

  it("counts business time across the March change in Madrid and wall time across New York's November change", async () => {
    const madrid = await createOrg(db, { teamTimeZone: "Europe/Madrid" });
    const ny = await createOrg(db, { teamTimeZone: "America/New_York" });
    const deps = makeDeps(db, { clock, env: { UNCLAIMED_REMINDER_HOURS: "1", BUSINESS_HOURS: "08:00-18:00" } });
    // Friday 27 March 17:30 CET (16:30Z): 30 business minutes on Friday, 30 on Monday at 08:30 CEST (06:30Z).
    const m = (
      await createResponse(db, madrid, {
        score: 2,
        at: new Date("2026-03-27T16:30:00Z"),
        dueAt: new Date("2026-04-01T10:00:00Z"),
      })
    ).caseId!;
    const a = new JobCoordinator(deps, "dst");
    await tickThrough([a], slaWatchJob, clock, "2026-03-28T22:00:00Z", "2026-03-30T07:00:00Z");
    const reminder = await db.prisma.outboxDelivery.findFirst({ where: { dedupeKey: `sla:${m}:unclaimed:slack` } });
    expect(reminder?.createdAt.toISOString()).toBe("2026-03-30T06:30:00.000Z");

    // Without business hours a 48 h SLA is 48 real hours, though New York's clocks go back an hour.
    const wall = makeDeps(db, { clock, env: { UNCLAIMED_REMINDER_HOURS: "100", ESCALATION_LEVEL_HOURS: "24" } });
    await db.prisma.followUpCase.updateMany({ where: { id: m }, data: { status: "resolved" } });
    const created = new Date("2026-10-31T16:00:00Z"); // Saturday 12:00 EDT
    const n = (
      await createResponse(db, ny, {
        score: 3,
        at: created,
        dueAt: new Date(created.getTime() + 48 * H),
        caseStatus: "claimed",
      })
    ).caseId!;
    await tickThrough(
      [new JobCoordinator(wall, "dst-ny")],
      slaWatchJob,
      clock,
      "2026-11-02T15:00:00Z",
      "2026-11-02T17:00:00Z",
    );
    const level1 = await db.prisma.outboxDelivery.findFirst({
      where: { dedupeKey: `sla:${n}:escalation:1:${ny.directorId}` },
    });
    // Monday 11:00 EST, not 12:00: the SLA counts hours, not wall-clock readings.
    expect(level1?.createdAt.toISOString()).toBe("2026-11-02T16:00:00.000Z");
  }, 120_000);
});
