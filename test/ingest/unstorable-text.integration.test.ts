// Text PostgreSQL cannot store (a NUL character, a lone UTF-16 surrogate) at every ingestion entry
// point: identifiers refuse their item naming the field, free text is cleaned to U+FFFD, and the
// good items beside a bad one are always stored. Through the real routes, adapters and CSV import.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { importCsv, parseColumnMap } from "../../src/ingest/csv.js";
import type { Rejection } from "../../src/ingest/validate.js";
import { createResponseService } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";
import { delightedPayload, signDelighted, signTypeform, typeformPayload } from "./fixtures.js";
import { type IngestHarness, nextId, seedIngestOrg, startApp } from "./helpers.js";

const NUL = "\u0000";
const LONE = "\uD83D"; // the first half of an emoji, alone
const TYPEFORM_SECRET = "typeform-secret-unstorable";
const DELIGHTED_KEY = "delighted-key-unstorable";

describe("text the database cannot store", () => {
  let db: Database;
  let h: IngestHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedIngestOrg(db);
    h = await startApp(db, { TYPEFORM_SECRET, DELIGHTED_SECRET: DELIGHTED_KEY });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const stored = (source: string, externalId: string) =>
    db.prisma.surveyResponse.findUnique({ where: { source_externalId: { source, externalId } } });

  it("webhook: refuses a bad id per item (422 naming the field), cleans free text, stores the rest", async () => {
    const good = nextId("good");
    const dirty = nextId("dirty");
    const res = await h.post("/api/responses", [
      { externalId: good, score: 3, team: "north" },
      { externalId: `bad${NUL}id`, score: 2, team: "north" },
      { externalId: `bad${LONE}id`, score: 2, team: "north" },
      {
        externalId: dirty,
        score: 4,
        team: "north",
        comment: `late${NUL} and rude ${LONE}`,
        customer: { name: `Ana${NUL}` },
        attributes: { branch: `x${LONE}`, [`k${NUL}`]: "v" },
      },
      { externalId: nextId(), score: 5, team: "north", attributes: { branch: `SOUTH-${LONE}` } },
      { externalId: nextId(), score: 6, staff: `ana${NUL}@acme.example` },
    ]);
    expect(res.status).toBe(207);
    expect(res.body.rejected).toMatchObject([
      { index: 1, field: "externalId", code: "VALIDATION_FAILED" },
      { index: 2, field: "externalId", code: "VALIDATION_FAILED" },
      { index: 3, field: `attributes.k${NUL}` },
      { index: 5, field: "staff" },
    ]);
    expect(res.body.rejected[0].message).toContain("NUL character");
    expect(res.body.rejected[1].message).toContain("lone UTF-16 surrogate");
    expect(res.body.accepted).toBe(2);
    expect((await stored("api", good))?.score).toBe(3);

    // Without the bad attribute name the dirty item is stored, its free text cleaned.
    const again = await h.post("/api/responses", {
      externalId: dirty,
      score: 4,
      team: "north",
      comment: `late${NUL} and rude ${LONE}`,
      customer: { name: `Ana${NUL}` },
      attributes: { branch: `x${LONE}` },
    });
    expect(again.status).toBe(200);
    const r = await stored("api", dirty);
    expect(r).toMatchObject({ comment: "late\uFFFD and rude \uFFFD", customerName: "Ana\uFFFD" });
    expect(r?.attributes).toMatchObject({ branch: "x\uFFFD" });
  });

  it("webhook: a single bad item is a 422, never a 500", async () => {
    const res = await h.post("/api/responses", { externalId: `x${NUL}`, score: 1 });
    expect(res.status).toBe(422);
    expect(res.body.rejected[0]).toMatchObject({ index: 0, field: "externalId" });
  });

  it("typeform and delighted: the same item rule behind each adapter", async () => {
    const tfToken = nextId("tf");
    const body = JSON.stringify(typeformPayload({ token: `${tfToken}${NUL}` }));
    const tf = await h.postRaw("/api/webhooks/typeform", body, {
      "content-type": "application/json",
      "typeform-signature": signTypeform(body, TYPEFORM_SECRET),
    });
    expect(tf.status).toBe(422);
    expect(tf.body.rejected[0]).toMatchObject({ field: "externalId" });

    const id = nextId("dl");
    const dBody = JSON.stringify(delightedPayload("survey_response.created", { id, score: 2, comment: `bad${NUL}` }));
    const dl = await h.postRaw("/api/webhooks/delighted", dBody, {
      "content-type": "application/json",
      "x-delighted-webhook-signature": signDelighted(dBody, DELIGHTED_KEY),
    });
    expect(dl.status).toBe(200);
    expect((await stored("delighted", id))?.comment).toBe("bad\uFFFD");
  });

  it("CSV: the bad row is rejected with its line and field; the other rows are stored", async () => {
    const service = createResponseService(testDeps(db));
    const ids = [nextId("csv"), nextId("csv"), nextId("csv")];
    const text = [
      "id,Q1,Q2,Branch",
      `${ids[0]},3,fine,north`,
      `${ids[1]}${NUL},2,bad id,north`,
      `${ids[2]},4,comment ${NUL}here,north`,
    ].join("\n");
    const rejected: Rejection[] = [];
    const summary = await importCsv(service, Readable.from([text]), {
      source: "csv",
      map: parseColumnMap("score=Q1,comment=Q2,team=Branch"),
      now: () => new Date("2026-11-20T12:00:00Z"),
      onReject: (r) => rejected.push(r),
    });
    expect(summary).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(rejected).toMatchObject([{ index: 3, field: "externalId" }]);
    expect((await stored("csv", ids[2]!))?.comment).toBe("comment \uFFFDhere");
  });

  it("service: an item the database refuses does not sink the others of its batch", async () => {
    const service = createResponseService(testDeps(db));
    const ok1 = nextId("ok");
    const ok2 = nextId("ok");
    // Past validation (a caller of the service directly): the database itself refuses the NUL.
    const summary = await service.ingest([
      { source: "api", externalId: ok1, score: 9 },
      { source: "api", externalId: `nul${NUL}`, score: 9 },
      { source: "api", externalId: ok2, score: 9 },
    ]);
    expect(summary.accepted).toBe(2);
    expect(summary.failures).toMatchObject([{ index: 1 }]);
    expect(summary.failures[0]!.message).toContain("the database refused this response");
    expect(summary.results[0]?.outcome).toBe("accepted");
    expect(summary.results[1]).toBeUndefined();
    expect(await stored("api", ok1)).not.toBeNull();
    expect(await stored("api", ok2)).not.toBeNull();
  });
});
