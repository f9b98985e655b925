import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/core/clock.js";
import { isAppError } from "../../src/core/errors.js";
import type { Actor } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createCoachingService } from "../../src/services/coaching.js";
import { makeDeps } from "../chat/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";

let db: Database;
const clock = new FakeClock("2026-03-30T10:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

async function actor(id: number): Promise<Actor> {
  return { label: `test:${id}`, person: await new OrgRepository(db.prisma).personById(id) };
}

describe("coaching service", () => {
  it("plans a session for a team member, tells them, and refuses outsiders and empty topics", async () => {
    const org = await createOrg(db, { teams: 2, staffPerTeam: 1, teamTimeZone: "Europe/Madrid" });
    const deps = makeDeps(db, { clock });
    let kicks = 0;
    deps.outboxKick = () => kicks++;
    const svc = createCoachingService(deps);
    const people = new OrgRepository(db.prisma);
    const staff = (await people.personById(org.staffIds[0]!))!;

    const { session, message } = await svc.planCoaching({
      managerActor: await actor(org.managerIds[0]!),
      staff,
      topic: "  calling ahead   when late ",
    });
    expect(session).toMatchObject({ topic: "calling ahead when late", status: "planned", staffId: staff.id });
    expect(session.dueAt?.toISOString()).toBe("2026-04-06T10:00:00.000Z");
    expect(message).toContain("planned for before Mon 6 Apr");
    expect(kicks).toBe(1);
    const dm = await db.prisma.outboxDelivery.findFirst({ where: { dedupeKey: `coaching:${session.id}:planned` } });
    expect(dm).toMatchObject({ platform: "slack", kind: "dm", target: `person:${staff.id}` });
    const blocks = (
      dm!.payload as { message: { blocks: { type: string; actions?: { id: string; value: string }[] }[] } }
    ).message.blocks;
    expect(blocks.find((b) => b.type === "actions")?.actions).toEqual([
      { id: "coaching_done", label: "Mark done", value: String(session.id) },
    ]);

    // The manager of the other team may not coach this person.
    await expect(
      svc.planCoaching({ managerActor: await actor(org.managerIds[1]!), staff, topic: "x" }),
    ).rejects.toSatisfy((e) => isAppError(e, "FORBIDDEN") && /only a manager of .*'s team/.test((e as Error).message));
    await expect(
      svc.planCoaching({ managerActor: await actor(org.managerIds[0]!), staff, topic: "   " }),
    ).rejects.toSatisfy((e) => isAppError(e, "VALIDATION_FAILED") && /topic is empty/.test((e as Error).message));

    const listed = await svc.listForStaff(staff.id);
    expect(listed).toMatchObject([
      { id: session.id, managerName: expect.stringContaining("Manager 0"), overdue: false },
    ]);
    const forManager = await svc.listForManager((await people.personById(org.managerIds[0]!))!);
    expect(forManager.map((s) => s.id)).toContain(session.id);
  });

  it("marks done once, with the person's NPS before and since the session", async () => {
    const org = await createOrg(db, { staffPerTeam: 1 });
    const deps = makeDeps(db, { clock, env: { MIN_SAMPLE: "5" } });
    const svc = createCoachingService(deps);
    const staff = (await new OrgRepository(db.prisma).personById(org.staffIds[0]!))!;
    // Ten responses in the weeks before: 6 promoters, 2 passives, 2 detractors -> NPS +40.
    const scores = [10, 10, 9, 9, 10, 9, 8, 7, 3, 5];
    for (const [i, score] of scores.entries()) {
      await createResponse(db, org, {
        score,
        at: new Date(Date.parse("2026-03-02T12:00:00Z") + i * 86_400_000),
        asCase: false,
      });
    }
    const { session } = await svc.planCoaching({
      managerActor: await actor(org.managerIds[0]!),
      staff,
      topic: "recap",
    });
    // Someone else's staff cannot mark it done.
    const other = await createOrg(db);
    await expect(svc.markDone({ actor: await actor(other.staffIds[0]!), sessionId: session.id })).rejects.toSatisfy(
      (e) => isAppError(e, "FORBIDDEN"),
    );
    const done = await svc.markDone({ actor: await actor(staff.id), sessionId: session.id, notes: "Went well" });
    expect(done.session).toMatchObject({ status: "done", notes: "Went well" });
    expect(done.before).toMatchObject({ n: 10, nps: 40 });
    expect(done.after.n).toBe(0);
    expect(done.message).toContain("NPS before");
    expect(done.message).toContain("+40");
    await expect(svc.markDone({ actor: await actor(staff.id), sessionId: session.id })).rejects.toSatisfy(
      (e) => isAppError(e, "CONFLICT") && /already marked done on/.test((e as Error).message),
    );

    // Weeks later the outcome shows the responses since.
    clock.set("2026-04-20T10:00:00Z");
    for (const [i, score] of [10, 10, 9, 9, 10].entries()) {
      await createResponse(db, org, {
        score,
        at: new Date(Date.parse("2026-04-01T12:00:00Z") + i * 86_400_000),
        asCase: false,
      });
    }
    const later = await svc.outcome(session.id);
    expect(later.after).toMatchObject({ n: 5, nps: 100 });
    clock.set("2026-03-30T10:00:00Z");
  });

  it("turns reminders off and on, saying when the next one comes", async () => {
    const org = await createOrg(db, { teamTimeZone: "Europe/Madrid" });
    const svc = createCoachingService(makeDeps(db, { clock }));
    const people = new OrgRepository(db.prisma);
    const staff = (await people.personById(org.staffIds[0]!))!;
    const off = await svc.setReminders(staff, false);
    expect(off.enabled).toBe(false);
    expect(off.message).toContain("/nps reminders on");
    expect((await people.personById(staff.id))!.remindersEnabled).toBe(false);
    const on = await svc.setReminders(staff, true);
    expect(on.message).toBe("Weekly reminders are on. The next one comes 2026-04-06 09:00 Europe/Madrid.");
  });
});
