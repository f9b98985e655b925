// The only module that touches @prisma/schema-engine-wasm (an internal Prisma package, pinned
// exactly in package.json). It applies prisma/migrations and drafts new ones without Prisma's
// native engines, recording runs in `_prisma_migrations` exactly as `prisma migrate deploy` does.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);

interface MigrationDirectory {
  path: string;
  migrationFile: { path: string; content: { tag: "ok"; value: string } | { tag: "error"; value: string } };
}
interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: MigrationDirectory[];
}
type DiffTarget =
  | { tag: "empty" }
  | ({ tag: "migrations" } & MigrationList)
  | { tag: "schemaDatamodel"; files: { path: string; content: string }[] };
interface SchemaEngine {
  applyMigrations(input: {
    migrationsList: MigrationList;
    filters: Filters;
  }): Promise<{ appliedMigrationNames: string[] }>;
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: Filters;
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface Filters {
  externalTables: string[];
  externalEnums: string[];
}
interface SchemaEngineModule {
  SchemaEngine: {
    new: (
      options: { datamodels: [string, string][] },
      log: (line: string) => void,
      adapter: object,
    ) => Promise<SchemaEngine>;
  };
  __wbg_set_wasm(exports: Record<string, unknown>): void;
}

// @types/node 20 does not declare the WebAssembly global, which Node has.
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, unknown>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

const NO_FILTERS: Filters = { externalTables: [], externalEnums: [] };
export const PROJECT_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const SCHEMA_PATH = path.join(PROJECT_ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, "prisma/migrations");

let lastPanic: string | undefined;
let modulePromise: Promise<SchemaEngineModule> | undefined;

/** Loads the WASM engine by hand: the package's `.` export imports `.wasm` as ESM, which Node 20 refuses. */
function loadModule(): Promise<SchemaEngineModule> {
  modulePromise ??= (async () => {
    // The engine reports Rust panics through this global before throwing.
    const g = globalThis as unknown as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (m: string) => {
        lastPanic = m;
      },
    };
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(bgPath)) as SchemaEngineModule & Record<string, unknown>;
    const bytes = await readFile(path.join(path.dirname(bgPath), "schema_engine_bg.wasm"));
    const { instance } = await Wasm.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return modulePromise;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories: MigrationDirectory[] = [];
  for (const name of names) {
    const content = await readFile(path.join(dir, name, "migration.sql"), "utf8").then(
      (value) => ({ tag: "ok" as const, value }),
      (err: Error) => ({ tag: "error" as const, value: err.message }),
    );
    migrationDirectories.push({ path: name, migrationFile: { path: "migration.sql", content } });
  }
  const lockfile = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** The one query the pending check needs: rows of `_prisma_migrations` (absent before the first). */
interface RawQuerier {
  $queryRawUnsafe<T = unknown>(sql: string): Promise<T>;
}

/**
 * Names of migrations not yet applied, read cheaply from `_prisma_migrations` without the engine.
 * A migration that started and did not finish counts as pending, so that the engine reports it.
 */
export async function pendingMigrations(db: RawQuerier, dir = MIGRATIONS_DIR): Promise<string[]> {
  const names = (await readdir(dir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  let rows: { migration_name: string; finished: boolean; rolled_back: boolean }[];
  try {
    rows = await db.$queryRawUnsafe(
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
       FROM "_prisma_migrations"`,
    );
  } catch {
    return names.sort(); // no table yet: every migration is pending
  }
  if (rows.some((r) => !r.finished && !r.rolled_back)) return names.sort();
  const applied = new Set(rows.filter((r) => r.finished && !r.rolled_back).map((r) => r.migration_name));
  return names.filter((n) => !applied.has(n)).sort();
}

async function withEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  fn: (engine: SchemaEngine, schema: string) => Promise<T>,
): Promise<T> {
  const mod = await loadModule();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  const engine = await mod.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    return await fn(engine, schema);
  } catch (e) {
    if (lastPanic) {
      const msg = lastPanic;
      lastPanic = undefined;
      throw new Error(`Prisma schema engine panicked: ${msg}`, { cause: e });
    }
    throw e;
  } finally {
    engine.free();
  }
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrationsList = await readMigrations(dir);
  return withEngine(adapter, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

/**
 * SQL that takes a database from the migration history to the schema; empty when they agree.
 * The adapter's shadow database replays the migrations, so the live database is not touched.
 */
export async function diffMigrationsToSchema(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string> {
  const list = await readMigrations(dir);
  return withEngine(adapter, async (engine, content) => {
    const from: DiffTarget = list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" };
    const out = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = (out.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  });
}
