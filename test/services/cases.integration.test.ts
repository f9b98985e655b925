import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createCaseService } from "../../src/services/cases.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, createDetractorCase, seedBasicOrg, testDeps } from "../support/fixtures.js";

describe("case service", () => {
  let db: Database;
  let org: BasicOrg;
  let deps: ReturnType<typeof testDeps>;
  let svc: ReturnType<typeof createCaseService>;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedBasicOrg(db);
    deps = testDeps(db);
    svc = createCaseService(deps);
  });
  afterAll(async () => {
    await db.close();
  });

  const outboxFor = (caseId: number) =>
    db.prisma.outboxDelivery.findMany({ where: { caseId }, orderBy: { id: "asc" } });

  it("of two managers claiming at once exactly one wins; the other hears who has it", async () => {
    const c = await createDetractorCase(db, org);
    const ana = await svc.resolveActor("slack", "UANA");
    const bo = await svc.resolveActor("slack", "UBO");
    const [a, b] = await Promise.all([svc.act(c.id, { type: "claim" }, ana), svc.act(c.id, { type: "claim" }, bo)]);
    const winners = [a, b].filter((r) => r.ok);
    const losers = [a, b].filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winnerName = a.ok ? "Ana Manager" : "Bo Manager";
    expect(losers[0]).toMatchObject({
      code: "CASE_ALREADY_CLAIMED",
      message: `Case #${c.id} is already claimed by ${winnerName}.`,
    });
    const row = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.status).toBe("claimed");
    expect(row.version).toBe(1);
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.allowed])).toEqual(
      expect.arrayContaining([
        ["claim", true],
        ["claim", false],
      ]),
    );
    // Card re-rendered on Slack (the team has a channel) and the owner DMed on both platforms.
    const rows = await outboxFor(c.id);
    expect(rows.filter((r) => r.kind === "case_card").map((r) => r.platform)).toEqual(["slack"]);
    const dms = rows.filter((r) => r.kind === "dm");
    expect(dms.map((r) => r.platform).sort()).toEqual(["slack", "teams"]);
    const dm = dms[0]!.payload as {
      message: { personalContact: boolean; blocks: { type: string; fields?: { label: string; value: string }[] }[] };
    };
    expect(dm.message.personalContact).toBe(true);
    expect(dm.message.blocks[1]!.fields).toEqual(
      expect.arrayContaining([
        // Exactly as given, marked tappable (tel:/mailto:) for the converters.
        { label: "Phone", value: "+34 600 123 456", link: "tel" },
        { label: "Email", value: "jane.customer@example.org", link: "mailto" },
      ]),
    );
  });

  it("refuses people outside the team's managers and records the attempt", async () => {
    const c = await createDetractorCase(db, org);
    for (const user of ["UCY", "UDEE", "UFAY", "UNKNOWN"]) {
      const r = await svc.act(c.id, { type: "claim" }, await svc.resolveActor("slack", user));
      expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    const denied = await db.prisma.caseEvent.findMany({ where: { caseId: c.id, allowed: false } });
    expect(denied.map((e) => e.actor).sort()).toEqual(["slack:UCY", "slack:UDEE", "slack:UFAY", "slack:UNKNOWN"]);
    expect((await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("open");
    // Admins may act on any team's case.
    const r = await svc.act(c.id, { type: "claim" }, await svc.resolveActor("slack", "UEVE"));
    expect(r).toMatchObject({ ok: true, noop: false });
  });

  it("resolves with outcome and root cause, creates coaching, and refuses to change a resolved case", async () => {
    const c = await createDetractorCase(db, org);
    const ana = await svc.resolveActor("teams", "aad-UANA");
    expect(await svc.act(c.id, { type: "claim" }, ana)).toMatchObject({ ok: true });
    const resolved = await svc.act(
      c.id,
      {
        type: "resolve",
        outcome: "recovered",
        rootCause: "unexpected budget",
        outerLoop: true,
        note: "Refunded the call-out fee",
        coachStaff: true,
      },
      ana,
    );
    expect(resolved).toMatchObject({ ok: true, noop: false });
    expect(resolved.view).toMatchObject({
      status: "resolved",
      outcome: "recovered",
      rootCause: "unexpected budget",
      outerLoop: true,
      actions: ["note"],
    });
    const coaching = await db.prisma.coachingSession.findMany({ where: { caseId: c.id } });
    expect(coaching).toHaveLength(1);
    expect(coaching[0]).toMatchObject({
      staffId: org.staff,
      managerId: org.managerA,
      rootCause: "unexpected budget",
      status: "planned",
    });
    const again = await svc.act(
      c.id,
      { type: "resolve", outcome: "not_recovered", rootCause: "price", outerLoop: false },
      ana,
    );
    expect(again).toMatchObject({ ok: false, code: "CASE_ALREADY_RESOLVED" });
    const claimAfter = await svc.act(c.id, { type: "claim" }, await svc.resolveActor("slack", "UBO"));
    expect(claimAfter).toMatchObject({ ok: false, code: "CASE_ALREADY_RESOLVED" });
    const row = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ outcome: "recovered", rootCause: "unexpected budget" });
  });

  it("rejects an unknown root cause naming the allowed ones, changing nothing", async () => {
    const c = await createDetractorCase(db, org);
    const r = await svc.act(
      c.id,
      { type: "resolve", outcome: "recovered", rootCause: "aliens", outerLoop: false },
      await svc.resolveActor("slack", "UANA"),
    );
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.message).toMatch(/^rootCause must be one of: unexpected budget, punctuality/);
    expect((await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("open");
  });

  it("reassigns only to a manager of the team, and unclaims", async () => {
    const c = await createDetractorCase(db, org);
    const ana = await svc.resolveActor("slack", "UANA");
    expect(await svc.act(c.id, { type: "reassign", toPersonId: org.otherManager }, ana)).toMatchObject({
      ok: false,
      code: "CASE_INVALID_TRANSITION",
    });
    expect(await svc.act(c.id, { type: "reassign", toPersonId: org.managerB }, ana)).toMatchObject({
      ok: true,
      noop: false,
    });
    expect((await svc.cardView(c.id))?.ownerName).toBe("Bo Manager");
    expect(await svc.act(c.id, { type: "unclaim" }, ana)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const bo = await svc.resolveActor("slack", "UBO");
    expect(await svc.act(c.id, { type: "unclaim" }, bo)).toMatchObject({ ok: true, noop: false });
    expect(await svc.act(c.id, { type: "unclaim" }, bo)).toMatchObject({ ok: true, noop: true });
    expect((await svc.reassignCandidates(c.id)).map((p) => p.name).sort()).toEqual(["Ana Manager", "Bo Manager"]);
  });

  it("adds notes (counted on the card) and rejects empty ones", async () => {
    const c = await createDetractorCase(db, org);
    const ana = await svc.resolveActor("slack", "UANA");
    expect(await svc.act(c.id, { type: "note", text: "  " }, ana)).toMatchObject({
      ok: false,
      code: "VALIDATION_FAILED",
    });
    const r = await svc.act(c.id, { type: "note", text: "Left a voicemail" }, ana);
    expect(r).toMatchObject({ ok: true, view: { noteCount: 1 } });
    expect(deps.kicks).toBeGreaterThan(0);
  });

  it("answers NOT_FOUND for a missing case", async () => {
    expect(await svc.act(999_999, { type: "claim" }, await svc.resolveActor("slack", "UANA"))).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });
});
