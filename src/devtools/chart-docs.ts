// `npm run docs:charts`: the README's chart pictures, drawn from the demo organisation on a fresh
// embedded database in a temporary folder, with a fixed clock so the same data comes out each run:
//   docs/chart-trend.png            weekly NPS of brightfix-salford with its 95% band
//   docs/chart-trend-zh-Hant-HK.png the same for a reader in Hong Kong (labels in Traditional Chinese)
//   docs/chart-programme.png        programme vs comparison companies of the demo area
//   docs/chart-root-causes.png      root causes of the programme company's closed cases
// CHARTS_DIR writes them elsewhere. Not part of `npm test`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "../app.js";
import { loadConfig } from "../config/env.js";
import { FakeClock } from "../core/clock.js";
import { openDatabase } from "../db/client.js";
import { DEMO_DEFAULTS, seedDemo } from "../demo/seed.js";
import { silentLogger } from "../log.js";
import type { ChartRequest } from "../services/charts.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The demo's "today": a Monday noon, so the last week shown is a whole one. */
const NOW = new Date("2026-11-30T12:00:00Z");
const PERIOD = "26w";

async function main(): Promise<void> {
  const out = process.env.CHARTS_DIR ?? path.join(ROOT, "docs");
  mkdirSync(out, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "nps-loop-chart-docs-"));
  const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent", DATA_DIR: dataDir, JOBS_ENABLED: "false" });
  const database = await openDatabase({ dataDir, poolSize: 1, holder: "npm run docs:charts" });
  const clock = new FakeClock(NOW);
  const app = await buildApp({ config, log: silentLogger, clock, database });
  try {
    await seedDemo(app.deps, { months: DEMO_DEFAULTS.months, seed: DEMO_DEFAULTS.seed });
    const charts = app.ctx.services.charts;
    const pictures: [string, ChartRequest][] = [
      ["chart-trend.png", { kind: "trend", target: { kind: "team", slug: "brightfix-salford" }, locale: "en-GB" }],
      [
        "chart-trend-zh-Hant-HK.png",
        { kind: "trend", target: { kind: "team", slug: "brightfix-salford" }, locale: "zh-Hant-HK" },
      ],
      [
        "chart-programme.png",
        // The whole history: the programme start (from the org file) is marked halfway.
        {
          kind: "programme",
          target: { kind: "company", slug: "brightfix" },
          locale: "en-GB",
          period: "28w",
        },
      ],
      [
        "chart-root-causes.png",
        { kind: "root-causes", target: { kind: "company", slug: "brightfix" }, locale: "en-GB" },
      ],
    ];
    for (const [file, ask] of pictures) {
      const chart = await charts.png({ period: PERIOD, ...ask });
      writeFileSync(path.join(out, file), chart.png);
      console.log(`${path.relative(ROOT, path.join(out, file))} (${chart.width}x${chart.height}): ${chart.alt}`);
    }
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
