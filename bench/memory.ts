// Resident memory of the server on the embedded database, beside a bare PGlite process that opens
// the same data directory in the same run; then where the memory goes (module by module), and the
// peak while serving /nps and ingesting at --scale full (1,000,000 stored responses).
//   npm run bench -- --only memory [--scale full]      or      tsx bench/memory.ts [--scale full]
// Linux only (reads /proc/<pid>/status).
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { slackSignature, slashCommand } from "./lib/fake-slack.js";
import { analyzeAndCount, loadResponses, withIndexesRebuilt } from "./lib/load.js";
import { nodeChild, ROOT, settledRss, sleep, startServer as startChild, stopChild } from "./lib/processes.js";
import { type BenchRow, benchScale, reportRows, rssMb } from "./lib/report.js";
import { fmtInt } from "./lib/table.js";

const SCALE = benchScale();
const { values: args } = parseArgs({
  options: {
    scale: { type: "string" },
    rows: { type: "string" },
    seconds: { type: "string" },
    cache: { type: "string" },
    "no-cache": { type: "boolean" },
    load: { type: "string" },
  },
});
const ROWS = Number(args.rows ?? (SCALE === "full" ? 1_000_000 : 20_000));
const SECONDS = Number(args.seconds ?? (ROWS >= 1_000_000 ? 60 : 15));
/** Fixtures of 200,000 rows or more are built once and kept here (a copy is used each run). */
const CACHE = args["no-cache"] ? undefined : (args.cache ?? path.join(os.tmpdir(), "nps-bench-memory-cache"));
const CACHE_FROM_ROWS = args.cache ? 0 : 200_000;
/** What runs under load: /nps reports and webhook ingestion (both, the target's case), or one of them. */
const LOAD = (args.load ?? "both") as "both" | "reports" | "ingest";
const TEAMS = 50;
const SECRET = "bench-signing-secret";
const TOKEN = randomBytes(16).toString("hex");
const DIRECTOR = "UDIRECTOR1";
const mb = (n: number) => `${fmtInt(Math.round(n))} MB`;

/** A tiny Slack stand-in: answers every Web API call ok, counts posts to response URLs. */
async function fakeSlack() {
  let responses = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/respond/")) responses++;
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({ ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T0001", team: "acme", user: "nps" }),
      );
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, responses: () => responses, close: () => new Promise((r) => server.close(r)) };
}

/** The memory probe preloaded into a child (bench/lib/memory-probe.mjs) and the file it writes. */
const PROBE = path.join(ROOT, "bench", "lib", "memory-probe.mjs");
interface ProbeReport {
  now: Record<string, number>;
  peak: Record<string, number>;
  atPeakRss: Record<string, number>;
  afterGc?: Record<string, number>;
}
async function readProbe(file: string): Promise<ProbeReport | undefined> {
  return JSON.parse(await readFile(file, "utf8").catch(() => "null")) ?? undefined;
}

/** The server as `npm start` runs it, with Slack pointed at the stand-in and the memory probe preloaded. */
function startServer(dataDir: string, slackUrl: string, probeFile: string) {
  return startChild({
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slackUrl}/api/`,
    INGEST_TOKEN: TOKEN,
    // --expose-gc changes nothing until the probe's SIGUSR2 (after the figures) asks for a collection.
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc --import=${pathToFileURL(PROBE).href}`.trim(),
    NPS_MEMORY_PROBE_FILE: probeFile,
  });
}

