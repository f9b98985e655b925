// The retention report over a real database: the SQL counts of the hand-worked world in fixture.ts,
// and who may ask for which scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";
import { NOW, PEOPLE, PERIOD, seedRetentionWorld, WITHIN } from "./fixture.js";

describe("retention report", () => {
  let db: Database;
  let services: Services;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedRetentionWorld(db);
    services = createServices(testDeps(db, { now: NOW, env: { MIN_SAMPLE: "4" } }));
  });
  afterAll(() => db.close());

  const viewer = async (email: string) => (await new OrgRepository(db.prisma).personByEmail(email))!;

  it("counts each customer once, by category and closed loop, within the window", async () => {
    const r = await services.retention.report({ kind: "team", slug: "prog-a" }, { period: PERIOD, withinDays: WITHIN });
    expect(r.overall).toMatchObject({ customers: 14, droppedOut: 5 });
    expect(r.incomplete).toBe(0);
    expect(r.byCategory.promoters).toMatchObject({ customers: 4, droppedOut: 1 });
    expect(r.byCategory.passives).toMatchObject({ customers: 2, droppedOut: 0, rate: null });
    expect(r.byCategory.detractors).toMatchObject({ customers: 8, droppedOut: 4 });
    expect(r.detractorLoop.closed).toMatchObject({ customers: 4, droppedOut: 1 });
    expect(r.detractorLoop.notClosed).toMatchObject({ customers: 4, droppedOut: 3 });
    expect(r.detractorLoop.notClosedBreakdown).toEqual({
      unclaimed: { customers: 2, droppedOut: 1 },
      in_progress: { customers: 1, droppedOut: 1 },
      closed_without_contact: { customers: 1, droppedOut: 1 },
      no_case: { customers: 0, droppedOut: 0 },
    });
    // Fisher on [[1, 3], [3, 1]]: (1 + 16 + 16 + 1) / 70.
    expect(r.detractorLoop.test.pValue).toBeCloseTo(34 / 70, 10);
    // A team is in one company: only its programme row.
    expect(r.programme).toHaveLength(1);
    expect(r.programme[0]).toMatchObject({
      inProgramme: true,
      current: { customers: 14, droppedOut: 5 },
      yearBefore: { customers: 10, droppedOut: 6 },
    });
  });

  it("splits an area into programme and non-programme companies against a year before", async () => {
    const r = await services.retention.report(
      { kind: "area", area: "north-west" },
      { period: PERIOD, withinDays: WITHIN },
    );
    expect(r.scope).toEqual({ kind: "area", slug: "North West", name: "North West" });
    expect(r.overall).toMatchObject({ customers: 18, droppedOut: 7 });
    expect(r.programme.map((g) => [g.inProgramme, g.current.droppedOut, g.current.customers])).toEqual([
      [true, 5, 14],
      [false, 2, 4],
    ]);
    expect(r.programme[1]!.yearBefore).toMatchObject({ customers: 4, droppedOut: 1 });
  });

  it("counts drop-outs only up to today for answers less than N days old, and says how many", async () => {
    // 200 days from the last answers (10 Aug) runs past 20 Nov: every window is cut at today.
    const r = await services.retention.report({ kind: "team", slug: "prog-a" }, { period: PERIOD, withinDays: 200 });
    expect(r.incomplete).toBe(14);
    // P2's drop-out 40 days after the answer now counts.
    expect(r.byCategory.promoters).toMatchObject({ customers: 4, droppedOut: 2 });
  });

  it("refuses a window out of range, naming the option", async () => {
    await expect(
      services.retention.report({ kind: "team", slug: "prog-a" }, { period: PERIOD, withinDays: 0 }),
    ).rejects.toThrow(/--within must be a whole number of days from 1 to 3660/);
  });

  it("applies the report access rules, and areas only to those who see every company", async () => {
    const admin = await viewer(PEOPLE.admin.email);
    const client = await viewer(PEOPLE.clientDirector.email);
    const director = await viewer(PEOPLE.progDirector.email);
    const manager = await viewer(PEOPLE.progManager.email);
    const staff = await viewer(PEOPLE.staff.email);
    const area = { by: "area", area: "north west" } as const;
    expect(await services.retention.choose(admin, area)).toEqual({
      ok: true,
      target: { kind: "area", area: "North West" },
    });
    expect(await services.retention.choose(client, area)).toMatchObject({ ok: true });
    expect(await services.retention.choose(director, area)).toMatchObject({ ok: false, reason: "text" });
    expect(await services.retention.choose(director, { by: "default" })).toEqual({
      ok: true,
      target: { kind: "company", slug: "prog" },
    });
    expect(await services.retention.choose(director, { by: "slug", slug: "other", as: null })).toMatchObject({
      ok: false,
      reason: "report",
    });
    expect(await services.retention.choose(manager, { by: "slug", slug: "prog-a", as: null })).toMatchObject({
      ok: true,
    });
    expect(await services.retention.choose(manager, { by: "slug", slug: "other-a", as: null })).toMatchObject({
      ok: false,
    });
    const own = await services.retention.choose(staff, { by: "default" });
    expect(own).toMatchObject({ ok: false, reason: "text" });
    expect(own.ok === false && own.reason === "text" && own.text).toMatch(/not for one person/);
  });
});
