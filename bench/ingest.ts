// Ingestion benchmark: POST /api/responses under concurrent senders (single items and batches),
// timed beside a raw multi-row INSERT of the same rows in the same run; then a CSV import of
// 1,000,000 generated rows (rows/s and peak memory).
//   npm run bench:ingest -- [--singles 2000] [--clients 8,32] [--batch-items 20000] [--csv-rows 1000000]
// Without DATABASE_URL: PGlite in a temporary directory (on disk, so the CSV figures show the
// importer's memory, not the database's). With DATABASE_URL: a scratch database created on that
// server and dropped at the end.
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config/env.js";
import type { Database } from "../src/db/client.js";
import { importCsv } from "../src/ingest/csv.js";
import { silentLogger } from "../src/log.js";
import { createResponseService } from "../src/services/responses.js";
import { percentile } from "./lib/stats.js";
import { fmtNum as fmt, printTable } from "./lib/table.js";
import { openBenchTarget } from "./lib/target.js";

const { values: args } = parseArgs({
  options: {
    singles: { type: "string", default: "2000" },
    clients: { type: "string", default: "8,32" },
    "batch-items": { type: "string", default: "20000" },
    "csv-rows": { type: "string", default: "1000000" },
  },
});
const SINGLES = Number(args.singles);
const CLIENTS = String(args.clients).split(",").map(Number);
const BATCH_ITEMS = Number(args["batch-items"]);
const CSV_ROWS = Number(args["csv-rows"]);
const TOKEN = randomBytes(16).toString("hex");
const TEAMS = 20;
const STAFF = 200;
const BASE_TIME = Date.parse("2026-11-20T08:00:00Z");

async function seed(db: Database) {
  const p = db.prisma;
  const company = await p.company.create({ data: { slug: "bench", name: "Bench Co", area: "north" } });
  for (let t = 1; t <= TEAMS; t++) {
    await p.team.create({
      data: {
        slug: `team-${t}`,
        name: `Team ${t}`,
        companyId: company.id,
        slackChannelId: `C${String(t).padStart(6, "0")}`,
      },
    });
  }
  const teams = await p.team.findMany({ orderBy: { id: "asc" } });
  for (let s = 1; s <= STAFF; s++) {
    await p.person.create({
      data: {
        name: `Staff ${s}`,
        email: `staff${s}@bench.example`,
        memberships: { create: [{ teamId: teams[(s - 1) % TEAMS]!.id }] },
      },
    });
  }
  await p.person.create({
    data: { name: "Admin", email: "admin@bench.example", role: "admin", slackUserId: "UADMIN" },
  });
  await p.routingRule.create({
    data: { priority: 10, field: "touchpoint", pattern: "installation*", teamId: teams[0]!.id },
  });
  return { companyId: company.id, teamIds: teams.map((t) => t.id) };
}

const COMMENTS = [
  "The technician arrived on time and fixed the boiler quickly.",
  "Had to call three times before anyone came. Very disappointed.",
  "Fine.",
  "Friendly staff, but the invoice was higher than quoted.",
  null,
];

/** One realistic response: about a quarter detractors, routed by team, staff or a rule; 1% unroutable. */
function item(prefix: string, i: number) {
  const route = i % 100;
  return {
    externalId: `${prefix}-${i}`,
    score: [9, 10, 8, 3, 9, 7, 10, 5, 9, 0, 10, 6][i % 12]!,
    comment: COMMENTS[i % COMMENTS.length],
    ...(route < 80 ? { team: `team-${1 + (i % TEAMS)}` } : {}),
    ...(route >= 80 && route < 95 ? { staff: `staff${1 + (i % STAFF)}@bench.example` } : {}),
    touchpoint: route >= 95 && route < 99 ? "installation" : "maintenance visit",
    customer: { id: `C${i}`, name: "Pat Customer", email: `pat${i}@example.org`, phone: "+34 600 000 000" },
    respondedAt: new Date(BASE_TIME + (i % 3600) * 1000).toISOString(),
  };
}

