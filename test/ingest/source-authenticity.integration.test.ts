// A response's identity belongs to the source that authenticated it: the generic ingest token
// cannot write a survey tool's responses, and one tool's two routes (with and without the survey
// source in the path) are one identity. Through the real routes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { SurveySourceRepository } from "../../src/db/repositories/responses.js";
import { createTestDatabase } from "../support/db.js";
import { signTypeform, typeformPayload } from "./fixtures.js";
import { type IngestHarness, nextId, seedIngestOrg, startApp } from "./helpers.js";

const TYPEFORM_SECRET = "typeform-secret-auth";
const KIOSK_SECRET = "kiosk-secret-auth";

describe("source authenticity", () => {
  let db: Database;
  let h: IngestHarness;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedIngestOrg(db);
    h = await startApp(db, { TYPEFORM_SECRET });
    await new SurveySourceRepository(db.prisma).upsert({
      slug: "kiosk",
      kind: "typeform",
      secret: KIOSK_SECRET,
      mapping: null,
    });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const typeform = (token: string, secret: string, path: string) => {
    const body = JSON.stringify(typeformPayload({ token }));
    return h.postRaw(path, body, {
      "content-type": "application/json",
      "typeform-signature": signTypeform(body, secret),
    });
  };
  const stored = (source: string, externalId: string) =>
    db.prisma.surveyResponse.findUnique({ where: { source_externalId: { source, externalId } } });

  it("refuses the generic token writing as a survey tool or a survey source (403 naming the field)", async () => {
    const token = nextId("tf");
    expect((await typeform(token, TYPEFORM_SECRET, "/api/webhooks/typeform")).status).toBe(200);
    const before = await stored("typeform", token);
    expect(before?.score).toBeLessThan(7);

    for (const source of ["typeform", "TypeForm", "kiosk", "delighted"]) {
      const res = await h.post("/api/responses", { externalId: token, score: 10, source, comment: "all good" });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("FORBIDDEN");
      expect(res.body.rejected[0]).toMatchObject({ index: 0, field: "source", code: "FORBIDDEN" });
      expect(res.body.rejected[0].message).toContain("/api/webhooks/");
    }
    expect(await stored("typeform", token)).toMatchObject({ score: before!.score, comment: before!.comment });

    // The generic API's own sources are untouched, and a mixed batch keeps its good items.
    const mine = nextId("crm");
    const mixed = await h.post("/api/responses", [
      { externalId: mine, score: 8, source: "crm" },
      { externalId: token, score: 10, source: "typeform" },
    ]);
    expect(mixed.status).toBe(207);
    expect(mixed.body.accepted).toBe(1);
    expect(mixed.body.rejected).toMatchObject([{ index: 1, field: "source", code: "FORBIDDEN" }]);
    expect(await stored("crm", mine)).not.toBeNull();
  });

  it("maps one tool's two routes to one response, one case and one card per platform", async () => {
    const token = nextId("tf-twice");
    const first = await typeform(token, TYPEFORM_SECRET, "/api/webhooks/typeform");
    const second = await typeform(token, KIOSK_SECRET, "/api/webhooks/typeform/kiosk");
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.results[0].outcome).toBe("accepted");
    expect(second.body.results[0]).toMatchObject({ responseId: first.body.results[0].responseId });
    expect(second.body.results[0].outcome).not.toBe("accepted");
    const rows = await db.prisma.surveyResponse.findMany({ where: { externalId: token } });
    expect(rows.map((r) => r.source)).toEqual(["typeform"]);
    const cases = await db.prisma.followUpCase.findMany({ where: { responseId: rows[0]!.id } });
    expect(cases).toHaveLength(1);
    const cards = await db.prisma.outboxDelivery.findMany({ where: { caseId: cases[0]!.id, kind: "case_card" } });
    expect(new Set(cards.map((c) => c.platform)).size).toBe(cards.length);
  });
});
