// Org file benchmark: applies a generated org file of N people (default 20,000 in 400 teams) to a
// fresh database, then applies it again (nothing to change). Each apply runs in a process of its own
// (as `nps-loop org apply` does), so that each peak RSS is that apply's; the time is the apply's
// (reading, parsing, validating, writing, committing), without opening the database. A breakdown
// per phase says where time and memory go. On the embedded database the applying process holds
// PGlite too: a bare PGlite process opening the same files is measured in the same run. The applying
// process runs as `nps-loop org apply` does: V8 set up by bin/engine.js's profile for the command
// (baseline WebAssembly code, bounded heap) and a 16 MB buffer pool (src/cli/org.ts).
// Target: under 10 s and 300 MB at 20,000 people.
//   npx tsx bench/org-apply.ts [--people 20000] [--teams 400]
// Without DATABASE_URL: PGlite on disk in a temporary folder. With DATABASE_URL: a scratch database
// on that server (created and dropped).
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ORG_APPLY_SHARED_BUFFERS_MB } from "../src/cli/org.js";
import { openDatabase } from "../src/db/client.js";
import { embeddedStartParams } from "../src/db/pglite-start.js";
import { nodeChild, ROOT, settledRss, stopChild } from "./lib/processes.js";
import { type BenchRow, reportRows } from "./lib/report.js";
import { fmtInt, printTable } from "./lib/table.js";
import { admin } from "./lib/target.js";

const { values: args } = parseArgs({
  options: {
    people: { type: "string", default: "20000" },
    teams: { type: "string", default: "400" },
  },
});
const PEOPLE = Number(args.people);
const TEAMS = Number(args.teams);
const TARGET_SECONDS = 10;
const TARGET_MB = 300;

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

interface PhaseFigure {
  phase: string;
  seconds: number;
  /** CPU time of the applying process (user + system): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  /** RSS when the phase ended, and the process's peak so far. */
  rssMb: number;
  peakMb: number;
}

interface ApplyFigures {
  /** V8's heap and memory outside it (WebAssembly memories: PGlite's, Prisma's query compiler), open and after applying. */
  opened: { heapMb: number; externalMb: number };
  applied: { heapMb: number; externalMb: number };
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  /** RSS with the database open, before applying. */
  openedMb: number;
  phases: PhaseFigure[];
  counts: string;
}

/**
 * The applying process: plain Node on the compiled sources (as `nps-loop org apply` runs them, no
 * TypeScript loader), opens the database, applies the file once, prints its figures as JSON.
 */
const CHILD = `
const { importCompiled } = await import(process.env.ROOT + "bin/prebuilt.js");
// As bin/nps-loop.js does for \`org apply\`.
const { commandProfile, tuneEngine } = await import(process.env.ROOT + "bin/engine.js");
tuneEngine(commandProfile(["org", "apply"]));
const { openDatabase } = await importCompiled("db/client.ts");
const { ORG_APPLY_SHARED_BUFFERS_MB } = await importCompiled("cli/org.ts");
const { silentLogger } = await importCompiled("log.ts");
const { applyOrgFile } = await importCompiled("services/org.ts");
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const rssNow = () => process.memoryUsage().rss / 1048576;
const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1e6; };
const url = process.env.DATABASE_URL;
const db = url
  ? await openDatabase({ databaseUrl: url, dataDir: "unused", poolSize: 4 })
  : await openDatabase({ dataDir: process.env.DATA_DIR, holder: "bench org-apply", sharedBuffersMb: ORG_APPLY_SHARED_BUFFERS_MB });
await db.prisma.$queryRawUnsafe("SELECT 1");
const openedMb = rssNow();
const memory = () => {
  const m = process.memoryUsage();
  return { heapMb: m.heapTotal / 1048576, externalMb: m.external / 1048576 };
};
const opened = memory();
const phases = [];
let current = "";
let since = 0;
let cpuSince = 0;
const onPhase = (phase) => {
  const now = performance.now();
  const cpu = cpuNow();
  if (current) phases.push({ phase: current, seconds: (now - since) / 1000, cpuSeconds: cpu - cpuSince, rssMb: rssNow(), peakMb: peakMb() });
  current = phase === "done" ? "" : phase;
  since = now;
  cpuSince = cpu;
};
const started = performance.now();
const cpuStarted = cpuNow();
const s = await applyOrgFile({ db: db.ctx, log: silentLogger }, process.env.ORG_FILE_PATH, { env: {}, onPhase });
const seconds = (performance.now() - started) / 1000;
const cpuSeconds = cpuNow() - cpuStarted;
const applied = memory();
await db.close();
const counts =
  "people " + s.people.created + " created, " + s.people.updated + " updated, " + s.people.unchanged +
  " unchanged; memberships +" + s.memberships.added + " -" + s.memberships.removed + "; " + s.changes.length + " changes";
console.log(JSON.stringify({ seconds, cpuSeconds, peakMb: peakMb(), openedMb, opened, applied, phases, counts }));
`;

