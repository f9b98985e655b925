import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase } from "../support/db.js";
import { counts, type IngestHarness, type IngestOrg, nextId, seedIngestOrg, startApp, TOKEN } from "./helpers.js";

describe("POST /api/responses", () => {
  let db: Database;
  let h: IngestHarness;
  let org: IngestOrg;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    h = await startApp(db);
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const outboxFor = (caseId: number) =>
    db.prisma.outboxDelivery.findMany({ where: { caseId }, orderBy: { id: "asc" } });

  describe("authorisation and body", () => {
    it("refuses a missing or wrong token with 401, before reading the body", async () => {
      const none = await h.postRaw("/api/responses", "{}", { "content-type": "application/json" });
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toContain("Bearer");
      const wrong = await h.post(
        "/api/responses",
        { externalId: "x", score: 1 },
        { authorization: "Bearer nope-nope-nope-nope" },
      );
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe("UNAUTHORIZED");
      const prefix = await h.post("/api/responses", {}, { authorization: `Bearer ${TOKEN.slice(0, -1)}` });
      expect(prefix.status).toBe(401);
    });

    it("stays off (503, naming the setting) until INGEST_TOKEN is set", async () => {
      const off = await startApp(db, { INGEST_TOKEN: "" });
      try {
        const res = await off.post("/api/responses", { externalId: "x", score: 1 });
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ error: "INGEST_DISABLED" });
        expect(res.body.message).toContain("Set INGEST_TOKEN");
      } finally {
        await off.stop();
      }
    });

    it("answers 400 with a JSON error for malformed JSON", async () => {
      const res = await h.postRaw("/api/responses", '{"externalId": "a", "score": ', {
        "content-type": "application/json",
        authorization: `Bearer ${TOKEN}`,
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("MALFORMED_BODY");
    });

    it("answers 415 for a body that is not JSON", async () => {
      const res = await h.postRaw("/api/responses", "externalId=a&score=1", {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Bearer ${TOKEN}`,
      });
      expect(res.status).toBe(415);
    });

    it("answers 413 for a body over the size limit and for more items than INGEST_MAX_BATCH", async () => {
      const huge = JSON.stringify([{ externalId: "big", score: 3, comment: "x".repeat(5_000_000) }]);
      const tooBig = await h.postRaw("/api/responses", huge, {
        "content-type": "application/json",
        authorization: `Bearer ${TOKEN}`,
      });
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error).toBe("PAYLOAD_TOO_LARGE");
      const many = Array.from({ length: 1001 }, (_, i) => ({ externalId: `m${i}`, score: 9 }));
      const tooMany = await h.post("/api/responses", many);
      expect(tooMany.status).toBe(413);
      expect(tooMany.body.message).toContain("at most 1000");
    });

    it("accepts a full batch of 1,000 ordinary responses", async () => {
      const before = await counts(db);
      const batch = Array.from({ length: 1000 }, (_, i) => ({
        externalId: nextId("full"),
        score: 9,
        comment: "Friendly technician, came on time and explained everything clearly. ".repeat(3),
        team: "north",
        touchpoint: "maintenance visit",
        customer: { id: `C-${i}`, name: "Pat Customer", email: `pat${i}@example.org`, phone: "+34 600 000 000" },
        respondedAt: "2026-11-20T10:00:00Z",
      }));
      const res = await h.post("/api/responses", batch);
      expect(res.status).toBe(200);
      expect(res.body.accepted).toBe(1000);
      expect((await counts(db)).responses).toBe(before.responses + 1000);
    });
  });

  describe("validation", () => {
    it("answers 422 naming the field and the fix for wrong types", async () => {
      const res = await h.post("/api/responses", { externalId: "t1", score: "7" });
      expect(res.status).toBe(422);
      expect(res.body.rejected).toEqual([
        expect.objectContaining({ index: 0, externalId: "t1", field: "score", code: "VALIDATION_FAILED" }),
      ]);
      expect(res.body.message).toContain('score must be a JSON number 0-10 (not quoted), got "7"');
    });

    it("uses INGEST_SCORE_OUT_OF_RANGE for 11 and 7.5", async () => {
      const res = await h.post("/api/responses", [
        { externalId: "o1", score: 11 },
        { externalId: "o2", score: 7.5 },
      ]);
      expect(res.status).toBe(422);
      expect(res.body.rejected.map((r: { code: string }) => r.code)).toEqual([
        "INGEST_SCORE_OUT_OF_RANGE",
        "INGEST_SCORE_OUT_OF_RANGE",
      ]);
      expect(res.body.rejected[0].message).toBe("score must be an integer 0-10, got 11");
    });

    it("rejects unknown fields, bad dates and future dates with reasons", async () => {
      const res = await h.post("/api/responses", [
        { externalId: "u1", score: 5, coment: "typo" },
        { externalId: "u2", score: 5, respondedAt: "yesterday" },
        { externalId: "u3", score: 5, respondedAt: "2027-01-01T00:00:00Z" },
        { score: 5 },
        "not an object",
      ]);
      expect(res.status).toBe(422);
      const byIndex = Object.fromEntries(
        res.body.rejected.map((r: { index: number; message: string }) => [r.index, r.message]),
      );
      expect(byIndex[0]).toContain("unknown field(s) coment");
      expect(byIndex[1]).toContain("respondedAt must be an ISO 8601 date-time");
      expect(byIndex[2]).toContain("is in the future");
      expect(byIndex[3]).toContain("externalId is required");
      expect(byIndex[4]).toContain("must be a JSON object");
    });

    it("stores the good items of a mixed batch and reports the bad ones by index (207)", async () => {
      const good1 = nextId();
      const good2 = nextId();
      const before = await counts(db);
      const res = await h.post("/api/responses", [
        { externalId: good1, score: 9, team: "north" },
        { externalId: "bad", score: -1 },
        { externalId: good2, score: 10, team: "south" },
        { externalId: 42, score: null },
      ]);
      expect(res.status).toBe(207);
      expect(res.body.accepted).toBe(2);
      expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
      expect(res.body.results.map((r: { index: number; externalId: string }) => [r.index, r.externalId])).toEqual([
        [0, good1],
        [2, good2],
      ]);
      expect((await counts(db)).responses).toBe(before.responses + 2);
    });
  });

  describe("exactly once", () => {
    it("stores a detractor, opens its case and enqueues one card per bound platform, in one go", async () => {
      const id = nextId();
      const res = await h.post("/api/responses", {
        externalId: id,
        score: 2,
        comment: "Nobody came.",
        team: "north",
        customer: { id: "CUST-1", name: "Jo Doe", email: "jo@example.org", phone: "+34 600 111 222" },
        respondedAt: "2026-11-20T09:00:00+01:00",
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 1, duplicates: 0, casesOpened: 1 });
      const r = res.body.results[0];
      expect(r).toMatchObject({ outcome: "accepted", routedVia: "team" });
      const stored = await db.prisma.surveyResponse.findUniqueOrThrow({ where: { id: r.responseId } });
      expect(stored).toMatchObject({ source: "api", score: 2, comment: "Nobody came.", teamId: org.north });
      expect(stored.respondedAt.toISOString()).toBe("2026-11-20T08:00:00.000Z");
      const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: r.caseId } });
      expect(c).toMatchObject({ teamId: org.north, companyId: org.companyId, silent: false, status: "open" });
      // Due CASE_SLA_HOURS (48 h) after it was received.
      expect(c.dueAt.toISOString()).toBe("2026-11-22T12:00:00.000Z");
      const rows = await outboxFor(c.id);
      expect(rows.map((o) => [o.platform, o.kind, o.dedupeKey])).toEqual([
        ["slack", "case_card", `case:${c.id}:card:slack`],
        ["teams", "case_card", `case:${c.id}:card:teams`],
      ]);
    });

    it("answers a repeated delivery with 2xx, stores nothing new and alerts no one again", async () => {
      const item = { externalId: nextId(), score: 1, team: "north", comment: "Bad" };
      const first = await h.post("/api/responses", item);
      const before = await counts(db);
      const again = await h.post("/api/responses", [item, item]);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2, updated: 0, casesOpened: 0 });
      expect(again.body.results[0].responseId).toBe(first.body.results[0].responseId);
      expect(await counts(db)).toEqual(before);
    });

    it("stores one row when the same response arrives on many connections at once", async () => {
      const item = { externalId: nextId("race"), score: 3, team: "south" };
      const before = await counts(db);
      const replies = await Promise.all(Array.from({ length: 12 }, () => h.post("/api/responses", item)));
      expect(replies.every((r) => r.status === 200)).toBe(true);
      expect(replies.filter((r) => r.body.accepted === 1)).toHaveLength(1);
      const after = await counts(db);
      expect(after.responses - before.responses).toBe(1);
      expect(after.cases - before.cases).toBe(1);
      expect(after.outbox - before.outbox).toBe(1);
    });

    it("applies a later update (comment added) and re-renders the posted card in place", async () => {
      const id = nextId();
      const created = await h.post("/api/responses", {
        externalId: id,
        score: 4,
        team: "north",
        updatedAt: "2026-11-20T10:00:00Z",
      });
      const caseId = created.body.results[0].caseId as number;
      // The card was posted on Slack (the deliverer records where).
      await db.prisma.outboxDelivery.updateMany({ where: { caseId }, data: { status: "sent", attempts: 1 } });
      await db.prisma.chatMessage.create({
        data: { caseId, platform: "slack", channelId: "C0NORTH", messageId: "1.0001" },
      });
      const updated = await h.post("/api/responses", {
        externalId: id,
        score: 4,
        team: "north",
        comment: "Also, the invoice was wrong.",
        updatedAt: "2026-11-20T10:05:00Z",
      });
      expect(updated.body).toMatchObject({ accepted: 0, updated: 1, duplicates: 0 });
      const r = await db.prisma.surveyResponse.findFirstOrThrow({ where: { source: "api", externalId: id } });
      expect(r.comment).toBe("Also, the invoice was wrong.");
      const pending = await db.prisma.outboxDelivery.findMany({ where: { caseId, status: "pending" } });
      expect(pending.map((o) => [o.platform, o.kind])).toEqual([["slack", "case_card"]]);
    });

    it("never lets older data overwrite newer data (out-of-order delivery)", async () => {
      const id = nextId();
      await h.post("/api/responses", {
        externalId: id,
        score: 3,
        comment: "v2 comment",
        team: "north",
        updatedAt: "2026-11-20T11:00:00Z",
      });
      const older = await h.post("/api/responses", {
        externalId: id,
        score: 9,
        comment: "v1 comment",
        team: "north",
        updatedAt: "2026-11-20T10:00:00Z",
      });
      expect(older.status).toBe(200);
      expect(older.body).toMatchObject({ duplicates: 1, updated: 0 });
      const r = await db.prisma.surveyResponse.findFirstOrThrow({ where: { source: "api", externalId: id } });
      expect(r).toMatchObject({ score: 3, comment: "v2 comment" });
      expect(r.sourceUpdatedAt?.toISOString()).toBe("2026-11-20T11:00:00.000Z");
    });

    it("lets an unversioned repeat fill a missing comment but not change the score", async () => {
      const id = nextId();
      await h.post("/api/responses", { externalId: id, score: 5, team: "south" });
      const res = await h.post("/api/responses", { externalId: id, score: 10, team: "south", comment: "Added later" });
      expect(res.body.updated).toBe(1);
      const r = await db.prisma.surveyResponse.findFirstOrThrow({ where: { source: "api", externalId: id } });
      expect(r).toMatchObject({ score: 5, comment: "Added later" });
    });

    it("opens a case when a newer version turns a promoter into a detractor", async () => {
      const id = nextId();
      const a = await h.post("/api/responses", {
        externalId: id,
        score: 9,
        team: "south",
        updatedAt: "2026-11-20T10:00:00Z",
      });
      expect(a.body.casesOpened).toBe(0);
      const b = await h.post("/api/responses", {
        externalId: id,
        score: 2,
        team: "south",
        updatedAt: "2026-11-20T10:01:00Z",
      });
      expect(b.body).toMatchObject({ updated: 1, casesOpened: 1 });
      const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: b.body.results[0].caseId } });
      // South's own SLA is 24 h.
      expect(c.dueAt.toISOString()).toBe("2026-11-21T12:00:00.000Z");
    });

    it("keeps responses from different sources apart", async () => {
      const id = nextId();
      const res = await h.post("/api/responses", [
        { externalId: id, score: 9, source: "kiosk" },
        { externalId: id, score: 9, source: "email" },
      ]);
      expect(res.body.accepted).toBe(2);
    });
  });

  it("counts responses in the metrics by source and outcome", async () => {
    const res = await fetch(`${h.url}/metrics`);
    const text = await res.text();
    expect(text).toMatch(/nps_loop_responses_ingested_total\{source="api",outcome="accepted"\} \d+/);
    expect(text).toMatch(/nps_loop_responses_ingested_total\{source="api",outcome="duplicate"\} \d+/);
    expect(text).toMatch(/nps_loop_responses_ingested_total\{source="api",outcome="rejected"\} \d+/);
  });
});
