// CSV import in small batches: batches overlap (the next is read while the previous is stored) yet
// are stored in file order, so repeats, out-of-order updates and bad rows behave as in one batch.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { importCsv } from "../../src/ingest/csv.js";
import type { Rejection } from "../../src/ingest/validate.js";
import { createResponseService, type ResponseService } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";
import { seedIngestOrg } from "./helpers.js";

const CSV = [
  "id,score,comment,team,date,updated_at",
  "b-1,2,first,north,2026-11-19 10:00,2026-11-19 10:00", // line 2: detractor, opens a case
  "b-2,9,,south,2026-11-19 10:00,", // line 3
  "b-1,2,first,north,2026-11-19 10:00,2026-11-19 10:00", // line 4: same version: duplicate
  "b-3,twelve,,north,2026-11-19,", // line 5: bad score, reported, the others kept
  "b-1,3,newer,north,2026-11-19 10:00,2026-11-19 12:00", // line 6: newer version: updated
  "b-1,1,older,north,2026-11-19 10:00,2026-11-19 11:00", // line 7: older: changes nothing
  "b-4,0,,nowhere,2026-11-19 10:00,", // line 8: no such team: unassigned, still a case
  "b-2,9,late comment,south,2026-11-19 10:00,", // line 9: unversioned repeat fills the comment
  "b-5,6,,north,2026-11-19 10:00,", // line 10: detractor, in the last (partial) batch
].join("\n");

describe("CSV import in overlapping batches", () => {
  let db: Database;
  let service: ResponseService;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedIngestOrg(db);
    service = createResponseService(testDeps(db));
  });
  afterAll(async () => {
    await db?.close();
  });

  const importText = async (text: string) => {
    const rejected: Rejection[] = [];
    const progress: number[] = [];
    const summary = await importCsv(service, Readable.from([text]), {
      source: "csv-batches",
      batchSize: 2,
      historic: true,
      now: () => new Date("2026-11-20T12:00:00Z"),
      onReject: (r) => rejected.push(r),
      onProgress: (p) => progress.push(p.rows),
    });
    return { summary, rejected, progress };
  };

  it("stores each id once, applies repeats in file order, reports the bad row by line", async () => {
    const { summary, rejected, progress } = await importText(CSV);
    expect(summary).toMatchObject({ rows: 9, accepted: 4, duplicates: 2, updated: 2, rejected: 1, casesOpened: 3 });
    expect(summary.unassigned).toBe(1);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([[5, "score"]]);
    // Progress is reported batch after batch, in order.
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(9);

    const rows = await db.prisma.surveyResponse.findMany({
      where: { source: "csv-batches" },
      orderBy: { externalId: "asc" },
    });
    expect(rows.map((r) => [r.externalId, r.score, r.comment])).toEqual([
      ["b-1", 3, "newer"],
      ["b-2", 9, "late comment"],
      ["b-4", 0, null],
      ["b-5", 6, null],
    ]);
    const cases = await db.prisma.followUpCase.findMany({ include: { response: true } });
    const mine = cases.filter((c) => c.response.source === "csv-batches");
    expect(mine.map((c) => c.response.externalId).sort()).toEqual(["b-1", "b-4", "b-5"]);
    expect(mine.every((c) => c.silent)).toBe(true);
    // Historic (--no-alerts): nothing is queued for anyone.
    expect(await db.prisma.outboxDelivery.count()).toBe(0);
  });

  it("adds nothing when the same file is imported again", async () => {
    const before = await db.prisma.followUpCase.count();
    const { summary, rejected } = await importText(CSV);
    expect(summary).toMatchObject({ rows: 9, accepted: 0, updated: 0, duplicates: 8, casesOpened: 0 });
    expect(rejected.map((r) => r.index)).toEqual([5]);
    expect(await db.prisma.surveyResponse.count({ where: { source: "csv-batches" } })).toBe(4);
    expect(await db.prisma.followUpCase.count()).toBe(before);
  });
});
