// The one table `npm run bench` prints. A benchmark run by bench/run.ts reports its headline
// figures here (one row each); run on its own it prints the same rows as a table.
import { appendFileSync, readFileSync } from "node:fs";
import { formatTable } from "./table.js";

export interface BenchRow {
  bench: string;
  figure: string;
  /** The measured value, formatted with its unit ("356 MB", "1.2 s"). */
  value: string;
  /** Against the baseline measured in the same run ("0.64x", "+76 MB"); "" when none. */
  ratio: string;
  /** What it should be ("<= +100 MB"). */
  target: string;
  pass: boolean | undefined;
}

/** Where bench/run.ts collects rows (one JSON object a line); unset when a bench runs alone. */
export const ROWS_FILE_ENV = "NPS_BENCH_ROWS_FILE";

/** `--scale small|full` from the command line (small unless asked). */
export function benchScale(argv = process.argv): "small" | "full" {
  const i = argv.indexOf("--scale");
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--scale="))?.slice(8);
  return v === "full" ? "full" : "small";
}

export function reportRows(rows: BenchRow[]): void {
  const file = process.env[ROWS_FILE_ENV];
  if (file) appendFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  console.log(`\n${formatRows(rows)}\n`);
}

export function formatRows(rows: BenchRow[]): string {
  return formatTable(
    ["bench", "figure", "value", "ratio", "target", "result"],
    rows.map((r) => [
      r.bench,
      r.figure,
      r.value,
      r.ratio,
      r.target,
      r.pass === undefined ? "-" : r.pass ? "pass" : "FAIL",
    ]),
    2,
  );
}

/** Resident memory of a process in MB, from /proc (Linux); NaN elsewhere or once it has exited. */
export function rssMb(pid: number = process.pid): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