async function runChild(file: string, env: Record<string, string>): Promise<ApplyFigures> {
  const child = nodeChild(["--input-type=module", "-e", CHILD], {
    LOG_LEVEL: "silent",
    ROOT: `${ROOT.replace(/\/$/, "")}/`,
    ORG_FILE_PATH: file,
    ...env,
  });
  const [code] = (await once(child, "exit")) as [number | null];
  const last = child.output().trim().split("\n").pop() ?? "";
  if (code !== 0 || !last.startsWith("{"))
    throw new Error(`the applying process failed (exit ${code}):\n${child.output()}`);
  return JSON.parse(last) as ApplyFigures;
}

/**
 * A bare PGlite process: opens the directory with the start parameters the applying process uses
 * (the product's, with org apply's 16 MB buffer pool), runs one query, and idles; its settled RSS.
 */
async function bareRss(dataDir: string): Promise<number> {
  const script =
    'import { PGlite } from "@electric-sql/pglite";' +
    "const db = await PGlite.create({ dataDir: process.env.DIR, startParams: JSON.parse(process.env.PARAMS) });" +
    'await db.query("SELECT count(*) FROM people");' +
    'console.log("ready"); setInterval(() => {}, 1000);';
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    env: {
      ...process.env,
      DIR: path.join(dataDir, "pglite"),
      PARAMS: JSON.stringify(embeddedStartParams(ORG_APPLY_SHARED_BUFFERS_MB)),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(child.stdout!, "data");
  const rss = await settledRss(child.pid!);
  await stopChild(child);
  return rss;
}

/** A fresh, migrated database: env for the applying processes, and how to drop it. */
async function freshDatabase(): Promise<{
  label: string;
  env: Record<string, string>;
  dir?: string;
  drop(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "nps-bench-org-"));
    execFileSync(process.execPath, ["bin/nps-loop.js", "db", "migrate"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: dir, LOG_LEVEL: "silent" },
    });
    return {
      label: "PGlite",
      env: { DATA_DIR: dir, DATABASE_URL: "" },
      dir,
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `nps_loop_bench_org_${process.pid}`;
  await admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(url, `CREATE DATABASE ${name}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: scratch.toString(), dataDir: "unused", poolSize: 2 });
  await db.migrate();
  await db.close();
  return {
    label: "PostgreSQL",
    env: { DATABASE_URL: scratch.toString() },
    drop: () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const mb = (n: number) => `${fmtInt(Math.round(n))} MB`;

function printBreakdown(step: string, f: ApplyFigures) {
  console.log(
    `\n${step}: ${f.seconds.toFixed(2)} s (CPU ${f.cpuSeconds.toFixed(2)} s), peak RSS ${mb(f.peakMb)} ` +
      `(${mb(f.openedMb)} with the database open); ${f.counts}`,
  );
  console.log(
    `V8 heap ${mb(f.opened.heapMb)} -> ${mb(f.applied.heapMb)}; outside the heap (WebAssembly, buffers) ` +
      `${mb(f.opened.externalMb)} -> ${mb(f.applied.externalMb)}`,
  );
  printTable(
    ["phase", "seconds", "CPU s", "share", "RSS after", "peak so far"],
    f.phases.map((p) => [
      p.phase,
      p.seconds.toFixed(2),
      p.cpuSeconds.toFixed(2),
      `${Math.round((100 * p.seconds) / f.seconds)}%`,
      mb(p.rssMb),
      mb(p.peakMb),
    ]),
  );
}

async function main() {
  const target = await freshDatabase();
  const dir = await mkdtemp(path.join(os.tmpdir(), "nps-bench-orgfile-"));
  const file = path.join(dir, "org.yaml");
  const people = fmtInt(PEOPLE);
  try {
    const text = orgYaml();
    await writeFile(file, text);
    console.log(
      `${target.label}: ${people} people in ${fmtInt(TEAMS)} teams (${(text.length / 1048576).toFixed(1)} MB of YAML); ` +
        `load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(" ")}`,
    );
    const first = await runChild(file, target.env);
    printBreakdown("first apply (creates everything)", first);
    const second = await runChild(file, target.env);
    printBreakdown("second apply (nothing changes)", second);
    const bare = target.dir ? await bareRss(target.dir) : undefined;
    if (bare !== undefined) console.log(`\nbare PGlite process on the same files: ${mb(bare)}`);
    console.log(
      `load average after: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
    const over = (f: ApplyFigures) => (bare === undefined ? "" : `bare PGlite +${mb(f.peakMb - bare)}`);
    const rows: BenchRow[] = [];
    for (const [what, f] of [
      [`first apply, ${people} people`, first],
      ["second apply (no change)", second],
    ] as const) {
      rows.push(
        {
          bench: "org-apply",
          figure: `${target.label}: ${what}, time`,
          value: `${f.seconds.toFixed(1)} s`,
          ratio: `CPU ${f.cpuSeconds.toFixed(1)} s`,
          target: `< ${TARGET_SECONDS} s`,
          pass: f.seconds < TARGET_SECONDS,
        },
        {
          bench: "org-apply",
          figure: `${target.label}: ${what}, peak RSS`,
          value: mb(f.peakMb),
          ratio: over(f),
          target: `< ${TARGET_MB} MB`,
          pass: f.peakMb < TARGET_MB,
        },
      );
    }
    if (bare !== undefined) {
      rows.push({
        bench: "org-apply",
        figure: "bare PGlite on the same files (baseline)",
        value: mb(bare),
        ratio: "",
        target: "",
        pass: undefined,
      });
    }
    reportRows(rows);
  } finally {
    await target.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
