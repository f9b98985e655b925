// How the embedded database starts. Two choices keep the server light (figures: bench/memory.ts):
// - Postgres's shared_buffers: PGlite's default (128 MB) is touched at start and stays resident;
//   32 MB serves this workload (the operating system's page cache holds the files anyway).
// - initdb: PGlite runs it inside the process that creates the data directory, and that process
//   keeps initdb's memory (~500 MB) for the rest of its life. A new directory is therefore created
//   by a short-lived child process; this one then opens the finished directory.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** PGlite's own start parameters (0.5.x) plus the memory settings above. */
export const EMBEDDED_START_PARAMS = [
  "--single",
  "-F",
  "-O",
  "-j",
  "-c",
  "search_path=public",
  "-c",
  "exit_on_error=false",
  "-c",
  "log_checkpoints=false",
  "-c",
  "max_worker_processes=0",
  "-c",
  "max_parallel_workers=0",
  "-c",
  "max_parallel_workers_per_gather=0",
  "-c",
  "io_method=sync",
  "-c",
  "max_parallel_maintenance_workers=0",
  "-c",
  "shared_buffers=32MB",
];

/** Creates the data directory in a child process when it holds no database yet. */
export async function initDataDirApart(dataDir: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, "PG_VERSION"))) return false;
  const script =
    "const { PGlite } = require(process.env.NPS_PGLITE_MODULE);" +
    "PGlite.create({ dataDir: process.env.NPS_PGLITE_DIR }).then((db) => db.close())" +
    ".catch((e) => { console.error(e && e.message ? e.message : String(e)); process.exit(1); });";
  await run(process.execPath, ["-e", script], {
    env: { ...process.env, NPS_PGLITE_MODULE: require.resolve("@electric-sql/pglite"), NPS_PGLITE_DIR: dataDir },
    maxBuffer: 4 * 1024 * 1024,
  });
  return true;
}

/** Opens an embedded database on disk (created apart when new) with the settings above. */
export async function openPGliteFiles(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  if (!loadDataDir) await initDataDirApart(dataDir);
  return PGlite.create({ dataDir, startParams: EMBEDDED_START_PARAMS, ...(loadDataDir ? { loadDataDir } : {}) });
}
