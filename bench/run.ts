// `npm run bench [-- --scale full] [--only memory,cli]`: every benchmark in BENCHES, each in a
// process of its own (memory figures stay apart), then one table of their headline figures.
// A benchmark registers with one entry in BENCHES; it reports its rows with reportRows()
// (bench/lib/report.ts). A listed file that is absent, or that fails, gets a row saying so and the
// others still run. Each benchmark's full output goes to bench-results/<name>.log.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./lib/processes.js";
import { type BenchRow, formatRows, ROWS_FILE_ENV } from "./lib/report.js";

export interface BenchEntry {
  /** Its name in the table and for --only. */
  name: string;
  /** The file under bench/. */
  file: string;
  /** Arguments at each scale; by default `--scale small` or `--scale full` (read with benchScale()). */
  small?: string[];
  full?: string[];
}

export const BENCHES: BenchEntry[] = [
  { name: "memory", file: "memory.ts" },
  { name: "cli", file: "cli.ts", small: ["--runs", "3"], full: ["--runs", "5", "--scale", "full"] },
  {
    name: "ingest",
    file: "ingest.ts",
    small: ["--singles", "400", "--clients", "16", "--batch-items", "4000", "--csv-rows", "20000"],
    full: ["--singles", "4000", "--clients", "8,16,32", "--batch-items", "20000", "--csv-rows", "1000000"],
  },
  { name: "query", file: "query.ts", small: ["--rows", "20000", "--runs", "10"], full: [] },
  {
    name: "slack",
    file: "slack.ts",
    small: ["--rows", "20000", "--clicks", "20", "--commands", "10", "--burst", "10"],
    full: [],
  },
  { name: "delivery", file: "delivery.ts", small: ["--quick"], full: [] },
  {
    name: "org-apply",
    file: "org-apply.ts",
    small: ["--people", "2000", "--teams", "40"],
    full: ["--people", "20000", "--teams", "400"],
  },
  { name: "impact", file: "impact.ts", small: ["--rows", "100000", "--runs", "30"], full: [] },
  { name: "retention", file: "retention.ts", small: ["--small"], full: [] },
  { name: "charts", file: "charts.ts", small: ["--small"], full: [] },
];

const { values: args } = parseArgs({
  options: { scale: { type: "string", default: "small" }, only: { type: "string" } },
});
const scale = args.scale === "full" ? "full" : "small";
const only = args.only?.split(",").map((s) => s.trim());

async function runOne(entry: BenchEntry, logDir: string): Promise<BenchRow[]> {
  const file = path.join(ROOT, "bench", entry.file);
  const note = (value: string): BenchRow[] => [
    { bench: entry.name, figure: "(whole benchmark)", value, ratio: "", target: "", pass: undefined },
  ];
  if (!existsSync(file)) return note(`not present (bench/${entry.file})`);
  const rowsFile = path.join(os.tmpdir(), `nps-bench-rows-${process.pid}-${entry.name}.jsonl`);
  await rm(rowsFile, { force: true });
  const benchArgs = (scale === "full" ? entry.full : entry.small) ?? ["--scale", scale];
  const log = createWriteStream(path.join(logDir, `${entry.name}.log`));
  const started = performance.now();
  process.stdout.write(`${entry.name}: running (${benchArgs.join(" ") || "defaults"})... `);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...benchArgs], {
      cwd: ROOT,
      env: { ...process.env, [ROWS_FILE_ENV]: rowsFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on("exit", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  log.end();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${code === 0 ? "done" : `exit ${code}`} in ${seconds.toFixed(0)} s`);
  const text = await readFile(rowsFile, "utf8").catch(() => "");
  await rm(rowsFile, { force: true });
  const rows = text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as BenchRow);
  if (code !== 0) rows.push(...note(`failed (exit ${code}); see bench-results/${entry.name}.log`));
  else if (!rows.length)
    rows.push(...note(`ran in ${seconds.toFixed(0)} s; figures in bench-results/${entry.name}.log`));
  return rows;
}

const logDir = path.join(ROOT, "bench-results");
await mkdir(logDir, { recursive: true });
const started = performance.now();
const all: BenchRow[] = [];
for (const entry of BENCHES) {
  if (only && !only.includes(entry.name)) continue;
  all.push(...(await runOne(entry, logDir)));
}
const minutes = (performance.now() - started) / 60_000;
console.log(
  `\nNPS Loop benchmarks (${scale} scale, ${minutes.toFixed(1)} min; Node ${process.version}, ${os.cpus().length} CPUs)\n`,
);
console.log(formatRows(all));
const failed = all.filter((r) => r.pass === false).length;
console.log(`\n${all.filter((r) => r.pass).length} pass, ${failed} fail; logs in bench-results/`);
process.exit(0);
