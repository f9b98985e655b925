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
  });
});
