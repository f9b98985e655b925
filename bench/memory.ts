// Resident memory of the server on the embedded database, beside a bare PGlite process that opens
// the same data directory in the same run; then where the memory goes (module by module), and the
// peak while serving /nps and ingesting at --scale full (1,000,000 stored responses).
//   npm run bench -- --only memory [--scale full]      or      tsx bench/memory.ts [--scale full]
// Linux only (reads /proc/<pid>/status).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/client.js";
import { slackSignature, slashCommand } from "./lib/fake-slack.js";
import { analyzeAndCount, loadResponses, withIndexesRebuilt } from "./lib/load.js";
import { nodeChild, ROOT, settledRss, sleep, startServer as startChild, stopChild } from "./lib/processes.js";
import { type BenchRow, benchScale, reportRows, rssMb } from "./lib/report.js";
import { fmtInt } from "./lib/table.js";

const SCALE = benchScale();
const ROWS = SCALE === "full" ? 1_000_000 : 20_000;
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

/** The server as `npm start` runs it, with Slack pointed at the stand-in. */
function startServer(dataDir: string, slackUrl: string) {
  return startChild({
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: `${slackUrl}/api/`,
    INGEST_TOKEN: TOKEN,
  });
}

/** A bare PGlite process that opens the directory with PGlite's defaults and runs one query. */
async function bareRss(dataDir: string): Promise<number> {
  const script =
    'import { PGlite } from "@electric-sql/pglite";' +
    "const db = await PGlite.create({ dataDir: process.env.DIR });" +
    'await db.query("SELECT count(*) FROM survey_responses");' +
    'console.log("ready"); setInterval(() => {}, 1000);';
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env: { ...process.env, DIR: path.join(dataDir, "pglite") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(child.stdout!, "data");
  const rss = await settledRss(child.pid!);
  await stopChild(child);
  return rss;
}

/** Module-by-module resident memory of a server-like process (bench/lib/memory-stages.ts). */
async function breakdown(dataDir: string): Promise<[string, number][]> {
  const child = nodeChild(["--import", "tsx", "bench/lib/memory-stages.ts"], { DIR: dataDir });
  await once(child, "exit");
  const line = child.output().trim().split("\n").pop() ?? "[]";
  return JSON.parse(line) as [string, number][];
}

async function seed(dataDir: string): Promise<number> {
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
    loadResponses(db, { rows: ROWS, teams: TEAMS, companies: 5, months: 12 }),
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
  await Promise.all([reporter(0), reporter(1), ingester(0), ingester(1), ingester(2), ingester(3)]);
  clearInterval(sampler);
  return { peak, reports, ingested };
}

export async function main(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "nps-bench-memory-"));
  const slack = await fakeSlack();
  const rows: BenchRow[] = [];
  try {
    console.log(`Memory benchmark (${SCALE}: ${fmtInt(ROWS)} responses), data in ${dir}`);
    const first = await startServer(dir, slack.url);
    const firstRss = await settledRss(first.child.pid!);
    await stopChild(first.child);
    console.log(`first start (initdb, migrations): ${mb(firstRss)} after ${(first.startMs / 1000).toFixed(1)} s`);

    const stored = await seed(dir);
    const bare = await bareRss(dir);
    const again = await startServer(dir, slack.url);
    const againRss = await settledRss(again.child.pid!);
    const load = await underLoad(again.url, again.child.pid!, slack, SCALE === "full" ? 60 : 15);
    await stopChild(again.child);
    const stages = await breakdown(dir);

    console.log(`bare PGlite opening the same directory (PGlite's default settings): ${mb(bare)}`);
    console.log(`server restart on ${fmtInt(stored)} responses: ${mb(againRss)}`);
    console.log(
      `under load: ${fmtInt(load.reports)} /nps reports, ${fmtInt(load.ingested)} webhook responses; peak ${mb(load.peak)}`,
    );
    console.log("\nWhere a server's memory goes (resident MB after each step, in one process):");
    let prev = 0;
    for (const [step, value] of stages) {
      console.log(`  ${step.padEnd(58)} ${mb(value).padStart(8)}  ${prev ? `+${mb(value - prev)}` : ""}`);
      prev = value;
    }
    const over = (v: number) => `${v - bare >= 0 ? "+" : ""}${mb(v - bare)}`;
    rows.push(
      row("server RSS, very first start (initdb)", mb(firstRss), over(firstRss), "<= +100 MB", firstRss - bare <= 100),
      row("server RSS, restart", mb(againRss), over(againRss), "<= +100 MB", againRss - bare <= 100),
      row(
        `server peak RSS, /nps + ingest at ${fmtInt(stored)} rows`,
        mb(load.peak),
        over(load.peak),
        SCALE === "full" ? "< 400 MB" : "< 400 MB (full: 1M rows)",
        load.peak < 400,
      ),
    );
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

function row(figure: string, value: string, ratio: string, target: string, pass: boolean): BenchRow {
  return { bench: "memory", figure, value, ratio, target, pass };
}

reportRows(await main());
process.exit(0);
