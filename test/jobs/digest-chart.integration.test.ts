// The weekly director digest carries the company's weekly trend as a picture with alt text: on Slack
// an image block under a signed 8-day link this server draws (any instance, after a restart), none
// without PUBLIC_URL; on Teams an Image inlined as a data URI. In the director's own language.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chartLinkKey, createChartLinks, DIGEST_CHART_LINK_TTL_MS } from "../../src/charts/links.js";
import { FakeClock } from "../../src/core/clock.js";
import type { ImageBlock, MessageView } from "../../src/core/views.js";
import type { Database } from "../../src/db/client.js";
import { createChartService } from "../../src/services/charts.js";
import { createDigestService } from "../../src/services/digests.js";
import { createQueryService } from "../../src/services/queries.js";
import { renderMessage } from "../../src/slack/views/message.js";
import { buildMessageCard } from "../../src/teams/cards/message-card.js";
import { decodePng } from "../charts/png.js";
import { makeDeps } from "../chat/helpers.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";

let db: Database;
let org: Awaited<ReturnType<typeof createOrg>>;
// Monday 8 June 2026, 08:03 in Madrid: the digest is due.
const AT = new Date("2026-06-08T06:03:00Z");
const PUBLIC = { PUBLIC_URL: "https://nps.example.com", CHART_LINK_SECRET: "k".repeat(40), MIN_SAMPLE: "1" };

beforeAll(async () => {
  db = await createTestDatabase();
  org = await createOrg(db, { teams: 2, teamTimeZone: "Europe/Madrid", area: "south" });
  await db.prisma.person.update({ where: { id: org.directorId }, data: { timeZone: "Europe/Madrid" } });
  const start = Date.parse("2026-03-02T10:00:00Z");
  for (let i = 0; i < 60; i++) {
    const at = new Date(start + i * 36 * 3_600_000);
    await createResponse(db, org, { score: [10, 9, 7, 4][i % 4]!, at, teamIndex: i % 2, asCase: false });
  }
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await db.prisma.outboxDelivery.deleteMany();
  await db.prisma.person.update({ where: { id: org.directorId }, data: { locale: null } });
});

async function enqueued(): Promise<MessageView> {
  const rows = await db.prisma.outboxDelivery.findMany({ where: { dedupeKey: { startsWith: "director-digest:" } } });
  expect(rows).toHaveLength(1);
  return (rows[0]!.payload as unknown as { message: MessageView }).message;
}

const imageOf = (m: MessageView) => m.blocks.find((b): b is ImageBlock => b.type === "image");

describe("director digest chart", () => {
  it("links the company's weekly trend on Slack under a signed 8-day link that any instance draws", async () => {
    const clock = new FakeClock(AT);
    const deps = makeDeps(db, { clock, env: PUBLIC });
    expect((await createDigestService(deps).sendDue(AT)).enqueued).toBe(1);
    const message = await enqueued();
    const image = imageOf(message)!;
    expect(message.blocks[0]!.type).toBe("header");
    expect(message.blocks[1]).toBe(image);
    expect(image.url).toMatch(/^https:\/\/nps\.example\.com\/charts\/[A-Za-z0-9_-]+\.png\?sig=/);
    expect(image.alt).toContain("weekly NPS");
    expect(image.title).toContain("Weekly NPS");

    const slack = renderMessage(message, { audience: "direct" });
    expect(slack.blocks[1]).toMatchObject({ type: "image", image_url: image.url, alt_text: image.alt });

    // A fresh server (as after a restart) with the same secret draws it a week later, as of the digest.
    const later = new FakeClock(new Date(AT.getTime() + 7 * 24 * 3_600_000));
    const charts = createChartService({
      db: deps.db,
      clock: later,
      config: deps.config,
      queries: createQueryService({ db: deps.db, clock: later, config: deps.config }),
    });
    const links = createChartLinks({
      publicUrl: PUBLIC.PUBLIC_URL,
      clock: later,
      key: chartLinkKey(deps.config),
      render: async (req, asOf) => (await charts.png({ ...req, asOf }, { scale: req.scale ?? 2 })).png,
    });
    const server = express();
    server.get("/charts/:file", links.route);
    const http = server.listen(0, "127.0.0.1");
    await new Promise((r) => http.once("listening", r));
    try {
      const local = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      const path = image.url.slice(PUBLIC.PUBLIC_URL.length);
      const res = await fetch(local + path);
      expect(res.status).toBe(200);
      expect(decodePng(Buffer.from(await res.arrayBuffer())).width).toBeGreaterThan(480);
      later.advance(DIGEST_CHART_LINK_TTL_MS);
      expect((await fetch(local + path)).status).toBe(410);
    } finally {
      http.close();
    }
  }, 60_000);

  it("shows no picture on Slack without PUBLIC_URL, and the digest's words are unchanged", async () => {
    const deps = makeDeps(db, { clock: new FakeClock(AT), env: { MIN_SAMPLE: "1" } });
    await createDigestService(deps).sendDue(AT);
    const message = await enqueued();
    expect(imageOf(message)).toBeUndefined();
    expect(JSON.stringify(message.blocks)).toContain("NPS digest:");
  }, 60_000);

  it("inlines the chart in the Teams card as a data URI with alt text, in the director's language", async () => {
    await db.prisma.person.update({ where: { id: org.directorId }, data: { locale: "zh-Hant-HK" } });
    const deps = makeDeps(db, { clock: new FakeClock(AT), env: PUBLIC, platforms: ["teams"] });
    const director = await db.prisma.person.findUniqueOrThrow({ where: { id: org.directorId } });
    await db.prisma.person.update({ where: { id: director.id }, data: { teamsAadObjectId: "aad-DIR" } });
    expect((await createDigestService(deps).sendDue(AT)).enqueued).toBe(1);
    const message = await enqueued();
    const image = imageOf(message)!;
    expect(image.url).toMatch(/^data:image\/png;base64,/);
    expect(image.title).toContain("每週淨推薦值");
    const card = buildMessageCard(message);
    const element = (card.body as { type: string; url?: string; altText?: string }[]).find((e) => e.type === "Image");
    expect(element?.url).toBe(image.url);
    // The card's sanitiser folds full-width punctuation; the words stay the director's.
    expect(element?.altText).toContain("週的淨推薦值");
    // Slack would leave a data URI out rather than send a picture it cannot fetch.
    expect(renderMessage(message, { audience: "direct" }).blocks.some((b) => b.type === "image")).toBe(false);
  }, 60_000);
});
