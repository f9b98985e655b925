// CLI start-up: `nps-loop nps <team>` from command to output, on the embedded database (through the
// running server's socket) and on PostgreSQL (when reachable), beside a baseline measured in the
// same run: `node -e` that connects with pg and runs one query against the same database.
//   npm run bench -- --only cli      or      tsx bench/cli.ts [--runs 5]
// PostgreSQL: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres if it answers.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/client.js";
import { connectionString } from "../src/db/data-dir-lock.js";
import { loadResponses } from "./lib/load.js";
import { startServer, stopChild, timeNode } from "./lib/processes.js";
import { type BenchRow, reportRows } from "./lib/report.js";
import { admin } from "./lib/target.js";

const { values: args } = parseArgs({
  options: { runs: { type: "string", default: "5" }, scale: { type: "string", default: "small" } },
});
const RUNS = Number(args.runs);
const ROWS = args.scale === "full" ? 1_000_000 : 20_000;
const TARGET_MS = 1500;

async function seed(db: Database) {
  const p = db.prisma;
  await p.$executeRawUnsafe(
    "INSERT INTO companies (slug, name, area, updated_at) VALUES ('company-1', 'Company 1', 'north', now())",
  );
  await p.$executeRawUnsafe(
    "INSERT INTO teams (slug, name, company_id, updated_at) SELECT 'team-' || i, 'Team ' || i, 1, now() FROM generate_series(1, 10) i",
  );
  await loadResponses(db, { rows: ROWS, teams: 10, companies: 1, months: 6 });
  await p.$executeRawUnsafe("ANALYZE");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Median wall-clock ms of the CLI report and of the baseline, one warm-up each (compiles dist/ if stale). */
async function measure(env: Record<string, string>, url: string): Promise<{ cli: number; base: number }> {
  const cliArgs = ["bin/nps-loop.js", "nps", "team-1", "--period", "90d"];
  const baseArgs = [
    "--input-type=module",
    "-e",
    'import pg from "pg"; const c = new pg.Client({ connectionString: process.env.BASE_URL }); await c.connect();' +
      'await c.query("SELECT count(*) FROM survey_responses WHERE team_id = 1"); await c.end();',
  ];
  const baseEnv = { BASE_URL: url };
  await timeNode(cliArgs, env);
  await timeNode(baseArgs, baseEnv);
  const cli: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    cli.push(await timeNode(cliArgs, env));
    base.push(await timeNode(baseArgs, baseEnv));
  }
  return { cli: median(cli), base: median(base) };
}

function rows(where: string, r: { cli: number; base: number }): BenchRow[] {
  return [
    {
      bench: "cli",
      figure: `nps-loop nps <team>, ${where}`,
      value: `${Math.round(r.cli)} ms`,
      ratio: `${(r.cli / r.base).toFixed(1)}x node -e (${Math.round(r.base)} ms)`,
      target: `< ${TARGET_MS} ms`,
      pass: r.cli < TARGET_MS,
    },
  ];
}

async function embedded(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "nps-bench-cli-"));
  try {
    const db = await openDatabase({ dataDir: dir, holder: "bench cli" });
    await db.migrate();
    await seed(db);
    await db.close();
    const server = await startServer({ DATA_DIR: dir });
    try {
      const lock = JSON.parse(await readFile(path.join(dir, "nps-loop.lock"), "utf8"));
      const r = await measure({ DATA_DIR: dir, DATABASE_URL: "" }, connectionString(lock.socket));
      return rows("embedded, server running (through its socket)", r);
    } finally {
      await stopChild(server.child);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<BenchRow[]> {
  const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.end();
  } catch {
    console.log(`PostgreSQL not reachable at ${url}: CLI on PostgreSQL skipped`);
    return [];
  }
  const name = `nps_loop_bench_cli_${process.pid}`;
  await admin(url, `CREATE DATABASE ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  try {
    const db = await openDatabase({ databaseUrl: scratch.toString(), dataDir: "unused" });
    await db.migrate();
    await seed(db);
    await db.close();
    const r = await measure({ DATABASE_URL: scratch.toString() }, scratch.toString());
    return rows("PostgreSQL", r);
  } finally {
    await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

console.log(`CLI start-up benchmark: ${RUNS} runs each (median), ${ROWS.toLocaleString("en-US")} responses`);
reportRows([...(await embedded()), ...(await postgres())]);
process.exit(0);
