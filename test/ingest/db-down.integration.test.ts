import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import type { DbContext } from "../../src/db/context.js";
import { createTestDatabase } from "../support/db.js";
import { signDelighted } from "./fixtures.js";
import { counts, type IngestHarness, nextId, type Reply, seedIngestOrg, startApp } from "./helpers.js";

const detractor = () => ({ externalId: nextId("down"), score: 1, team: "north", comment: "Awful" });

function expect503(res: Reply) {
  expect(res.status).toBe(503);
  expect(res.body.error).toBe("DATABASE_UNAVAILABLE");
  expect(res.body.message).toContain("nothing was stored");
  expect(res.headers.get("retry-after")).toBe("30");
}

describe("database down", () => {
  it("answers 503 with Retry-After when the database server cannot be reached", async () => {
    // A second app pointed at a port where no database listens.
    const unreachable = await openDatabase({
      databaseUrl: "postgresql://postgres@127.0.0.1:1/nps_loop",
      dataDir: "unused",
    });
    const h = await startApp(unreachable, { DELIGHTED_SECRET: "k" });
    try {
      expect503(await h.post("/api/responses", detractor()));
      const body = JSON.stringify({ event_type: "survey_response.created", event_data: { id: "1", score: 1 } });
      expect503(
        await h.postRaw("/api/webhooks/delighted", body, {
          "content-type": "application/json",
          "x-delighted-webhook-signature": signDelighted(body, "k"),
        }),
      );
    } finally {
      await h.stop();
      await unreachable.close();
    }
  });

  it("answers 503 when the database was closed under a running app", async () => {
    const db = await createTestDatabase();
    await seedIngestOrg(db);
    const h = await startApp(db);
    try {
      expect((await h.post("/api/responses", detractor())).status).toBe(200);
      await db.close();
      expect503(await h.post("/api/responses", [detractor(), detractor()]));
    } finally {
      await h.stop();
    }
  });

  describe("nothing half-written", () => {
    let db: Database;
    let h: IngestHarness;

    beforeAll(async () => {
      db = await createTestDatabase();
      await seedIngestOrg(db);
      // The connection drops after the writes and before the commit: everything must roll back.
      const ctx: DbContext = {
        client: db.ctx.client,
        transaction: (fn, opts) =>
          db.ctx.transaction(async (tx) => {
            await fn(tx);
            throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
          }, opts),
      };
      h = await startApp({ ...db, ctx });
    });
    afterAll(async () => {
      await h?.stop();
      await db?.close();
    });

    it("leaves no response, case or outbox row behind, so the sender's retry starts clean", async () => {
      const before = await counts(db);
      const items = [detractor(), detractor(), { externalId: nextId("down"), score: 2 }];
      expect503(await h.post("/api/responses", items));
      expect(await counts(db)).toEqual(before);
      // The retry against a healthy app stores everything once.
      const healthy = await startApp(db);
      try {
        const res = await healthy.post("/api/responses", items);
        expect(res.body).toMatchObject({ accepted: 3, casesOpened: 3, unassigned: 1 });
      } finally {
        await healthy.stop();
      }
    });

    it("says which items were not stored when the database goes after new ones were (no false 'nothing stored')", async () => {
      // New responses are stored by one statement; a redelivery in the same batch then needs a
      // transaction, which fails here: the new one stays stored with its case and card, and the
      // redelivery is reported as not stored, to be sent again.
      const again = detractor();
      const healthy = await startApp(db);
      try {
        expect((await healthy.post("/api/responses", again)).status).toBe(200);
      } finally {
        await healthy.stop();
      }
      const fresh = detractor();
      const res = await h.post("/api/responses", [fresh, { ...again, comment: "Still awful" }]);
      expect(res.status).toBe(207);
      expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
      expect(res.body.results).toMatchObject([{ index: 0, externalId: fresh.externalId, outcome: "accepted" }]);
      expect(res.body.rejected).toMatchObject([
        { index: 1, externalId: again.externalId, code: "INGEST_STORE_FAILED" },
      ]);
      expect(res.body.rejected[0].message).toContain("not stored");
      const stored = await db.prisma.surveyResponse.findUnique({
        where: { source_externalId: { source: "api", externalId: fresh.externalId } },
        include: { case: true },
      });
      expect(stored?.case).not.toBeNull();
      expect(await db.prisma.outboxDelivery.count({ where: { caseId: stored!.case!.id, kind: "case_card" } })).toBe(2); // Slack and Teams
      const unchanged = await db.prisma.surveyResponse.findUnique({
        where: { source_externalId: { source: "api", externalId: again.externalId } },
      });
      expect(unchanged?.comment).toBe("Awful");
    });
  });
});
