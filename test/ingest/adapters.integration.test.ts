import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { SurveySourceRepository } from "../../src/db/repositories/responses.js";
import { clearSurveyMonkeyCache } from "../../src/ingest/adapters/surveymonkey.js";
import { createTestDatabase } from "../support/db.js";
import {
  delightedPayload,
  type FakeApi,
  fakeApi,
  qualtricsNotification,
  qualtricsResponse,
  signDelighted,
  signSurveyMonkey,
  signTypeform,
  surveyMonkeyEvent,
  surveyMonkeyResponse,
  surveyMonkeySurvey,
  typeformPayload,
} from "./fixtures.js";
import { counts, type IngestHarness, type IngestOrg, seedIngestOrg, startApp } from "./helpers.js";

const TYPEFORM_SECRET = "typeform-secret-1";
const DELIGHTED_KEY = "delighted-api-key-1";
const QUALTRICS_KEY = "qualtrics-shared-key-1";
const QUALTRICS_TOKEN = "qualtrics-api-token";
const SM_CLIENT = "sm-client-id";
const SM_SECRET = "sm-client-secret";
const SM_TOKEN = "sm-access-token";

describe("survey-tool adapters", () => {
  let db: Database;
  let h: IngestHarness;
  let org: IngestOrg;
  let qualtrics: FakeApi;
  let monkey: FakeApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    [qualtrics, monkey] = await Promise.all([fakeApi(), fakeApi()]);
    h = await startApp(db, {
      TYPEFORM_SECRET,
      DELIGHTED_SECRET: DELIGHTED_KEY,
      QUALTRICS_SHARED_KEY: QUALTRICS_KEY,
      QUALTRICS_API_TOKEN: QUALTRICS_TOKEN,
      QUALTRICS_BASE_URL: qualtrics.url,
      SURVEYMONKEY_CLIENT_SECRET: SM_SECRET,
      SURVEYMONKEY_ACCESS_TOKEN: SM_TOKEN,
      SURVEYMONKEY_API_URL: monkey.url,
    });
  });
  afterAll(async () => {
    await h?.stop();
    await Promise.all([qualtrics?.close(), monkey?.close()]);
    await db?.close();
  });

  const stored = (source: string, externalId: string) =>
    db.prisma.surveyResponse.findUnique({ where: { source_externalId: { source, externalId } } });

  describe("Typeform", () => {
    const send = (body: string, signature: string | null, path = "/api/webhooks/typeform") =>
      h.postRaw(path, body, {
        "content-type": "application/json",
        ...(signature ? { "typeform-signature": signature } : {}),
      });

    it("accepts a signed form_response and maps the documented payload", async () => {
      const body = JSON.stringify(typeformPayload({ token: "tf-1" }));
      const res = await send(body, signTypeform(body, TYPEFORM_SECRET));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
      const r = await stored("typeform", "tf-1");
      expect(r).toMatchObject({
        score: 3,
        comment: expect.stringContaining("It's cold right now!"),
        customerEmail: "laura@example.com",
        customerRef: "abc123456",
        teamId: org.north,
      });
      expect(r!.respondedAt.toISOString()).toBe("2026-11-20T09:17:02.000Z");
      expect(r!.attributes).toMatchObject({ form_id: "lT4Z3j", team: "north", user_id: "abc123456" });
    });

    it("refuses forged, tampered and unsigned requests with 401 and stores nothing", async () => {
      const before = await counts(db);
      const body = JSON.stringify(typeformPayload({ token: "tf-forged" }));
      expect((await send(body, signTypeform(body, "wrong-secret"))).status).toBe(401);
      const tampered = body.replace('"number":3', '"number":10');
      expect((await send(tampered, signTypeform(body, TYPEFORM_SECRET))).status).toBe(401);
      expect((await send(body, null)).status).toBe(401);
      // Hex instead of base64 is a different signature, not a looser match.
      const hex = `sha256=${Buffer.from(signTypeform(body, TYPEFORM_SECRET).slice(7), "base64").toString("hex")}`;
      expect((await send(body, hex)).status).toBe(401);
      expect(await counts(db)).toEqual(before);
    });

    it("answers a redelivery as a duplicate", async () => {
      const body = JSON.stringify(typeformPayload({ token: "tf-dup" }));
      const sig = signTypeform(body, TYPEFORM_SECRET);
      expect((await send(body, sig)).body.accepted).toBe(1);
      const before = await counts(db);
      const again = await send(body, sig);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
      expect(await counts(db)).toEqual(before);
    });

    it("answers 400 for a signed body that is not JSON, and ignores other events", async () => {
      const bad = "{not json";
      expect((await send(bad, signTypeform(bad, TYPEFORM_SECRET))).status).toBe(400);
      const other = JSON.stringify({ event_type: "form_partial_response", form_response: {} });
      const res = await send(other, signTypeform(other, TYPEFORM_SECRET));
      expect(res.status).toBe(200);
      expect(res.body.ignored).toBe(true);
    });

    it("answers 413 for a body over 1 MB, before checking anything", async () => {
      const body = JSON.stringify(typeformPayload({ token: "tf-big", comment: "x".repeat(1_100_000) }));
      const res = await send(body, signTypeform(body, TYPEFORM_SECRET));
      expect(res.status).toBe(413);
      expect(res.body.error).toBe("PAYLOAD_TOO_LARGE");
    });

    it("uses a survey source's own secret and mapping; unknown sources are 404", async () => {
      await new SurveySourceRepository(db.prisma).upsert({
        slug: "typeform-kiosk",
        kind: "typeform",
        secret: "kiosk-secret",
        mapping: { score: "variables.score", team: "hidden.branch", comment: "readable_ref_short_text" },
      });
      const body = JSON.stringify(typeformPayload({ token: "tf-kiosk", hidden: { branch: "south" } }));
      expect(
        (await send(body, signTypeform(body, TYPEFORM_SECRET), "/api/webhooks/typeform/typeform-kiosk")).status,
      ).toBe(401);
      const res = await send(body, signTypeform(body, "kiosk-secret"), "/api/webhooks/typeform/typeform-kiosk");
      expect(res.status).toBe(200);
      // Stored under the tool (one identity for both of its routes), the survey source kept beside it.
      expect(await stored("typeform", "tf-kiosk")).toMatchObject({
        score: 4,
        comment: "Laura",
        teamId: org.south,
        attributes: expect.objectContaining({ surveySource: "typeform-kiosk" }),
      });
      expect((await send(body, "x", "/api/webhooks/typeform/nope")).status).toBe(404);
      expect((await send(body, "x", "/api/webhooks/delighted/typeform-kiosk")).status).toBe(404);
    });

    it("answers 422 with the fix when the form has no NPS answer", async () => {
      const payload = typeformPayload({ token: "tf-nonps" });
      payload.form_response.answers = payload.form_response.answers.slice(1);
      const body = JSON.stringify(payload);
      const res = await send(body, signTypeform(body, TYPEFORM_SECRET));
      expect(res.status).toBe(422);
      expect(res.body.message).toContain('{"score": "<field ref>"}');
    });
  });

  describe("Delighted", () => {
    const send = (payload: unknown, key = DELIGHTED_KEY) => {
      const body = JSON.stringify(payload);
      return h.postRaw("/api/webhooks/delighted", body, {
        "content-type": "application/json",
        "x-delighted-webhook-signature": signDelighted(body, key),
      });
    };

    it("stores .created, then fills the comment from .updated and re-renders the posted card", async () => {
      const created = await send(delightedPayload("survey_response.created", { id: "d-1", score: 4 }));
      expect(created.body).toMatchObject({ accepted: 1, casesOpened: 1 });
      const caseId = created.body.results[0].caseId as number;
      const r = await stored("delighted", "d-1");
      expect(r).toMatchObject({ comment: null, teamId: org.south, customerEmail: "charlie_gravis@example.com" });
      await db.prisma.outboxDelivery.updateMany({ where: { caseId }, data: { status: "sent", attempts: 1 } });
      await db.prisma.chatMessage.create({
        data: { caseId, platform: "slack", channelId: "C0SOUTH", messageId: "9.1" },
      });
      const updated = await send(
        delightedPayload("survey_response.updated", {
          id: "d-1",
          score: 4,
          comment: "Took three visits to fix.",
          updatedAt: 1795165800,
        }),
      );
      expect(updated.body).toMatchObject({ updated: 1 });
      expect((await stored("delighted", "d-1"))!.comment).toBe("Took three visits to fix.");
      const pending = await db.prisma.outboxDelivery.findMany({ where: { caseId, status: "pending" } });
      expect(pending.map((o) => o.kind)).toEqual(["case_card"]);
    });

    it("ignores an older .created arriving after the .updated (out of order)", async () => {
      await send(
        delightedPayload("survey_response.updated", { id: "d-2", score: 3, comment: "Late", updatedAt: 1795165900 }),
      );
      const late = await send(
        delightedPayload("survey_response.created", { id: "d-2", score: 8, updatedAt: 1795165200 }),
      );
      expect(late.status).toBe(200);
      expect(late.body).toMatchObject({ duplicates: 1, updated: 0 });
      expect(await stored("delighted", "d-2")).toMatchObject({ score: 3, comment: "Late" });
    });

    it("refuses a signature made with another key", async () => {
      const before = await counts(db);
      const res = await send(delightedPayload("survey_response.created", { id: "d-forged" }), "other-key");
      expect(res.status).toBe(401);
      expect(await counts(db)).toEqual(before);
    });

    it("acknowledges unsubscribes without storing anything", async () => {
      const res = await send({ event_type: "unsubscribe.created", event_id: "x", event_data: { person_id: "1" } });
      expect(res.status).toBe(200);
      expect(res.body.ignored).toBe(true);
    });

    it("rejects a wrong score type with 422", async () => {
      const payload = delightedPayload("survey_response.created", { id: "d-bad" });
      (payload.event_data as { score: unknown }).score = "nine";
      const res = await send(payload);
      expect(res.status).toBe(422);
      expect(res.body.rejected[0].field).toBe("score");
    });
  });

  describe("Qualtrics", () => {
    beforeEach(() => {
      qualtrics.requests.length = 0;
      qualtrics.routes.clear();
    });
    const send = (body: string) =>
      h.postRaw("/api/webhooks/qualtrics", body, { "content-type": "application/x-www-form-urlencoded" });

    it("verifies the HMAC of MSG, fetches the response by API and stores it", async () => {
      qualtrics.routes.set("/API/v3/surveys/SV_cVn9uBwheR9hz01/responses/R_q1", {
        status: 200,
        body: qualtricsResponse("R_q1"),
      });
      const res = await send(qualtricsNotification(QUALTRICS_KEY, { responseId: "R_q1" }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
      expect(qualtrics.requests[0]!.headers["x-api-token"]).toBe(QUALTRICS_TOKEN);
      expect(await stored("qualtrics", "R_q1")).toMatchObject({
        score: 2,
        comment: "The engineer never showed up.",
        customerEmail: "sam.customer@example.org",
        customerName: "Sam Customer",
        customerRef: "CRM-778",
        teamId: org.north,
        staffId: org.bob,
      });
    });

    it("refuses a forged or missing HMAC without calling the API", async () => {
      const forged = await send(qualtricsNotification(QUALTRICS_KEY, { responseId: "R_q2", hmac: "ab".repeat(64) }));
      expect(forged.status).toBe(401);
      const other = await send(qualtricsNotification("another-key", { responseId: "R_q2" }));
      expect(other.status).toBe(401);
      const unsigned = await send("Topic=acme.surveyengine.completedResponse.SV_x&Status=Complete&ResponseID=R_q2");
      expect(unsigned.status).toBe(401);
      expect(qualtrics.requests).toEqual([]);
    });

    it("answers a repeat as a duplicate", async () => {
      qualtrics.routes.set("/API/v3/surveys/SV_cVn9uBwheR9hz01/responses/R_q3", {
        status: 200,
        body: qualtricsResponse("R_q3"),
      });
      await send(qualtricsNotification(QUALTRICS_KEY, { responseId: "R_q3" }));
      const again = await send(qualtricsNotification(QUALTRICS_KEY, { responseId: "R_q3" }));
      expect(again.body).toMatchObject({ duplicates: 1, accepted: 0 });
    });

    it("answers 502 when the responses API fails, so Qualtrics can try again", async () => {
      qualtrics.routes.set("/API/v3/surveys/SV_cVn9uBwheR9hz01/responses/R_q4", { status: 500, body: {} });
      const res = await send(qualtricsNotification(QUALTRICS_KEY, { responseId: "R_q4" }));
      expect(res.status).toBe(502);
      expect(res.body.error).toBe("SURVEY_API_UNAVAILABLE");
      expect(await stored("qualtrics", "R_q4")).toBeNull();
    });

    it("ignores partial responses and other topics", async () => {
      const partial = await send(
        qualtricsNotification(QUALTRICS_KEY, { responseId: "R_q5", status: "PartialComplete" }),
      );
      expect(partial.body.ignored).toBe(true);
      expect(qualtrics.requests).toEqual([]);
    });
  });

  describe("SurveyMonkey", () => {
    beforeEach(() => {
      clearSurveyMonkeyCache();
      monkey.requests.length = 0;
      monkey.routes.clear();
      monkey.routes.set("/v3/surveys/123456789/details", { status: 200, body: surveyMonkeySurvey });
    });
    const send = (payload: unknown, secret = SM_SECRET, apiKey = SM_CLIENT) => {
      const body = JSON.stringify(payload);
      return h.postRaw("/api/webhooks/surveymonkey", body, {
        "content-type": "application/json",
        "sm-apikey": apiKey,
        "sm-signature": signSurveyMonkey(body, apiKey, secret),
      });
    };

    it("answers the HEAD check SurveyMonkey makes before subscribing", async () => {
      const res = await fetch(`${h.url}/api/webhooks/surveymonkey`, { method: "HEAD" });
      expect(res.status).toBe(200);
    });

    it("verifies Sm-Signature, fetches the details and resolves the NPS choice", async () => {
      monkey.routes.set("/v3/surveys/123456789/responses/555/details", {
        status: 200,
        body: surveyMonkeyResponse("555", 6, "Slow to answer the phone."),
      });
      const res = await send(surveyMonkeyEvent({ responseId: "555" }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
      expect(monkey.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${SM_TOKEN}`, `Bearer ${SM_TOKEN}`]);
      expect(await stored("surveymonkey", "555")).toMatchObject({
        score: 6,
        comment: "Slow to answer the phone.",
        customerName: "Ruth Client",
        customerEmail: "ruth.client@example.org",
        customerRef: "CRM-991",
        touchpoint: "repair",
        teamId: org.south,
      });
    });

    it("refuses a signature made with another secret, and a missing Sm-Apikey", async () => {
      expect((await send(surveyMonkeyEvent({ responseId: "556" }), "not-the-secret")).status).toBe(401);
      const body = JSON.stringify(surveyMonkeyEvent({ responseId: "556" }));
      const noKey = await h.postRaw("/api/webhooks/surveymonkey", body, {
        "content-type": "application/json",
        "sm-signature": signSurveyMonkey(body, SM_CLIENT, SM_SECRET),
      });
      expect(noKey.status).toBe(401);
      expect(monkey.requests).toEqual([]);
    });

    it("answers a repeat as a duplicate and ignores other events", async () => {
      monkey.routes.set("/v3/surveys/123456789/responses/557/details", {
        status: 200,
        body: surveyMonkeyResponse("557", 10, "Great"),
      });
      await send(surveyMonkeyEvent({ responseId: "557" }));
      expect((await send(surveyMonkeyEvent({ responseId: "557" }))).body).toMatchObject({ duplicates: 1 });
      const other = await send(surveyMonkeyEvent({ responseId: "557", eventType: "response_updated" }));
      expect(other.body.ignored).toBe(true);
    });

    it("answers 502 when the API is down", async () => {
      const res = await send(surveyMonkeyEvent({ responseId: "558" }));
      expect(res.status).toBe(502);
    });
  });

  it("answers 503 naming the setting when a tool's secret is not configured", async () => {
    const bare = await startApp(db, {});
    try {
      const res = await bare.postRaw("/api/webhooks/delighted", "{}", { "content-type": "application/json" });
      expect(res.status).toBe(503);
      expect(res.body.message).toContain("DELIGHTED_SECRET");
    } finally {
      await bare.stop();
    }
  });
});
