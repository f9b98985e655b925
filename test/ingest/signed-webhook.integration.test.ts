// The generic signed webhook (/api/webhooks/webhook/<source>, Standard Webhooks) through the real
// routes, for the examples shipped under examples/: the Google Forms Apps Script (run here against
// stand-ins for Google's services, its request posted exactly as it built it), the Microsoft Forms
// flow's body, and a plain sender. Each source: signed, forged, replayed, duplicate, updated, out of order.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseOrgYaml } from "../../src/core/org-file.js";
import type { Database } from "../../src/db/client.js";
import { SurveySourceRepository } from "../../src/db/repositories/responses.js";
import { createTestDatabase } from "../support/db.js";
import { counts, type IngestHarness, type IngestOrg, nextId, seedIngestOrg, startApp } from "./helpers.js";
import { newSecret, postSigned, standardHeaders } from "./standard-sign.js";

const example = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url), "utf8");
const exampleSource = (dir: string) => parse(example(`${dir}/org-source.yaml`)).surveySources[0];
const GOOGLE = exampleSource("google-forms");
const MICROSOFT = exampleSource("microsoft-forms");
const SECRETS: Record<string, string> = {
  [GOOGLE.slug]: newSecret(),
  [MICROSOFT.slug]: newSecret(),
  "zap-crm": newSecret(),
};
const GOOGLE_SAMPLE = example("google-forms/sample-body.json").trim();
const MICROSOFT_SAMPLE = example("microsoft-forms/sample-body.json").trim();

type Json = Record<string, unknown>;
/** Keys at every depth, for comparing a template with the body it produces. */
const shape = (o: unknown): unknown =>
  o && typeof o === "object" ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, shape(v)])) : typeof o;

/** Google's services as Code.gs uses them; Java-style signed bytes as Apps Script really returns. */
function runAppsScript(clockMs: () => number, props: Record<string, string>, response: unknown) {
  const signed = (b: Buffer) => Array.from(b, (x) => (x > 127 ? x - 256 : x));
  const bytes = (a: number[]) => Buffer.from(a.map((x) => (x < 0 ? x + 256 : x)));
  const sent: { url: string; params: Json }[] = [];
  const RealDate = Date;
  const context = vm.createContext({
    Date: class extends RealDate {
      static override now() {
        return clockMs();
      }
    },
    PropertiesService: { getScriptProperties: () => ({ getProperty: (k: string) => props[k] ?? null }) },
    FormApp: { getActiveForm: () => ({ getId: () => "1FAIpQLSdNpsLoopExampleForm0123456789" }) },
    Utilities: {
      base64Decode: (s: string) => signed(Buffer.from(s, "base64")),
      base64Encode: (a: number[]) => bytes(a).toString("base64"),
      newBlob: (s: string) => ({ getBytes: () => signed(Buffer.from(s, "utf8")) }),
      computeHmacSha256Signature: (value: number[], key: number[]) =>
        signed(createHmac("sha256", bytes(key)).update(bytes(value)).digest()),
    },
    UrlFetchApp: {
      fetch: (url: string, params: Json) => {
        sent.push({ url, params });
        return { getResponseCode: () => 200, getContentText: () => "{}" };
      },
    },
  });
  vm.runInContext(example("google-forms/Code.gs"), context);
  (context.onFormSubmit as (e: unknown) => void)({ response });
  return sent;
}

/** A Google Forms FormResponse with the answers of the sample. */
function googleResponse(id: string, at: string, comment: string) {
  const answers: [string, string | string[]][] = [
    ["How likely are you to recommend Acme to a friend or colleague?", "3"],
    ["What is the main reason for your score?", comment],
    ["Which branch did you visit?", "south"],
    ["Who helped you?", "ana@acme.example"],
    ["What did you contact us about?", ["Installation", "Billing"]],
  ];
  return {
    getId: () => id,
    getTimestamp: () => new Date(at),
    getRespondentEmail: () => "noor.customer@example.org",
    getItemResponses: () =>
      answers.map(([title, value]) => ({ getItem: () => ({ getTitle: () => title }), getResponse: () => value })),
  };
}

