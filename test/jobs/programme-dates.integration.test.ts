import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/client.js";
import { JobCoordinator } from "../../src/jobs/coordinator.js";
import { programmeDatesJob } from "../../src/jobs/programme-dates.js";
import { makeDeps } from "../chat/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { tickThrough } from "./helpers.js";

let db: Database;
const clock = new FakeClock("2026-03-30T12:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  await db.prisma.company.createMany({
    data: [
      // Applied on 2026-03-30: joins on 1 April, so not in the programme yet.
      { slug: "joins", name: "Joins", inProgramme: false, programmeStart: day("2026-04-01") },
      // In since January, leaves on 3 April (its first day out).
      {
        slug: "leaves",
        name: "Leaves",
        inProgramme: true,
        programmeStart: day("2026-01-01"),
        programmeEnd: day("2026-04-03"),
      },
      // No dates: inProgramme as written in the org file, never touched.
      { slug: "by-flag", name: "By flag", inProgramme: false },
      { slug: "by-flag-in", name: "By flag, in", inProgramme: true },
    ],
  });
});
afterAll(async () => {
  await db.close();
});

const membership = async () =>
  Object.fromEntries(
    (await db.prisma.company.findMany({ orderBy: { slug: "asc" } })).map((c) => [c.slug, c.inProgramme]),
  );

describe("programme-dates job", () => {
  it("moves companies in and out of the programme on their dates, once, and leaves undated ones alone", async () => {
    const deps = makeDeps(db, { clock });
    const coordinator = new JobCoordinator(deps, "test-instance");
    const seen: Record<string, Record<string, boolean>> = {};
    await tickThrough(
      [coordinator],
      programmeDatesJob,
      clock,
      "2026-03-30T00:00:00Z",
      "2026-04-04T23:59:00Z",
      async (at) => {
        seen[at.toISOString().slice(0, 10)] = await membership();
      },
    );
    expect(seen["2026-03-31"]).toEqual({ "by-flag": false, "by-flag-in": true, joins: false, leaves: true });
    expect(seen["2026-04-01"]).toEqual({ "by-flag": false, "by-flag-in": true, joins: true, leaves: true });
    expect(seen["2026-04-02"]).toMatchObject({ joins: true, leaves: true });
    expect(seen["2026-04-03"]).toMatchObject({ joins: true, leaves: false });
    expect(seen["2026-04-04"]).toEqual({ "by-flag": false, "by-flag-in": true, joins: true, leaves: false });
    // A second run on the same day changes nothing.
    expect(await programmeDatesJob.run(deps, new Date("2026-04-04T09:00:00Z"))).toEqual({ joined: 0, left: 0 });
  });
});
