// Where a benchmark runs: without DATABASE_URL a fresh PGlite (in memory, or on disk in a temporary
// folder); with it, a scratch database created on that server and dropped at the end (and on ^C, so
// that a million-row database is never left behind).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../../src/db/client.js";

export interface BenchTarget {
  db: Database;
  label: string;
  /** Drops what the benchmark created, leaving the database handle alone (when an app closed it). */
  cleanup(): Promise<void>;
  /** Closes the database, then drops what the benchmark created. */
  close(): Promise<void>;
}

export interface BenchTargetOptions {
  /** Part of the scratch database's name and of the temporary folder's. */
  name: string;
  /** PGlite on disk in a temporary folder rather than in memory. */
  onDisk?: boolean;
  /** Apply the migrations before returning. */
  migrate?: boolean;
}

export async function openBenchTarget(opts: BenchTargetOptions): Promise<BenchTarget> {
  const url = process.env.DATABASE_URL;
  let target: Omit<BenchTarget, "close">;
  if (!url) {
    if (opts.onDisk) {
      const dir = await mkdtemp(path.join(os.tmpdir(), `nps-bench-${opts.name}-`));
      const db = await openDatabase({ dataDir: dir });
      target = { db, label: `PGlite (on disk in ${dir})`, cleanup: () => rm(dir, { recursive: true, force: true }) };
    } else {
      const db = await openDatabase({ dataDir: "memory://" });
      target = { db, label: "PGlite (in memory)", cleanup: async () => {} };
    }
  } else {
    const name = `nps_loop_bench_${opts.name.replace(/\W/g, "_")}_${randomBytes(4).toString("hex")}`;
    await admin(url, `CREATE DATABASE ${name}`);
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    const db = await openDatabase({ databaseUrl: scratch.toString(), dataDir: "unused", poolSize: 10 });
    const drop = () => admin(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    process.once("SIGINT", () => void drop().finally(() => process.exit(130)));
    target = { db, label: `PostgreSQL at ${scratch.host} (scratch database ${name})`, cleanup: drop };
  }
  if (opts.migrate) await target.db.migrate();
  return {
    ...target,
    close: async () => {
      await target.db.close().catch(() => {});
      await target.cleanup();
    },
  };
}

/** One statement on the server's maintenance connection (CREATE or DROP DATABASE). */
export async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The server's name and version, without the build details. */
export async function serverVersion(db: Database): Promise<string> {
  const [v] = await db.prisma.$queryRawUnsafe<{ v: string }[]>("SELECT version() AS v");
  return (v?.v ?? "").split(",")[0]!.split(" on ")[0]!;
}
