import { createReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config/env.js";
import { importCsv } from "../src/ingest/csv.js";
import { silentLogger } from "../src/log.js";
import { createResponseService } from "../src/services/responses.js";
import {
  item,
  type RunResult,
  rawInsert,
  rawSingleInserts,
  runSenders,
  seed,
  TOKEN,
  writeCsv,
} from "./lib/ingest-fixtures.js";
import { type BenchRow, reportRows } from "./lib/report.js";
import { percentile } from "./lib/stats.js";
import { fmtNum as fmt, printTable } from "./lib/table.js";
import { openBenchTarget } from "./lib/target.js";

const { values: args } = parseArgs({
  options: {
    singles: { type: "string", default: "2000" },
    clients: { type: "string", default: "8,32" },
    "batch-items": { type: "string", default: "20000" },
    "csv-rows": { type: "string", default: "1000000" },
    // The senders' HTTP client: node:http (default) or fetch (as measured before; heavier).
    client: { type: "string", default: "http" },
  },
});
// V8 as the product runs it (bin/server.js and `nps-loop import` call tuneEngine with the server's
// profile): the heap bounded near the live set, so the CSV import's memory figure is the product's.
const engine: typeof import("../bin/engine.js") = await import(new URL("../bin/engine.js", import.meta.url).href);
engine.tuneEngine(engine.SERVER_PROFILE);
const SINGLES = Number(args.singles);
const CLIENTS = String(args.clients).split(",").map(Number);
const BATCH_ITEMS = Number(args["batch-items"]);
const CSV_ROWS = Number(args["csv-rows"]);
const CLIENT = args.client === "fetch" ? "fetch" : "http";
const mb = (bytes: number) => `${fmt(bytes / 1_048_576)} MB`;

async function main() {
  const target = await openBenchTarget({ name: "ingest", onDisk: true });
  const { db } = target;
  await db.migrate();
  const version = (await db.prisma.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v"))[0]!.v.split(" on ")[0];
  const org = await seed(db);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    INGEST_TOKEN: TOKEN,
    DELIVERY_ENABLED: "false",
    JOBS_ENABLED: "false",
    DATABASE_POOL_SIZE: "10",
    DATA_DIR: os.tmpdir(),
  });
  const app = await buildApp({ config, database: db, skipMigrations: true, log: silentLogger });
  // Cards are queued per bound platform, as in production with Slack on (nothing is delivered here).
  if (!app.deps.platforms.includes("slack")) app.deps.platforms.unshift("slack");
  const { port, server } = await app.start();
  // Senders idle between scenarios: a socket the server closes at the moment fetch reuses it
  // would fail as ECONNRESET, so idle sockets stay open longer than any pause here.
  server.keepAliveTimeout = 120_000;
  const url = `http://127.0.0.1:${port}`;
  console.log(
    `\nNPS Loop ingestion benchmark on ${target.label}\n${version}; Node ${process.version}, ${os.cpus().length} CPUs; senders use ${CLIENT === "http" ? "node:http" : "fetch"} in this process\n`,
  );

  try {
    // Warm-up: connections, prepared plans, JIT.
    await runSenders(
      url,
      "warm-up",
      4,
      Array.from({ length: 200 }, (_, i) => [item("warm", i)]),
      CLIENT,
    );
    await rawInsert(
      db,
      Array.from({ length: 2000 }, (_, i) => item("rawwarm", i)),
      org.teamIds,
      org.companyId,
    );

    const runs: RunResult[] = [];
    const rawRates: number[] = [];
    const rawSingle = new Map<number, number>();
    const benchRows: BenchRow[] = [];
    const embedded = target.label.startsWith("PGlite");
    let seq = 0;
    const measureRaw = async (n: number) => {
      rawRates.push(
        await rawInsert(
          db,
          Array.from({ length: n }, (_, i) => item(`raw${seq++}`, i)),
          org.teamIds,
          org.companyId,
        ),
      );
    };
    await measureRaw(BATCH_ITEMS);
    for (const clients of CLIENTS) {
      const bodies = Array.from({ length: SINGLES }, (_, i) => [item(`single${clients}`, i)]);
      runs.push(await runSenders(url, "single items", clients, bodies, CLIENT));
      const rows = Array.from({ length: SINGLES }, (_, i) => item(`raw1-${clients}`, i));
      rawSingle.set(clients, await rawSingleInserts(db, rows, clients, org.teamIds, org.companyId));
    }
    for (const [size, clients] of [
      [100, 8],
      [1000, 4],
    ] as const) {
      const bodies = Array.from({ length: Math.ceil(BATCH_ITEMS / size) }, (_, b) =>
        Array.from({ length: size }, (_, i) => item(`batch${size}`, b * size + i)),
      );
      runs.push(await runSenders(url, `batches of ${fmt(size)}`, clients, bodies, CLIENT));
    }
    await measureRaw(BATCH_ITEMS);
    const raw = rawRates.reduce((a, b) => a + b, 0) / rawRates.length;

    const header = [
      "scenario",
      "clients",
      "requests",
      "items",
      "items/s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "max ms",
      "vs raw INSERT",
    ];
    const table = runs.map((r) => {
      const sorted = [...r.latencies].sort((a, b) => a - b);
      const rate = r.items / r.seconds;
      return [
        r.label,
        String(r.clients),
        fmt(r.requests),
        fmt(r.items),
        fmt(rate),
        fmt(percentile(sorted, 0.5), 1),
        fmt(percentile(sorted, 0.95), 1),
        fmt(percentile(sorted, 0.99), 1),
        fmt(sorted[sorted.length - 1] ?? Number.NaN, 1),
        `${(rate / raw).toFixed(3)}×`,
      ];
    });
    for (const [clients, rate] of rawSingle) {
      table.push([
        `raw single-row INSERT loop`,
        String(clients),
        fmt(SINGLES),
        fmt(SINGLES),
        fmt(rate),
        "-",
        "-",
        "-",
        "-",
        `${(rate / raw).toFixed(3)}×`,
      ]);
    }
    const where = embedded ? "embedded" : "PostgreSQL";
    for (const r of runs) {
      const rate = r.items / r.seconds;
      if (r.label === "single items") {
        const p99 = percentile(r.latencies, 0.99);
        const limit = embedded ? 150 : 50;
        const base = rawSingle.get(r.clients)!;
        benchRows.push(
          {
            bench: "ingest",
            figure: `webhook single, ${r.clients} senders, p99 (${where})`,
            value: `${fmt(p99, 1)} ms`,
            ratio: "",
            target: r.clients === 16 ? `< ${limit} ms` : "",
            pass: r.clients === 16 ? p99 < limit : undefined,
          },
          {
            bench: "ingest",
            figure: `webhook single, ${r.clients} senders, rate (${where})`,
            value: `${fmt(rate)}/s`,
            ratio: `${(rate / base).toFixed(2)}x raw 1-row INSERT`,
            target: ">= 0.5x",
            pass: rate / base >= 0.5,
          },
        );
      } else if (r.label === `batches of ${fmt(1000)}`) {
        benchRows.push({
          bench: "ingest",
          figure: `webhook batches of 1,000 (${where})`,
          value: `${fmt(rate)}/s`,
          ratio: `${(rate / raw).toFixed(2)}x raw multi-row INSERT`,
          target: ">= 0.5x",
          pass: rate / raw >= 0.5,
        });
      }
    }
    table.push([
      "raw multi-row INSERT (baseline)",
      "1",
      "-",
      fmt(BATCH_ITEMS * 2),
      fmt(raw),
      "-",
      "-",
      "-",
      "-",
      "1.000×",
    ]);
    console.log("Webhook POST /api/responses over HTTP on 127.0.0.1 (validation, routing, dedupe, cases, outbox,");
    console.log("one transaction per request) vs the same rows by plain INSERT ... VALUES (1,000 rows a statement)\n");
    printTable(header, table);

    // CSV import of generated rows, through the same service, in-process.
    const dir = await mkdtemp(path.join(os.tmpdir(), "nps-bench-csv-"));
    try {
      const file = path.join(dir, "responses.csv");
      const genStart = performance.now();
      await writeCsv(file, CSV_ROWS);
      const size = (await stat(file)).size;
      console.log(
        `\nCSV import: ${fmt(CSV_ROWS)} rows (${mb(size)}, generated in ${((performance.now() - genStart) / 1000).toFixed(1)} s), batches of 1,000 in a transaction each`,
      );
      await measureRaw(BATCH_ITEMS);
      const csvRaw = rawRates[rawRates.length - 1]!;
      global.gc?.();
      const startRss = process.memoryUsage().rss;
      const startHeap = process.memoryUsage().heapUsed;
      let peakRss = startRss;
      let peakHeap = startHeap;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const service = createResponseService(app.deps);
      // Memory is bounded if the peak after the first tenth of the file is the peak at the end.
      let tenth: { rss: number; heap: number } | undefined;
      const t = performance.now();
      let lastReport = t;
      const summary = await importCsv(service, createReadStream(file), {
        source: "csv-bench",
        now: () => new Date(),
        onProgress: ({ rows }) => {
          if (!tenth && rows >= CSV_ROWS / 10) tenth = { rss: peakRss, heap: peakHeap };
          if (performance.now() - lastReport > 15_000) {
            lastReport = performance.now();
            process.stderr.write(`  … ${fmt(rows)} rows, ${fmt(rows / ((lastReport - t) / 1000))} rows/s\n`);
          }
        },
      });
      const seconds = (performance.now() - t) / 1000;
      clearInterval(sampler);
      const rate = summary.rows / seconds;
      // The machine's speed drifts (other work): compare with INSERTs timed next to the import.
      const rawBefore = csvRaw;
      await measureRaw(BATCH_ITEMS);
      const csvBaseline = (rawBefore + rawRates[rawRates.length - 1]!) / 2;
      printTable(
        [
          "rows",
          "accepted",
          "rejected",
          "cases (silent)",
          "seconds",
          "rows/s",
          "vs raw INSERT",
          "RSS: start → peak at 10% → peak",
          "JS heap: start → at 10% → peak",
        ],
        [
          [
            fmt(summary.rows),
            fmt(summary.accepted),
            fmt(summary.rejected),
            fmt(summary.casesOpened),
            fmt(seconds, 1),
            fmt(rate),
            `${(rate / csvBaseline).toFixed(3)}×`,
            `${mb(startRss)} → ${mb(tenth?.rss ?? peakRss)} → ${mb(peakRss)}`,
            `${mb(startHeap)} → ${mb(tenth?.heap ?? peakHeap)} → ${mb(peakHeap)}`,
          ],
        ],
      );
      console.log(
        `(vs raw INSERT: the same kind of rows by plain INSERT ... VALUES just before and after the import, ${fmt(csvBaseline)} rows/s)`,
      );
      const grew = peakRss / (tenth?.rss ?? peakRss);
      benchRows.push(
        {
          bench: "ingest",
          figure: `CSV import ${fmt(summary.rows)} rows (${where})`,
          value: `${fmt(rate)}/s`,
          ratio: `${(rate / csvBaseline).toFixed(2)}x raw multi-row INSERT`,
          target: ">= 0.8x",
          pass: rate / csvBaseline >= 0.8,
        },
        {
          bench: "ingest",
          figure: "CSV import memory: peak / peak at 10% of the file",
          value: `${mb(peakRss)}`,
          ratio: `${grew.toFixed(2)}x`,
          target: "<= 1.2x (flat)",
          pass: grew <= 1.2,
        },
      );
      if (target.label.startsWith("PGlite")) {
        console.log("(RSS includes PGlite's own WASM memory: the database runs inside this process.)");
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    reportRows(benchRows);
  } finally {
    await app.stop();
    await target.cleanup();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
