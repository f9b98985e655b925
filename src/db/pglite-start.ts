// How the embedded database starts. Three choices keep the server light (figures: bench/memory.ts):
// - Postgres's shared_buffers: PGlite's default (128 MB) is touched at start and stays resident;
//   32 MB serves this workload (the operating system's page cache holds the files anyway). A
//   process may ask for less (`nps-loop org apply`: 16 MB, see src/cli/org.ts).
// - initdb: PGlite runs it inside the process that creates the data directory, and that process
//   keeps initdb's memory (~500 MB) for the rest of its life. A new directory is therefore created
//   by a short-lived child process; this one then opens the finished directory.
// - Prisma's queries reach PGlite without per-query parsers (forPrismaAdapter below), which made
//   PGlite copy its whole parser table for every query.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** Postgres's buffer pool (MB) unless a process asks for another. */
export const DEFAULT_SHARED_BUFFERS_MB = 32;

/** PGlite's own start parameters (0.5.x) plus the memory settings above. */
export function embeddedStartParams(sharedBuffersMb = DEFAULT_SHARED_BUFFERS_MB): string[] {
  return [...COMMON_START_PARAMS, "-c", `shared_buffers=${sharedBuffersMb}MB`];
}

const COMMON_START_PARAMS = [
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
];

export const EMBEDDED_START_PARAMS = embeddedStartParams();

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
export async function openPGliteFiles(
  dataDir: string,
  loadDataDir?: Blob,
  sharedBuffersMb = DEFAULT_SHARED_BUFFERS_MB,
): Promise<PGlite> {
  if (!loadDataDir) await initDataDirApart(dataDir);
  return PGlite.create({
    dataDir,
    startParams: embeddedStartParams(sharedBuffersMb),
    ...(loadDataDir ? { loadDataDir } : {}),
  });
}

type QueryOptions = { parsers?: Record<number | string, (value: string, typeId: number) => unknown> } & object;
type Queryable = { query: (sql: string, params?: unknown[], options?: QueryOptions) => Promise<unknown> };

/**
 * The instance as the Prisma adapter (pglite-prisma-adapter) sees it. The adapter passes its result
 * parsers with every query, and PGlite then copies its whole parser table (one entry per type and per
 * array type, ~650) into a new object for that query: tens of KB of garbage per query, most of what
 * the server allocated under /nps and ingestion (bench/memory.ts). Here the adapter's parsers are
 * written into the instance's own table (what PGlite uses when a query brings none) and queries reach
 * PGlite without them: each query parses its rows with the same parsers, without the copy. Only the
 * adapter queries the instance through parsers (the embedded socket forwards the wire protocol as is).
 */
export function forPrismaAdapter(pglite: PGlite): PGlite {
  const lean = (options: QueryOptions | undefined): QueryOptions | undefined => {
    if (!options?.parsers) return options;
    const { parsers, ...rest } = options;
    // Written on each query (a few dozen entries, no allocation): PGlite rewrites its array-type
    // entries when it refreshes them, and this puts the adapter's back.
    Object.assign(pglite.parsers, parsers);
    return rest;
  };
  const leanQueries = <T extends Queryable>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        if (prop === "query") {
          return (sql: string, params?: unknown[], options?: QueryOptions) => t.query(sql, params, lean(options));
        }
        if (prop === "transaction" && t === (pglite as unknown)) {
          return <R>(fn: (tx: Queryable) => Promise<R>) =>
            pglite.transaction((tx) => fn(leanQueries(tx as unknown as Queryable)));
        }
        const value = Reflect.get(t, prop, t);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  return leanQueries(pglite as unknown as Queryable) as unknown as PGlite;
}
