// Short-lived signed links to chart PNGs that this server serves itself, for cards whose image must
// be a URL (a Teams card cannot carry a large data URI). The PNG lives in memory for `ttlMs`; the link
// carries its expiry and an HMAC over id and expiry with a key made at start, so links cannot be
// guessed, altered or reused after they expire. One process's links: a restart or another instance
// behind the same PUBLIC_URL answers 404 (the card then shows no picture; its text stays).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { Clock } from "../core/clock.js";

export const CHART_PATH = "/charts";
/** How long a chart link works: long enough to open the card, short enough not to keep data around. */
export const CHART_LINK_TTL_MS = 15 * 60_000;
/** Charts kept at once (about 15 KB each); the oldest go first. */
const MAX_CHARTS = 500;

export interface ChartLinks {
  /** Keeps the PNG and returns its absolute signed URL. */
  put(png: Buffer): string;
  /** The route for GET /charts/:file (mount at CHART_PATH). */
  route: RequestHandler;
}

export function createChartLinks(opts: { publicUrl: string; clock: Clock; ttlMs?: number; key?: Buffer }): ChartLinks {
  const key = opts.key ?? randomBytes(32);
  const ttl = opts.ttlMs ?? CHART_LINK_TTL_MS;
  const base = opts.publicUrl.replace(/\/+$/, "");
  const charts = new Map<string, { png: Buffer; until: number }>();
  const sign = (id: string, until: number) => createHmac("sha256", key).update(`${id}.${until}`).digest("base64url");

  function sweep(now: number): void {
    for (const [id, c] of charts) if (c.until <= now) charts.delete(id);
    while (charts.size >= MAX_CHARTS) charts.delete(charts.keys().next().value!);
  }

  return {
    put(png) {
      const now = opts.clock.now().getTime();
      sweep(now);
      const id = randomBytes(12).toString("base64url");
      const until = now + ttl;
      charts.set(id, { png, until });
      return `${base}${CHART_PATH}/${id}.png?exp=${until}&sig=${sign(id, until)}`;
    },
    route: (req, res) => {
      const match = /^([A-Za-z0-9_-]{16})\.png$/.exec(String(req.params.file ?? ""));
      const until = Number(req.query.exp);
      const sig = Buffer.from(String(req.query.sig ?? ""));
      const now = opts.clock.now().getTime();
      const chart = match ? charts.get(match[1]!) : undefined;
      const expected = match ? Buffer.from(sign(match[1]!, until)) : Buffer.alloc(0);
      const valid = chart && sig.length === expected.length && timingSafeEqual(sig, expected);
      if (!valid || until !== chart.until || until <= now) {
        // One answer for unknown, forged and expired links: none of them tells which it was.
        res
          .status(404)
          .type("text/plain")
          .send("This chart link has expired or is not valid; ask for the report again.");
        return;
      }
      res
        .status(200)
        .set({
          "content-type": "image/png",
          "cache-control": "private, max-age=900",
          "x-content-type-options": "nosniff",
        })
        .send(chart.png);
    },
  };
}