describe("generic signed webhook (Standard Webhooks), with the shipped examples", () => {
  let db: Database;
  let h: IngestHarness;
  let org: IngestOrg;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    h = await startApp(db);
    const repo = new SurveySourceRepository(db.prisma);
    for (const s of [GOOGLE, MICROSOFT]) {
      await repo.upsert({ slug: s.slug, kind: s.kind, secret: SECRETS[s.slug]!, mapping: s.mapping });
    }
    await repo.upsert({ slug: "zap-crm", kind: "webhook", secret: SECRETS["zap-crm"]!, mapping: null });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const stored = (source: string, externalId: string) =>
    db.prisma.surveyResponse.findUnique({ where: { source_externalId: { source, externalId } } });
  const path = (slug: string) => `/api/webhooks/webhook/${slug}`;

  it("the examples' org snippets are valid org files (kind webhook, secretEnv, mapping)", () => {
    for (const [dir, s] of [
      ["google-forms", GOOGLE],
      ["microsoft-forms", MICROSOFT],
    ] as const) {
      const result = parseOrgYaml(example(`${dir}/org-source.yaml`), undefined, { [s.secretEnv]: newSecret() });
      expect(result.ok ? [] : result.problems).toEqual([]);
    }
  });

  it("Google Forms: the Apps Script's own request (body, headers) is accepted and mapped by the org file", async () => {
    const sent = runAppsScript(
      () => h.clock.now().getTime(),
      { NPS_LOOP_URL: `${h.url}${path(GOOGLE.slug)}`, NPS_LOOP_SECRET: SECRETS[GOOGLE.slug]! },
      googleResponse(
        "2_ABaOnudP8nQfVbYcJz3kYxWq1mT0sLr4e",
        "2026-11-20T10:15:42Z",
        "The technician arrived two hours late.",
      ),
    );
    expect(sent).toHaveLength(1);
    const { url, params } = sent[0]!;
    expect(params.payload).toBe(GOOGLE_SAMPLE);
    const res = await h.postRaw(url.slice(h.url.length), params.payload as string, {
      "content-type": params.contentType as string,
      ...(params.headers as Record<string, string>),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
    const r = await stored(GOOGLE.slug, "2_ABaOnudP8nQfVbYcJz3kYxWq1mT0sLr4e");
    expect(r).toMatchObject({
      score: 3,
      comment: "The technician arrived two hours late.",
      touchpoint: "Installation, Billing",
      customerEmail: "noor.customer@example.org",
      teamId: org.south,
      staffId: org.ana,
    });
    expect(r!.attributes).toMatchObject({ formId: "1FAIpQLSdNpsLoopExampleForm0123456789" });
  });

  it("Microsoft Forms: the flow's sample body matches its template and is accepted as the flow signs it", async () => {
    const template = JSON.parse(example("microsoft-forms/body-template.json"));
    expect(shape(JSON.parse(MICROSOFT_SAMPLE))).toEqual(shape(template));
    const res = await postSigned(h, path(MICROSOFT.slug), MICROSOFT_SAMPLE, SECRETS[MICROSOFT.slug]!, {
      id: "msforms-42",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 1, casesOpened: 1 });
    expect(await stored(MICROSOFT.slug, "42")).toMatchObject({
      score: 2,
      comment: "Nobody called me back after the outage.",
      touchpoint: "Phone support",
      customerEmail: "sam.customer@example.org",
      teamId: org.north,
    });
  });

  // Per source: a body for a response id, with a version time and a comment.
  const variants: [string, (id: string, at: string, comment: string) => string][] = [
    [
      GOOGLE.slug,
      (id, at, comment) => {
        const b = JSON.parse(GOOGLE_SAMPLE);
        Object.assign(b, { externalId: id, respondedAt: "2026-11-20T10:00:00Z", updatedAt: at });
        b.answers["What is the main reason for your score?"] = comment;
        return JSON.stringify(b);
      },
    ],
    [
      MICROSOFT.slug,
      (id, at, comment) => {
        const b = JSON.parse(MICROSOFT_SAMPLE);
        Object.assign(b, { externalId: id, respondedAt: "2026-11-20T10:00:00Z", updatedAt: at });
        b.answers.comment = comment;
        return JSON.stringify(b);
      },
    ],
    [
      "zap-crm",
      (id, at, comment) =>
        JSON.stringify({
          externalId: id,
          score: 5,
          team: "south",
          comment,
          respondedAt: "2026-11-20T10:00:00Z",
          updatedAt: at,
        }),
    ],
  ];

  describe.each(variants)("source %s", (slug, body) => {
    const secret = () => SECRETS[slug]!;
    const send = (raw: string, opts: { id?: string; timestamp?: number; secret?: string } = {}) =>
      postSigned(h, path(slug), raw, opts.secret ?? secret(), opts);

    it("stores a signed response under the source, and refuses forged and tampered ones", async () => {
      const id = nextId("sw");
      const before = await counts(db);
      const raw = body(id, "2026-11-20T10:05:00Z", "First words");
      expect((await send(raw, { secret: newSecret() })).status).toBe(401);
      const other = Object.keys(SECRETS).find((s) => s !== slug)!;
      expect((await send(raw, { secret: SECRETS[other] })).status).toBe(401);
      const now = Math.floor(h.clock.now().getTime() / 1000);
      const good = await send(raw, { id: "m-tamper", timestamp: now });
      const tampered = raw.replace("First words", "Other words");
      const forged = await h.postRaw(path(slug), tampered, {
        "content-type": "application/json",
        "webhook-id": "m-tamper",
        "webhook-timestamp": String(now),
        "webhook-signature": standardHeaders(raw, { id: "m-tamper", timestamp: now, secret: secret() })[
          "webhook-signature"
        ]!,
      });
      expect(forged.status).toBe(401);
      expect(good.status).toBe(200);
      expect(good.body.accepted).toBe(1);
      expect((await counts(db)).responses).toBe(before.responses + 1);
      expect(await stored(slug, id)).toMatchObject({ comment: "First words" });
    });

    it("refuses a replay outside the window and answers the same message twice as one (duplicate)", async () => {
      const id = nextId("sw");
      const raw = body(id, "2026-11-20T10:05:00Z", "Once");
      const now = Math.floor(h.clock.now().getTime() / 1000);
      const stale = await send(raw, { timestamp: now - 6 * 60 });
      expect(stale.status).toBe(401);
      expect(stale.body.message).toContain("360 s old");
      expect((await send(raw, { id: "m-replay" })).body.accepted).toBe(1);
      const before = await counts(db);
      const replay = await send(raw, { id: "m-replay" });
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({ accepted: 0, duplicates: 1, updated: 0 });
      expect(await counts(db)).toEqual(before);
    });

    it("applies a newer version (updated) and ignores an older one arriving late (out of order)", async () => {
      const id = nextId("sw");
      expect((await send(body(id, "2026-11-20T10:05:00Z", "Draft"))).body.accepted).toBe(1);
      const newer = await send(body(id, "2026-11-20T10:09:00Z", "Final words"));
      expect(newer.body).toMatchObject({ updated: 1 });
      const late = await send(body(id, "2026-11-20T10:07:00Z", "Middle words"));
      expect(late.body).toMatchObject({ updated: 0, duplicates: 1 });
      const r = await stored(slug, id);
      expect(r).toMatchObject({ comment: "Final words" });
      expect(r!.sourceUpdatedAt?.toISOString()).toBe("2026-11-20T10:09:00.000Z");
    });
  });

  it("keeps each source's ids to itself: the same id from two sources is two responses; the token cannot write them", async () => {
    const raw = JSON.stringify({ externalId: "42", score: 9, team: "north" });
    const res = await postSigned(h, path("zap-crm"), raw, SECRETS["zap-crm"]!);
    expect(res.body.accepted).toBe(1);
    expect((await stored("zap-crm", "42"))?.score).toBe(9);
    expect((await stored(MICROSOFT.slug, "42"))?.score).toBe(2);
    const token = await h.post("/api/responses", { externalId: "42", score: 10, source: "zap-crm" });
    expect(token.status).toBe(403);
    const bare = await postSigned(h, "/api/webhooks/webhook", raw, SECRETS["zap-crm"]!);
    expect(bare.status).toBe(503);
    expect(bare.body.message).toContain("/api/webhooks/webhook/<its slug>");
  });

  it("answers 422 naming the field for a body that is not a response", async () => {
    const res = await postSigned(
      h,
      path("zap-crm"),
      JSON.stringify({ externalId: "x-1", score: "ten" }),
      SECRETS["zap-crm"]!,
    );
    expect(res.status).toBe(422);
    expect(res.body.rejected[0].field).toBe("score");
  });
});
