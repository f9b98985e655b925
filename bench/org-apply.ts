// Org file benchmark: applies a generated org file of N people (default 20,000 in 400 teams) to a
// fresh embedded database on disk, then applies it again (nothing to change), printing wall time
// and peak RSS of each step. Target: under 10 s and 300 MB at 20,000 people.
//   npx tsx bench/org-apply.ts [--people 20000] [--teams 400]
// With DATABASE_URL: a scratch database on that server instead (created and dropped).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/client.js";
import { silentLogger } from "../src/log.js";
import { applyOrgFile } from "../src/services/org.js";

const { values: args } = parseArgs({
  options: { people: { type: "string", default: "20000" }, teams: { type: "string", default: "400" } },
});
const PEOPLE = Number(args.people);
const TEAMS = Number(args.teams);

function orgYaml(): string {
  const lines = ["version: 1", "companies:", "  - { slug: acme, name: Acme Services, area: North }", "teams:"];
  for (let t = 0; t < TEAMS; t++) {
    lines.push(`  - slug: team-${t}`, `    name: Team ${t}`, "    company: acme", "    timeZone: Europe/London");
  }
  lines.push("people:");
  for (let i = 0; i < PEOPLE; i++) {
    const team = i % TEAMS;
    const role = i < TEAMS ? "manager" : "staff";
    lines.push(
      `  - name: Person ${i}`,
      `    email: person.${i}@acme.example`,
      `    role: ${role}`,
      `    teams: [team-${team}]`,
      `    slackUserId: U${String(1_000_000 + i)}`,
      "    timeZone: Europe/London",
    );
  }
  return `${lines.join("\n")}\n`;
}

async function openTarget(): Promise<{ db: Database; label: string; cleanup(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "nps-bench-org-"));
    // Migrate in a child process: the schema engine (WebAssembly) would otherwise own the peak RSS.
    execFileSync(process.execPath, ["bin/nps-loop.js", "db", "migrate"], {
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: dir, LOG_LEVEL: "silent" },
    });
    const db = await openDatabase({ dataDir: dir });
    return { db, label: "PGlite on disk", cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  const name = `nps_loop_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: scratch.toString(), dataDir: "unused", poolSize: 4 });
  return { db, label: "PostgreSQL", cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;

async function main() {
  const target = await openTarget();
  if (target.label !== "PGlite on disk") await target.db.migrate();
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "nps-bench-orgfile-")), "org.yaml");
  await writeFile(file, orgYaml());
  const deps = { db: target.db.ctx, log: silentLogger };
  const before = process.resourceUsage().maxRSS;
  console.log(`${target.label}: ${PEOPLE} people in ${TEAMS} teams; RSS before applying ${mb(before)}`);
  try {
    for (const step of ["first apply (creates everything)", "second apply (nothing changes)"]) {
      const started = performance.now();
      const s = await applyOrgFile(deps, file, { env: {} });
      const secs = (performance.now() - started) / 1000;
      console.log(
        `  ${step.padEnd(34)} ${secs.toFixed(1)} s, peak RSS ${mb(process.resourceUsage().maxRSS)} ` +
          `(people ${s.people.created} created, ${s.people.unchanged} unchanged; memberships +${s.memberships.added})`,
      );
    }
  } finally {
    await target.db.close();
    await target.cleanup();
    await rm(path.dirname(file), { recursive: true, force: true });
  }
}

await main();
