// Formbricks webhooks through the real routes: Standard Webhooks signatures (Formbricks 4.6+),
// a response growing from created to finished, redeliveries, replays and late deliveries.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { SurveySourceRepository } from "../../src/db/repositories/responses.js";
import { createTestDatabase } from "../support/db.js";
import { counts, type IngestHarness, type IngestOrg, nextId, seedIngestOrg, startApp } from "./helpers.js";
import { newSecret, postSigned, standardHeaders } from "./standard-sign.js";

const SECRET = newSecret();
const OTHER_SECRET = newSecret();
const PATH = "/api/webhooks/formbricks/fb-visits";

type Fixture =
  | "response-created"
  | "response-updated"
  | "response-finished"
  | "response-created-no-answer"
  | "test-endpoint";
/** A documented payload (test/fixtures/formbricks), with its own response id when given. */
function payload(name: Fixture, responseId?: string): string {
  const text = readFileSync(new URL(`../fixtures/formbricks/${name}.json`, import.meta.url), "utf8");
  if (!responseId) return text;
  const body = JSON.parse(text);
  body.data.id = responseId;
  return JSON.stringify(body);
}

describe("Formbricks webhooks", () => {
  let db: Database;
  let h: IngestHarness;
  let org: IngestOrg;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    h = await startApp(db);
    const sources = new SurveySourceRepository(db.prisma);
    await sources.upsert({
      slug: "fb-visits",
      kind: "formbricks",
      secret: SECRET,
      mapping: { score: "recommend", comment: "reason", team: "branch", touchpoint: "touchpoint" },
    });
    await sources.upsert({ slug: "fb-other", kind: "formbricks", secret: OTHER_SECRET, mapping: null });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const stored = (externalId: string) =>
    db.prisma.surveyResponse.findUnique({ where: { source_externalId: { source: "formbricks", externalId } } });
  const send = (body: string, opts: { id?: string; timestamp?: number; secret?: string; path?: string } = {}) =>
    postSigned(h, opts.path ?? PATH, body, opts.secret ?? SECRET, opts);

  it("stores a signed responseCreated with the NPS answer and the mapped fields", async () => {
    const res = await send(payload("response-created"));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
    const r = await stored("cm3resp0000nps0000000001");
    expect(r).toMatchObject({
      score: 4,
      comment: null,
      teamId: org.south,
      customerRef: "CRM-4411",
      customerEmail: "lee.customer@example.org",
    });
    expect(r!.respondedAt.toISOString()).toBe("2026-11-20T10:02:11.120Z");
    expect(r!.attributes).toMatchObject({ surveyId: "cm3survey000nps00000001", surveySource: "fb-visits" });
  });

  it("fills the comment from responseUpdated and the touchpoint from responseFinished (updated)", async () => {
    const id = nextId("fb");
    expect((await send(payload("response-created", id))).body.accepted).toBe(1);
    const updated = await send(payload("response-updated", id));
    expect(updated.body).toMatchObject({ updated: 1, accepted: 0 });
    expect(await stored(id)).toMatchObject({ comment: "Two visits to fix one leak.", touchpoint: null });
    const finished = await send(payload("response-finished", id));
    expect(finished.body).toMatchObject({ updated: 1 });
    expect(await stored(id)).toMatchObject({ comment: "Two visits to fix one leak.", touchpoint: "Home visit" });
    expect(await db.prisma.followUpCase.count({ where: { response: { externalId: id } } })).toBe(1);
  });

  it("keeps the newest version when an older delivery arrives late (out of order)", async () => {
    const id = nextId("fb");
    expect((await send(payload("response-finished", id))).body.accepted).toBe(1);
    const late = await send(payload("response-created", id));
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ accepted: 0, updated: 0, duplicates: 1 });
    const r = await stored(id);
    expect(r).toMatchObject({ comment: "Two visits to fix one leak.", touchpoint: "Home visit" });
    expect(r!.sourceUpdatedAt?.toISOString()).toBe("2026-11-20T10:02:56.116Z");
  });

  it("answers a redelivery of the same message (same webhook-id) as a duplicate and stores it once", async () => {
    const id = nextId("fb");
    const body = payload("response-created", id);
    expect((await send(body, { id: "msg-fb-once" })).body.accepted).toBe(1);
    const before = await counts(db);
    h.clock.advance(60_000);
    const again = await send(body, { id: "msg-fb-once" });
    h.clock.advance(-60_000);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await counts(db)).toEqual(before);
  });

  it("refuses a request replayed outside the 5-minute window, and one from the future", async () => {
    const before = await counts(db);
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const body = payload("response-created", nextId("fb"));
    const old = await send(body, { timestamp: now - 301 });
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ error: "UNAUTHORIZED" });
    expect(old.body.message).toContain("301 s old");
    expect((await send(body, { timestamp: now + 600 })).status).toBe(401);
    expect(await counts(db)).toEqual(before);
  });

  it("refuses forged, tampered and unsigned (Formbricks before 4.6) requests", async () => {
    const before = await counts(db);
    const body = payload("response-created", nextId("fb"));
    expect((await send(body, { secret: newSecret() })).status).toBe(401);
    const now = Math.floor(h.clock.now().getTime() / 1000);
    const signedHeaders = standardHeaders(body, { id: "m1", timestamp: now, secret: SECRET });
    const tampered = body.replace('"recommend":4', '"recommend":10');
    expect(tampered).not.toBe(body);
    expect((await h.postRaw(PATH, tampered, signedHeaders)).status).toBe(401);
    expect((await h.postRaw(PATH, body, signedHeaders)).status).toBe(200);
    const unsigned = await h.postRaw(PATH, body, {
      "content-type": "application/json",
      "webhook-id": "m2",
      "webhook-timestamp": String(now),
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.message).toContain("Formbricks 4.6 or later signs");
    expect((await counts(db)).responses).toBe(before.responses + 1);
  });

  it("keeps sources apart: another source's secret, the generic token and the tool's bare route are refused", async () => {
    const body = payload("response-created", nextId("fb"));
    expect((await send(body, { secret: OTHER_SECRET })).status).toBe(401);
    expect((await send(body, { path: "/api/webhooks/formbricks/fb-other" })).status).toBe(401);
    const bare = await send(body, { path: "/api/webhooks/formbricks" });
    expect(bare.status).toBe(503);
    expect(bare.body.message).toContain("survey source of kind formbricks");
    for (const source of ["formbricks", "fb-visits"]) {
      const res = await h.post("/api/responses", { externalId: "cm3resp0000nps0000000001", score: 10, source });
      expect(res.status).toBe(403);
    }
    expect((await stored("cm3resp0000nps0000000001"))!.score).toBe(4);
  });

  it("acknowledges a partial response without the NPS answer; a finished one without it is 422 with the fix", async () => {
    const partial = await send(payload("response-created-no-answer", nextId("fb")));
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ ignored: true });
    const body = JSON.parse(payload("response-created-no-answer", nextId("fb")));
    body.event = "responseFinished";
    const finished = await send(JSON.stringify(body));
    expect(finished.status).toBe(422);
    expect(finished.body.message).toContain('{"score": "<question id>"}');
  });

  it("answers Formbricks' endpoint test: signed, acknowledged; before NPS Loop has the secret, 401 (which Formbricks accepts as reachable)", async () => {
    const before = await counts(db);
    const signed = await send(payload("test-endpoint"));
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ ignored: true });
    // Creating the webhook, Formbricks signs its test with a secret it has just made: not ours yet.
    const fresh = await send(payload("test-endpoint"), { secret: newSecret() });
    expect(fresh.status).toBe(401);
    expect([404, 405, 500, 502, 503, 504]).not.toContain(fresh.status);
    expect(await counts(db)).toEqual(before);
  });
});
