// What the case service decides for the platforms' forms: the pre-check before a form opens
// (audited here, not by platform code), reassign candidates without the owner, batched card views,
// and the resolve answer that says what coaching was planned and for when.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, createDetractorCase, seedBasicOrg, testDeps } from "../support/fixtures.js";

describe("case forms", () => {
  let db: Database;
  let org: BasicOrg;
  let services: Services;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedBasicOrg(db);
    services = createServices(testDeps(db));
  });
  afterAll(async () => {
    await db.close();
  });

  it("pre-checks a form: a refusal is audited as an attempt and the form is not opened", async () => {
    const c = await createDetractorCase(db, org);
    const dee = await services.cases.resolveActor("slack", "UDEE");
    const pre = await services.cases.precheck(c.id, dee, "resolve");
    expect(pre.ok).toBe(false);
    const events = await db.prisma.caseEvent.findMany({ where: { caseId: c.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "resolve", allowed: false, actorId: org.staff });
    expect(events[0]!.reason).toContain("(form not opened)");
    expect(await services.cases.precheck(999_999, dee, "note")).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("offers the team's managers for a reassign, never the current owner", async () => {
    const c = await createDetractorCase(db, org);
    const ana = await services.cases.resolveActor("slack", "UANA");
    expect((await services.cases.reassignCandidates(c.id)).map((p) => p.name)).toEqual(["Ana Manager", "Bo Manager"]);
    await services.cases.act(c.id, { type: "claim" }, ana);
    expect((await services.cases.reassignCandidates(c.id)).map((p) => p.name)).toEqual(["Bo Manager"]);
    const pre = await services.cases.precheck(c.id, ana, "reassign");
    expect(pre.ok && pre.candidates.map((p) => p.name)).toEqual(["Bo Manager"]);
  });

  it("reads several card views in one go, in the order asked, leaving out missing cases", async () => {
    const a = await createDetractorCase(db, org);
    const b = await createDetractorCase(db, org);
    const views = await services.cases.cardViews([b.id, 999_998, a.id]);
    expect(views.map((v) => v.caseId)).toEqual([b.id, a.id]);
    expect(views[0]).toEqual(await services.cases.cardView(b.id));
  });

  it("says what coaching a resolve planned and for when", async () => {
    const c = await createDetractorCase(db, org);
    const ana = await services.cases.resolveActor("slack", "UANA");
    await services.cases.act(c.id, { type: "claim" }, ana);
    const rootCause = (await services.cases.cardView(c.id))!.rootCauses[0]!;
    const done = await services.cases.act(
      c.id,
      { type: "resolve", outcome: "recovered", rootCause, outerLoop: false, coachStaff: true },
      ana,
    );
    expect(done.ok).toBe(true);
    // Planned 7 days after 2026-11-20 (the test clock), in the team's zone (Europe/Madrid).
    expect(done.message).toContain(
      `A coaching session with Dee Technician about ${rootCause} is planned, due by Fri 27 Nov.`,
    );
    const plain = await createDetractorCase(db, org);
    await services.cases.act(plain.id, { type: "claim" }, ana);
    const without = await services.cases.act(
      plain.id,
      { type: "resolve", outcome: "recovered", rootCause, outerLoop: false },
      ana,
    );
    expect(without.message).not.toContain("coaching");
  });
});