interface RunResult {
  label: string;
  clients: number;
  requests: number;
  items: number;
  seconds: number;
  latencies: number[];
}

/** `clients` senders, each posting its share of `bodies` one after another. */
async function runSenders(url: string, label: string, clients: number, bodies: unknown[][]): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let items = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const body = bodies[next++];
        if (!body) return;
        const t = performance.now();
        const res = await fetch(`${url}/api/responses`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(body.length === 1 ? body[0] : body),
        });
        const reply = (await res.json()) as { accepted?: number };
        latencies.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status} ${JSON.stringify(reply).slice(0, 300)}`);
        items += body.length;
      }
    }),
  );
  return { label, clients, requests: bodies.length, items, seconds: (performance.now() - start) / 1000, latencies };
}

/** The baseline: the same rows, inserted with plain multi-row INSERT statements of 1,000 rows. */
async function rawInsert(db: Database, rows: ReturnType<typeof item>[], teamIds: number[], companyId: number) {
  const q = (s: string | null | undefined) => (s == null ? "NULL" : `'${s.replace(/'/g, "''")}'`);
  const start = performance.now();
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map((r, k) => {
      const teamId = teamIds[(i + k) % teamIds.length];
      return `('raw', ${q(r.externalId)}, ${r.score}, ${q(r.comment)}, ${q(r.touchpoint)}, ${q(r.customer.id)}, ${q(r.customer.name)}, ${q(r.customer.email)}, ${q(r.customer.phone)}, ${teamId}, ${companyId}, ${q(r.respondedAt)}, now(), now())`;
    });
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO survey_responses (source, external_id, score, comment, touchpoint, customer_ref, customer_name, customer_email, customer_phone, team_id, company_id, responded_at, received_at, updated_at) VALUES ${values.join(",")}`,
    );
  }
  return rows.length / ((performance.now() - start) / 1000);
}

async function writeCsv(file: string, rows: number) {
  const out = createWriteStream(file);
  out.write("id,score,comment,team,staff,touchpoint,customer_id,customer_email,date\n");
  for (let i = 0; i < rows; i++) {
    const r = item("csv", i);
    // Historic responses (a year back): cases open silently, as in a real back-fill.
    const date = new Date(BASE_TIME - 365 * 86_400_000 + (i % 86_400) * 1000).toISOString();
    const line = `${r.externalId},${r.score},"${(r.comment ?? "").replace(/"/g, '""')}",${r.team ?? ""},${r.staff ?? ""},${r.touchpoint},${r.customer.id},${r.customer.email},${date}\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

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
    `\nNPS Loop ingestion benchmark on ${target.label}\n${version}; Node ${process.version}, ${os.cpus().length} CPUs\n`,
  );

  try {
    // Warm-up: connections, prepared plans, JIT.
    await runSenders(
      url,
      "warm-up",
      4,
      Array.from({ length: 200 }, (_, i) => [item("warm", i)]),
    );
    await rawInsert(
      db,
      Array.from({ length: 2000 }, (_, i) => item("rawwarm", i)),
      org.teamIds,
      org.companyId,
    );

    const runs: RunResult[] = [];
    const rawRates: number[] = [];
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
      runs.push(await runSenders(url, "single items", clients, bodies));
    }
    for (const [size, clients] of [
      [100, 8],
      [1000, 4],
    ] as const) {
      const bodies = Array.from({ length: Math.ceil(BATCH_ITEMS / size) }, (_, b) =>
        Array.from({ length: size }, (_, i) => item(`batch${size}`, b * size + i)),
      );
      runs.push(await runSenders(url, `batches of ${fmt(size)}`, clients, bodies));
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
      if (target.label.startsWith("PGlite")) {
        console.log("(RSS includes PGlite's own WASM memory: the database runs inside this process.)");
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
