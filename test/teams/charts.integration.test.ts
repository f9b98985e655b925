// The weekly trend under `nps <team>` in Teams: an Image in the report card, inline as a data URI when
// it fits Teams' message size, else a short-lived signed link the bot's HTTP server serves itself.

import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartLinks } from "../../src/charts/links.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/client.js";
import { silentLogger } from "../../src/log.js";
import type { TeamsHandlerDeps } from "../../src/teams/handlers/context.js";
import { CHART_DATA_URI_MAX, reportChart } from "../../src/teams/handlers/queries.js";
import { decodePng } from "../charts/png.js";
import { createTestDatabase } from "../support/db.js";
import { seedBasicOrg } from "../support/fixtures.js";
import {
  type ConnectorCall,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let connector: FakeBotConnector;
let app: TeamsHarness;
const ana = teamsUser("aad-UANA", "Ana Manager");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedBasicOrg(db);
  connector = await new FakeBotConnector().start();
  app = await startTeamsHarness(db, connector, { env: { DELIVERY_ENABLED: "false", MIN_SAMPLE: "1" } });
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

type Element = { type: string; url?: string; altText?: string };

describe("report card chart", () => {
  it("puts the weekly trend in the card as an Image with alt text, inline when small", async () => {
    const before = connector.calls.length;
    expect((await app.post(personalMessage(connector, ana, "nps team-north 90d"))).status).toBe(200);
    const [answer] = connector.calls.slice(before).filter((c: ConnectorCall) => c.op === "reply" || c.op === "send");
    const body = FakeBotConnector.cardOf(answer!).body as Element[];
    const image = body.find((e) => e.type === "Image");
    expect(image?.altText).toContain("Chart of the weekly NPS of North Maintenance");
    expect(image?.url).toMatch(/^data:image\/png;base64,/);
    const base64 = image!.url!.slice("data:image/png;base64,".length);
    expect(base64.length).toBeLessThanOrEqual(CHART_DATA_URI_MAX);
    expect(decodePng(Buffer.from(base64, "base64")).width).toBeLessThan(700);
    // The whole activity stays well within Teams' ~28 KB message limit.
    expect(JSON.stringify(answer!.body).length).toBeLessThan(26_000);
  });
});

describe("chart links", () => {
  const big = Buffer.alloc(CHART_DATA_URI_MAX, 7);
  const rendered = {
    png: big,
    width: 400,
    height: 200,
    alt: "Chart of the weekly NPS of X",
    title: "X",
    kind: "trend" as const,
  };
  const handler = (links: ReturnType<typeof createChartLinks> | null, png: Promise<typeof rendered>) =>
    ({
      deps: { log: silentLogger },
      services: { charts: { png: () => png } },
      chartLinks: links,
    }) as unknown as TeamsHandlerDeps;
  const target = { kind: "team" as const, slug: "team-north" };

  it("links a chart too big for the card to this server, signed and short-lived", async () => {
    const clock = new FakeClock("2026-11-20T12:00:00Z");
    const server = express();
    const asked: unknown[] = [];
    const links = createChartLinks({
      publicUrl: "https://nps.example.com/",
      clock,
      key: Buffer.alloc(32, 1),
      render: async (request) => {
        asked.push(request);
        return big;
      },
    });
    server.get("/charts/:file", links.route);
    const http = server.listen(0, "127.0.0.1");
    await new Promise((r) => http.once("listening", r));
    const local = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    try {
      const image = await reportChart(handler(links, Promise.resolve(rendered)), target, "30d", "en");
      expect(image?.alt).toBe(rendered.alt);
      const url = new URL(image!.url);
      expect(url.origin).toBe("https://nps.example.com");
      const path = `${url.pathname}${url.search}`;
      const ok = await fetch(`${local}${path}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toBe("image/png");
      expect(Buffer.from(await ok.arrayBuffer()).equals(big)).toBe(true);
      // The link carries the card's own request: the same small trend of the same team and period.
      expect(asked).toEqual([
        { kind: "trend", target, period: "30d", locale: "en", width: 420, height: 140, compact: true, scale: 1 },
      ]);

      const forged = path.replace(/sig=[^&]+/, "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
      expect((await fetch(`${local}${forged}`)).status).toBe(401);
      clock.advance(16 * 60_000);
      expect((await fetch(`${local}${path}`)).status).toBe(410);
    } finally {
      http.close();
    }
  });

  it("leaves the chart out when it is too big and there is no PUBLIC_URL, or when drawing fails", async () => {
    expect(await reportChart(handler(null, Promise.resolve(rendered)), target, "30d", "en")).toBeNull();
    expect(await reportChart(handler(null, Promise.reject(new Error("boom"))), target, "30d", "en")).toBeNull();
  });
});
