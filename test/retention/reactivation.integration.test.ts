// What counts as a drop-out when customers also send `renewed` and `reactivated` events, worked out
// by hand (README, "How to read it"): any drop-out from the answer's day to N days after counts, even
// if the customer came back later in the window; renewals and reactivations are not drop-outs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createCustomerEventService } from "../../src/services/customer-events.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";

describe("retention with renewals and reactivations", () => {
  let db: Database;
  let services: Services;

  beforeAll(async () => {
    db = await createTestDatabase();
    const p = db.prisma;
    const company = await p.company.create({ data: { slug: "solo", name: "Solo", area: "West", inProgramme: true } });
    const team = await p.team.create({
      data: { slug: "solo-a", name: "Solo A", companyId: company.id, timeZone: "UTC" },
    });
    const answers: [string, number, string][] = [
      ["A", 9, "2026-07-10"],
      ["B", 3, "2026-07-10"],
      ["C", 8, "2026-07-10"],
      ["D", 10, "2026-07-10"],
      ["E", 2, "2026-08-01"],
    ];
    for (const [ref, score, day] of answers) {
      await p.surveyResponse.create({
        data: {
          source: "test",
          externalId: ref,
          score,
          customerRef: ref,
          teamId: team.id,
          companyId: company.id,
          respondedAt: new Date(`${day}T10:00:00Z`),
        },
      });
    }
    const day = (d: string) => new Date(`${d}T00:00:00Z`);
    await createCustomerEventService(testDeps(db)).ingest(
      [
        // A: dropped out 10 days after answering, reactivated 5 days later: a drop-out all the same.
        { customerRef: "A", kind: "dropped_out", occurredOn: day("2026-07-20"), source: "t" },
        { customerRef: "A", kind: "reactivated", occurredOn: day("2026-07-25"), source: "t" },
        // B: renewed: not a drop-out.
        { customerRef: "B", kind: "renewed", occurredOn: day("2026-07-15"), source: "t" },
        // C: dropped out before answering, reactivated after: neither counts.
        { customerRef: "C", kind: "dropped_out", occurredOn: day("2026-07-01"), source: "t" },
        { customerRef: "C", kind: "reactivated", occurredOn: day("2026-07-12"), source: "t" },
        // D: dropped out 41 days after answering: outside the 30 days.
        { customerRef: "D", kind: "dropped_out", occurredOn: day("2026-08-20"), source: "t" },
        // E: dropped out on the day of the answer: counts.
        { customerRef: "E", kind: "dropped_out", occurredOn: day("2026-08-01"), source: "t" },
      ].map((e) => ({ ...e, kind: e.kind as "dropped_out" | "renewed" | "reactivated" })),
    );
    services = createServices(testDeps(db, { now: "2026-11-20T12:00:00Z", env: { MIN_SAMPLE: "2" } }));
  });
  afterAll(() => db.close());

  it("counts A (dropped out, then reactivated) and E as drop-outs, not B, C or D", async () => {
    const r = await services.retention.report(
      { kind: "team", slug: "solo-a" },
      { period: "2026-07-01..2026-09-30", withinDays: 30 },
    );
    // 2 of 5 customers: A and E.
    expect(r.overall).toMatchObject({ customers: 5, droppedOut: 2 });
    // Promoters A and D: A dropped out. Passive C: no. Detractors B and E: E dropped out.
    expect(r.byCategory.promoters).toMatchObject({ customers: 2, droppedOut: 1 });
    expect(r.byCategory.passives).toMatchObject({ customers: 1, droppedOut: 0 });
    expect(r.byCategory.detractors).toMatchObject({ customers: 2, droppedOut: 1 });
  });
});
