// Customers' status events in: the webhook (token, batch limit, per-item errors, exactly once), the
// CSV import (line numbers, exactly once) and privacy erasure of a customer's events.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { importCustomerEventsCsv } from "../../src/ingest/customer-events-csv.js";
import { createCustomerEventService } from "../../src/services/customer-events.js";
import { createPrivacyService } from "../../src/services/privacy.js";
import { createResponseService } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";
import { type IngestHarness, seedIngestOrg, startApp } from "./helpers.js";

const PATH = "/api/customers/events";

describe("customer events", () => {
  let db: Database;
  let h: IngestHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedIngestOrg(db);
    h = await startApp(db, { INGEST_MAX_BATCH: "5" });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const stored = (ref: string) =>
    db.prisma.customerEvent.findMany({
      where: { customerRef: ref },
      orderBy: [{ occurredOn: "asc" }, { kind: "asc" }],
    });

  it("refuses a missing or wrong token with 401 and stores nothing", async () => {
    const none = await h.postRaw(PATH, "{}", { "content-type": "application/json" });
    expect(none.status).toBe(401);
    const wrong = await h.post(
      PATH,
      { customerRef: "A-1", event: "dropped_out", date: "2026-11-01" },
      { authorization: "Bearer wrong-wrong-wrong-wrong" },
    );
    expect(wrong.status).toBe(401);
    expect(await stored("A-1")).toEqual([]);
  });

  it("refuses an empty batch, one over INGEST_MAX_BATCH, and a body that is not JSON", async () => {
    expect((await h.post(PATH, [])).status).toBe(422);
    const many = Array.from({ length: 6 }, (_, i) => ({ customerRef: `B-${i}`, event: "renewed", date: "2026-11-01" }));
    const big = await h.post(PATH, many);
    expect(big.status).toBe(413);
    expect(big.body.message).toContain("at most 5");
    const text = await h.post(PATH, "x", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
  });

  it("stores each event exactly once: a batch sent again is all duplicates", async () => {
    const batch = [
      { customerRef: "C-1", event: "dropped_out", date: "2026-10-01" },
      { customerRef: "C-1", event: "reactivated", date: "2026-10-20T09:30:00+02:00" },
      { customerRef: 42, event: "RENEWED", date: "2026-09-01", source: "crm" },
      // The same event twice in one batch: stored once.
      { customerRef: "C-1", event: "dropped_out", date: "2026-10-01" },
    ];
    const first = await h.post(PATH, batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: [] });
    expect(first.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "duplicate",
    ]);
    const again = await h.post(PATH, batch);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 4 });
    expect((await stored("C-1")).map((e) => [e.kind, e.occurredOn.toISOString().slice(0, 10)])).toEqual([
      ["dropped_out", "2026-10-01"],
      ["reactivated", "2026-10-20"],
    ]);
    expect(await stored("42")).toMatchObject([{ kind: "renewed", source: "crm" }]);
  });

  it("reports each bad item with its index, the field and the fix (207), keeping the good ones", async () => {
    const res = await h.post(PATH, [
      { customerRef: "D-1", event: "dropped_out", date: "2026-10-01" },
      { customerRef: "D-2", event: "cancelled", date: "2026-10-01" },
      { customerRef: "D-3", event: "renewed", date: "2026-02-30" },
      { event: "renewed", date: "2026-10-01" },
      { customerRef: "D-5", event: "renewed", date: "2027-01-01", extra: 1 },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, "event"],
      [2, "date"],
      [3, "customerRef"],
      [4, "extra"],
    ]);
    expect(res.body.rejected[0].message).toBe(
      'event must be one of dropped_out, renewed, reactivated, got "cancelled"',
    );
    expect(res.body.rejected[1].message).toContain("as 2026-11-23");
    const future = await h.post(PATH, { customerRef: "D-5", event: "renewed", date: "2027-01-01" });
    expect(future.status).toBe(422);
    expect(future.body.message).toContain("is in the future");
  });

  it("imports a CSV exactly once, with bad rows reported by line number", async () => {
    const service = createCustomerEventService(testDeps(db));
    const csv = [
      "Customer_Ref,Event,Date",
      "E-1,dropped_out,2026-09-01",
      "E-2,renewed,2026-09-02",
      "E-3,gone,2026-09-03",
      ",dropped_out,2026-09-04",
      'E-5,"renewed,2026-09-05',
    ].join("\n");
    const run = () => importCustomerEventsCsv(service, Readable.from([csv]), { source: "csv", now: () => new Date() });
    const first = await run();
    expect(first).toMatchObject({ rows: 5, accepted: 2, duplicates: 0, rejected: 3 });
    expect(first.firstRejections.map((r) => [r.index, r.field])).toEqual([
      [4, "event"],
      [5, "customerRef"],
      [6, "(row)"],
    ]);
    const second = await run();
    expect(second).toMatchObject({ accepted: 0, duplicates: 2, rejected: 3 });
    await expect(
      importCustomerEventsCsv(service, Readable.from(["who,when\nx,y"]), { source: "csv", now: () => new Date() }),
    ).rejects.toThrow(/no column for customerRef .*event .*date/);
  });

  it("erasing a customer deletes their events, found by reference or through their responses' email", async () => {
    const deps = testDeps(db);
    await createResponseService(deps).ingest([
      {
        source: "api",
        externalId: "erase-1",
        score: 3,
        comment: null,
        team: "north",
        staff: null,
        touchpoint: null,
        area: null,
        customer: { id: "F-1", name: "Flo", email: "flo@example.org", phone: null },
        respondedAt: new Date("2026-11-01T10:00:00Z"),
        updatedAt: null,
        attributes: null,
      },
    ]);
    await h.post(PATH, [
      { customerRef: "F-1", event: "dropped_out", date: "2026-11-10" },
      { customerRef: "G-1", event: "dropped_out", date: "2026-11-10" },
    ]);
    const privacy = createPrivacyService(deps);
    const byEmail = await privacy.eraseCustomer({ subject: "flo@example.org", requestedBy: "dpo" });
    expect(byEmail.counts.customerEvents).toBe(1);
    expect(await stored("F-1")).toEqual([]);
    // A customer known only by their events is erased by reference.
    const byRef = await privacy.eraseCustomer({ subject: "G-1", requestedBy: "dpo" });
    expect(byRef.counts).toMatchObject({ responses: 0, customerEvents: 1 });
    expect(await stored("G-1")).toEqual([]);
  });
});