/** A bare PGlite process that opens the directory with PGlite's defaults and runs one query. */
async function bareRss(dataDir: string, probeFile: string): Promise<{ rss: number; probe?: ProbeReport }> {
  const script =
    'import { PGlite } from "@electric-sql/pglite";' +
    "const db = await PGlite.create({ dataDir: process.env.DIR });" +
    'await db.query("SELECT count(*) FROM survey_responses");' +
    'console.log("ready"); setInterval(() => {}, 1000);';
  const child = spawn(process.execPath, ["--import", pathToFileURL(PROBE).href, "--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, DIR: path.join(dataDir, "pglite"), NPS_MEMORY_PROBE_FILE: probeFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(child.stdout!, "data");
  const rss = await settledRss(child.pid!);
  await sleep(200);
  const probe = await readProbe(probeFile);
  await stopChild(child);
  return { rss, ...(probe ? { probe } : {}) };
}

/** Module-by-module memory of a server-like process running the compiled JS (bench/lib/memory-stages.mjs). */
async function breakdown(dataDir: string): Promise<[string, Record<string, number>][]> {
  const child = nodeChild(["bench/lib/memory-stages.mjs"], { DIR: dataDir });
  await once(child, "exit");
  const line = child.output().trim().split("\n").pop() ?? "[]";
  try {
    return JSON.parse(line) as [string, Record<string, number>][];
  } catch {
    console.log(`memory stages failed:\n${child.output()}`);
    return [];
  }
}

/** One line of a breakdown: resident, V8 heap used, external, ArrayBuffers, each WASM memory. */
function describe(s: Record<string, number> | undefined): string {
  if (!s) return "(no probe report)";
  const wasm = Object.entries(s)
    .filter(([k]) => k.startsWith("wasm_"))
    .map(([k, v]) => `${k.slice(5)} WASM ${mb(v)} (${mb(s[`wasmResident_${k.slice(5)}`] ?? Number.NaN)} resident)`);
  return [
    `rss ${mb(s.rss ?? 0)}`,
    `heapUsed ${mb(s.heapUsed ?? 0)} (of ${mb(s.heapTotal ?? 0)}: ${Object.entries(s)
      .filter(([k]) => k.startsWith("space_"))
      .map(([k, v]) => `${k.slice(6).replace(/_space$/, "")} ${mb(v)}`)
      .join(", ")})`,
    `external ${mb(s.external ?? 0)}`,
    `arrayBuffers ${mb(s.arrayBuffers ?? 0)}`,
    ...wasm,
  ].join(", ");
}

/** A key for the cached fixture: the rows asked for and what shapes them (migrations, the loader, seed()). */
async function fixtureKey(rows: number): Promise<string> {
  const hash = createHash("sha256");
  hash.update(String(rows));
  for (const f of (await readdir(path.join(ROOT, "prisma", "migrations"))).sort()) hash.update(f);
  hash.update(await readFile(path.join(ROOT, "bench", "lib", "load.ts")));
  hash.update(seed.toString());
  return hash.digest("hex").slice(0, 12);
}

async function seed(dataDir: string, rows: number): Promise<number> {
  const db = await openDatabase({ dataDir, holder: "bench memory" });
  const p = db.prisma;
  await p.$executeRawUnsafe(
    "INSERT INTO companies (slug, name, area, updated_at) SELECT 'company-' || i, 'Company ' || i, 'north', now() FROM generate_series(1, 5) i",
  );
  await p.$executeRawUnsafe(`
    INSERT INTO teams (slug, name, company_id, slack_channel_id, updated_at)
    SELECT 'team-' || i, 'Team ' || i, 1 + ((i - 1) % 5), 'C' || lpad(i::text, 8, '0'), now() FROM generate_series(1, ${TEAMS}) i`);
  await p.$executeRawUnsafe(
    `INSERT INTO people (name, email, role, slack_user_id, updated_at) VALUES ('Director', 'director@bench.example', 'director', '${DIRECTOR}', now())`,
  );
  await withIndexesRebuilt(db, ["survey_responses"], () =>
    loadResponses(db, { rows, teams: TEAMS, companies: 5, months: 12 }),
  );
  const counts = await analyzeAndCount(db);
  await db.close();
  return counts.responses;
}

/** /nps reports and single-response webhooks at once for `seconds`; the server's peak RSS. */
async function underLoad(url: string, pid: number, slack: Awaited<ReturnType<typeof fakeSlack>>, seconds: number) {
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid) || 0)), 100);
  const until = performance.now() + seconds * 1000;
  let reports = 0;
  let ingested = 0;
  const reporter = async (k: number) => {
    while (performance.now() < until) {
      const body = slashCommand({
        userId: DIRECTOR,
        text: `team-${1 + ((reports + k) % TEAMS)} 90d`,
        responseUrl: `${slack.url}/respond/${k}`,
      });
      const ts = Math.floor(Date.now() / 1000);
      const before = slack.responses();
      await fetch(`${url}/slack/events`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": slackSignature(SECRET, body, ts),
        },
        body,
      }).then((r) => r.text());
      while (slack.responses() === before && performance.now() < until + 10_000) await sleep(20);
      reports++;
    }
  };
  const ingester = async (k: number) => {
    for (let i = 0; performance.now() < until; i++) {
      const res = await fetch(`${url}/api/responses`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ externalId: `mem-${k}-${i}`, score: i % 11, team: `team-${1 + (i % TEAMS)}` }),
      });
      await res.text();
      if (res.ok) ingested++;
    }
  };
  await Promise.all([
    ...(LOAD !== "ingest" ? [reporter(0), reporter(1)] : []),
    ...(LOAD !== "reports" ? [ingester(0), ingester(1), ingester(2), ingester(3)] : []),
  ]);
  clearInterval(sampler);
  return { peak, reports, ingested };
}

/**
 * A data directory holding `rows` responses (migrated by a server start, then seeded), in `dir`:
 * copied from the cache when it holds one built the same way, else built (and cached when large).
 */
async function fixture(dir: string, rows: number, slackUrl: string): Promise<{ stored: number; note: string }> {
  const key = CACHE ? await fixtureKey(rows) : "";
  const cached = CACHE ? path.join(CACHE, `${rows}-${key}`) : "";
  if (cached && existsSync(path.join(cached, "stored"))) {
    const t = performance.now();
    await cp(cached, dir, { recursive: true });
    const stored = Number(await readFile(path.join(cached, "stored"), "utf8"));
    return { stored, note: `copied from ${cached} in ${((performance.now() - t) / 1000).toFixed(0)} s` };
  }
  const t = performance.now();
  const migrate = await startServer(dir, slackUrl, path.join(dir, "..", "probe-migrate.json"));
  await stopChild(migrate.child);
  const stored = await seed(dir, rows);
  let note = `built in ${((performance.now() - t) / 1000).toFixed(0)} s`;
  if (cached && rows >= CACHE_FROM_ROWS) {
    const tmp = `${cached}.${process.pid}.tmp`;
    await mkdir(CACHE!, { recursive: true });
    await cp(dir, tmp, { recursive: true });
    await writeFile(path.join(tmp, "stored"), String(stored));
    await rename(tmp, cached).catch(() => rm(tmp, { recursive: true, force: true }));
    note += `, kept in ${cached} for the next runs`;
  }
  return { stored, note };
}

