// Stateless signed chart links: the URL carries the request and its expiry under an HMAC, so any
// instance with the same key draws it (after a restart too); forged, altered and expired links get
// 401 or 410, and a chart that can no longer be drawn gets 404 or 503, never a 500.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ChartLinkRender,
  type ChartLinkRequest,
  chartLinkKey,
  createChartLinks,
  DIGEST_CHART_LINK_TTL_MS,
} from "../../src/charts/links.js";
import { loadConfig } from "../../src/config/env.js";
import { FakeClock } from "../../src/core/clock.js";
import { AppError } from "../../src/core/errors.js";

const KEY = Buffer.alloc(32, 9);
const PNG = Buffer.from("not really a png");
const request: ChartLinkRequest = {
  kind: "trend",
  target: { kind: "company", id: 3 },
  period: "2026-10-05..2026-11-01",
  locale: "zh-Hant-HK",
  width: 560,
  height: 220,
  scale: 2,
};

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** One server instance: its own links object (its own cache), as after a restart or on a second host. */
async function instance(clock: FakeClock, render: ChartLinkRender, key: Buffer = KEY) {
  const links = createChartLinks({ publicUrl: "https://nps.example.com", clock, key, render });
  const app = express();
  app.get("/charts/:file", links.route);
  const http = app.listen(0, "127.0.0.1");
  servers.push(http);
  await new Promise((r) => http.once("listening", r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { links, get: (url: string) => fetch(base + url.slice("https://nps.example.com".length)) };
}

describe("chart links", () => {
  it("draw the request they carry, as of when they were made, on another instance after a restart", async () => {
    const clock = new FakeClock("2026-11-02T08:00:00Z");
    const first = await instance(clock, async () => PNG);
    const url = first.links.put(request, { ttlMs: DIGEST_CHART_LINK_TTL_MS });
    expect(url).toMatch(/^https:\/\/nps\.example\.com\/charts\/[A-Za-z0-9_-]+\.png\?sig=[A-Za-z0-9_-]+$/);

    clock.advance(7 * 24 * 3_600_000);
    const calls: [ChartLinkRequest, Date][] = [];
    const second = await instance(clock, async (req, asOf) => {
      calls.push([req, asOf]);
      return PNG;
    });
    const res = await second.get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(calls).toEqual([[request, new Date("2026-11-02T08:00:00Z")]]);
    // The second fetch comes from the cache.
    expect((await second.get(url)).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it("answer 401 to forged, altered and foreign links and 410 to expired ones", async () => {
    const clock = new FakeClock("2026-11-02T08:00:00Z");
    let draws = 0;
    const server = await instance(clock, async () => {
      draws++;
      return PNG;
    });
    const url = server.links.put(request);
    const [, payload, sig] = /\/charts\/([^.]+)\.png\?sig=(.+)$/.exec(url)!;
    const decoded = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8")) as Record<string, unknown>;
    const altered = (change: Record<string, unknown>) =>
      `https://nps.example.com/charts/${Buffer.from(JSON.stringify({ ...decoded, ...change })).toString("base64url")}.png?sig=${sig}`;

    expect((await server.get(url.replace(/sig=.+$/, `sig=${"A".repeat(43)}`))).status).toBe(401);
    expect((await server.get(url.replace(/\?sig=.+$/, ""))).status).toBe(401);
    expect((await server.get(altered({ t: { kind: "company", id: 4 } }))).status).toBe(401);
    expect((await server.get(altered({ e: Number(decoded.e) + 3_600_000 }))).status).toBe(401);
    expect((await server.get("https://nps.example.com/charts/..%2Fetc.png?sig=x")).status).toBe(401);
    const foreign = await instance(clock, async () => PNG, Buffer.alloc(32, 8));
    const res = await foreign.get(url);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("not valid");

    clock.advance(15 * 60_000);
    const expired = await server.get(url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("expired");
    expect(draws).toBe(0);
  });

  it("answer 404 when the chart can no longer be drawn and 503 when drawing fails, then try again", async () => {
    const clock = new FakeClock("2026-11-02T08:00:00Z");
    let fail: Error | null = new AppError("NOT_FOUND", "No company 3");
    const server = await instance(clock, async () => {
      if (fail) throw fail;
      return PNG;
    });
    const url = server.links.put(request);
    expect((await server.get(url)).status).toBe(404);
    fail = new Error("resvg crashed");
    expect((await server.get(url)).status).toBe(503);
    fail = null;
    expect((await server.get(url)).status).toBe(200);
  });

  it("are signed with CHART_LINK_SECRET, else a key derived from the settings that is stable across starts", () => {
    const env = { PUBLIC_URL: "https://nps.example.com", DATABASE_URL: "postgresql://u@h:5432/db" };
    expect(chartLinkKey(loadConfig(env)).equals(chartLinkKey(loadConfig(env)))).toBe(true);
    expect(chartLinkKey(loadConfig({ ...env, DATABASE_URL: "postgresql://u@h:5432/other" }))).not.toEqual(
      chartLinkKey(loadConfig(env)),
    );
    const secret = "s".repeat(40);
    expect(chartLinkKey(loadConfig({ ...env, CHART_LINK_SECRET: secret })).toString()).toBe(secret);
    expect(() => loadConfig({ ...env, CHART_LINK_SECRET: "short" })).toThrow(/CHART_LINK_SECRET/);
  });
});