export async function main(): Promise<BenchRow[]> {
  const work = await mkdtemp(path.join(os.tmpdir(), "nps-bench-memory-"));
  const slack = await fakeSlack();
  const rows: BenchRow[] = [];
  const probe = (name: string) => path.join(work, `probe-${name}.json`);
  try {
    console.log(`Memory benchmark: ${fmtInt(ROWS)} responses, ${SECONDS} s under load; work in ${work}`);
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );

    // 1. The very first start on a new directory (initdb, migrations).
    const firstDir = path.join(work, "first");
    const first = await startServer(firstDir, slack.url, probe("first"));
    const firstRss = await settledRss(first.child.pid!);
    await sleep(200);
    const firstProbe = await readProbe(probe("first"));
    await stopChild(first.child);
    await rm(firstDir, { recursive: true, force: true });
    console.log(
      `first start (initdb, migrations) after ${(first.startMs / 1000).toFixed(1)} s: ${describe(firstProbe?.now)}`,
    );
    console.log(`  peak during the first start: ${describe(firstProbe?.peak)}`);

    // 2. The data: ROWS responses.
    const dir = path.join(work, "data");
    const { stored, note } = await fixture(dir, ROWS, slack.url);
    console.log(`data directory with ${fmtInt(stored)} responses: ${note}`);

    // 3. A bare PGlite process opening it.
    const bare = await bareRss(dir, probe("bare"));
    console.log(
      `bare PGlite opening the same directory (PGlite's defaults): ${describe(bare.probe?.now ?? { rss: bare.rss })}`,
    );

    // 4. The server restarted on it, settled, then under load.
    const again = await startServer(dir, slack.url, probe("server"));
    const againRss = await settledRss(again.child.pid!);
    await sleep(200);
    const settled = await readProbe(probe("server"));
    console.log(`server restart on ${fmtInt(stored)} responses: ${describe(settled?.now)}`);
    const load = await underLoad(again.url, again.child.pid!, slack, SECONDS);
    await sleep(200);
    const loaded = await readProbe(probe("server"));
    const after = await settledRss(again.child.pid!);
    again.child.kill("SIGUSR2");
    let collected = await readProbe(probe("server"));
    for (let i = 0; i < 100 && !collected?.afterGc; i++) {
      await sleep(100);
      collected = await readProbe(probe("server"));
    }
    await stopChild(again.child);
    console.log(
      `under load ${SECONDS} s: ${fmtInt(load.reports)} /nps reports, ${fmtInt(load.ingested)} webhook responses`,
    );
    console.log(`  at the peak: ${describe(loaded?.atPeakRss)}`);
    console.log(`  each at its own peak: ${describe(loaded?.peak)}`);
    console.log(`  settled after the load: ${mb(after)}`);
    console.log(`  after a full garbage collection (what is live): ${describe(collected?.afterGc)}`);

    // 5. Module by module, in one process running the compiled server code.
    const stages = await breakdown(dir);
    console.log("\nWhere a server's memory goes (after each step, in one process):");
    for (const [step, value] of stages) console.log(`  ${step}\n      ${describe(value)}`);

    const peak = Math.max(load.peak, loaded?.peak.rss ?? 0);
    const firstPeak = Math.max(firstRss, firstProbe?.peak.rss ?? 0);
    const over = (v: number) => `${v - bare.rss >= 0 ? "+" : ""}${mb(v - bare.rss)}`;
    rows.push(
      row(
        "server RSS, very first start (initdb)",
        mb(firstRss),
        over(firstRss),
        "<= +100 MB",
        firstRss - bare.rss <= 100,
      ),
      // A start's own peak (a compiler's working memory, say) can pass the figure it settles at: a
      // container sized for the server must hold it (on Node 24 it reached 715 MB before bin/engine.js).
      row("server peak RSS during the first start", mb(firstPeak), over(firstPeak), "< 400 MB", firstPeak < 400),
      row("server RSS, restart", mb(againRss), over(againRss), "<= +100 MB", againRss - bare.rss <= 100),
      row(
        `server peak RSS, /nps + ingest at ${fmtInt(stored)} rows`,
        mb(peak),
        over(peak),
        stored >= 1_000_000 ? "< 400 MB" : "< 400 MB (full: 1M rows)",
        peak < 400,
      ),
    );
  } finally {
    await slack.close();
    await rm(work, { recursive: true, force: true });
  }
  return rows;
}

function row(figure: string, value: string, ratio: string, target: string, pass: boolean): BenchRow {
  return { bench: "memory", figure, value, ratio, target, pass };
}

reportRows(await main());
process.exit(0);
