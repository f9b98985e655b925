// A fresh, migrated database for one test file: PGlite in memory, or a new database on the
// PostgreSQL server named by DATABASE_URL (the CI's second pass).
//
// PGlite: starting one from the template dump costs about 2 s of CPU (WASM start, untar of a 40 MB
// data directory, PostgreSQL start-up), which was a large share of the suite. So each vitest worker
// keeps its PGlite instances: close() hands the instance back (after a reset to the template's
// state: every table emptied, identities restarted, session state discarded) and the next
// createTestDatabase() in that worker (same file, or the next file: the integration project runs
// without per-file isolation) takes it. A closed handle refuses every query with "PGlite is
// closed", exactly as a really closed PGlite does, so code still running against it (a loop a test
// forgot to stop, or a test closing the database under a running app on purpose) can never touch
// the next user's data. An instance whose schema no longer matches the template after the reset
// (a test that created a table or a function) is really closed instead of reused.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { inject } from "vitest";
import { type Database, openDatabase, PrismaClient } from "../../src/db/client.js";
import { createDbContext } from "../../src/db/context.js";
import { applyMigrations } from "../../src/db/schema-engine.js";
import { withDatabase } from "./global-setup.js";
import { countingAdapter, type QueryCounter } from "./query-count.js";

export async function createTestDatabase(opts: { queryCounter?: QueryCounter } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) return createServerDatabase(url, opts.queryCounter);
  const pglite = pool.idle.pop() ?? (await startPGlite());
  return checkOut(pglite, opts.queryCounter);
}

/** True when the suite runs against a PostgreSQL server. */
export const onPostgres = Boolean(process.env.DATABASE_URL);

async function createServerDatabase(url: string, counter?: QueryCounter): Promise<Database> {
  const name = `nps_loop_t_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplateName")}`);
  await admin.end();
  const db = await openDatabase({ databaseUrl: withDatabase(url, name), dataDir: "unused", poolSize: 5 });
  const close = db.close.bind(db);
  // Counted: the statements go through a second client, on an adapter that counts them.
  const counted = counter
    ? new PrismaClient({
        adapter: countingAdapter(new PrismaPg({ connectionString: withDatabase(url, name), max: 5 }), counter),
      })
    : undefined;
  if (counted) {
    db.prisma = counted;
    db.ctx = createDbContext(counted);
  }
  db.close = async () => {
    await counted?.$disconnect();
    await close();
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  return db;
}

// ---- PGlite instances kept per worker ----

interface Template {
  /** The migrated template's data directory (a tar). */
  bytes: Uint8Array;
  /** The compiled PGlite WASM, instantiated again for each new instance. */
  wasm: WasmModule | undefined;
  /** What reset() checks an instance against. */
  fingerprint: string;
  /** TRUNCATE statement for every application table. */
  truncate: string;
}

const pool: { idle: PGlite[]; template?: Promise<Template> } = { idle: [] };

/** A tar File whose arrayBuffer() hands the bytes over at once (Node's reads a Blob as a stream: 0.5 s for 40 MB). */
class TarBytes extends File {
  readonly #data: Uint8Array;
  constructor(data: Uint8Array) {
    super([], "template.tar");
    this.#data = data;
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#data.slice().buffer as ArrayBuffer);
  }
}

type WasmModule = NonNullable<PGliteOptions["pgliteWasmModule"]>;
/** WebAssembly is a global of Node; this project's TypeScript libraries do not declare it as a value. */
const wasmApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WasmModule> } })
  .WebAssembly;

const FINGERPRINT_SQL = `
  SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS f FROM (
    SELECT 'c:' || c.relname || ':' || c.relkind::text || ':' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
           || ':' || a.attnotnull::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS x
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg_temp%'
       AND n.nspname NOT LIKE 'pg_toast_temp%'
    UNION ALL SELECT 'n:' || nspname FROM pg_namespace
    UNION ALL SELECT 'k:' || conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint
     WHERE connamespace NOT IN (SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'information_schema'))
    UNION ALL SELECT 'p:' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL SELECT 't:' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'e:' || extname FROM pg_extension
    UNION ALL SELECT 'r:' || rolname FROM pg_roles
    UNION ALL SELECT 'y:' || typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    UNION ALL SELECT 'm:' || count(*) FROM "_prisma_migrations"
  ) q`;

function loadTemplate(): Promise<Template> {
  pool.template ??= (async () => {
    const bytes = new Uint8Array(await readFile(inject("pgliteTemplate")));
    let wasm: WasmModule | undefined;
    try {
      const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
      wasm = await wasmApi.compile(await readFile(path.join(path.dirname(entry), "pglite.wasm")));
    } catch {
      wasm = undefined; // PGlite finds and compiles its own
    }
    const probe = await PGlite.create({
      dataDir: "memory://",
      loadDataDir: new TarBytes(bytes),
      ...(wasm ? { pgliteWasmModule: wasm } : {}),
    });
    const tables = await probe.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename <> '_prisma_migrations'
        ORDER BY 1`,
    );
    const fingerprint = (await probe.query<{ f: string }>(FINGERPRINT_SQL)).rows[0]!.f;
    pool.idle.push(probe);
    const names = tables.rows.map((r) => r.name).join(", ");
    return { bytes, wasm, fingerprint, truncate: names ? `TRUNCATE ${names} RESTART IDENTITY CASCADE` : "" };
  })();
  return pool.template;
}

async function startPGlite(): Promise<PGlite> {
  const template = await loadTemplate();
  // The first call leaves its probe instance idle: take it.
  const ready = pool.idle.pop();
  if (ready) return ready;
  return PGlite.create({
    dataDir: "memory://",
    loadDataDir: new TarBytes(template.bytes),
    ...(template.wasm ? { pgliteWasmModule: template.wasm } : {}),
  });
}

/** Back to the template's state; false when the instance cannot be trusted to be. */
async function reset(pglite: PGlite): Promise<boolean> {
  const template = await loadTemplate();
  // transaction() waits for a transaction still open on the instance to end.
  await pglite.transaction(async (tx) => {
    if (template.truncate) await tx.exec(template.truncate);
  });
  // Advisory locks, prepared statements, temporary tables, LISTEN, settings of the session.
  await pglite.exec("DISCARD ALL");
  const now = (await pglite.query<{ f: string }>(FINGERPRINT_SQL)).rows[0]!.f;
  return now === template.fingerprint;
}

const RESET_TIMEOUT_MS = 15_000;

async function release(pglite: PGlite): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const clean = await Promise.race([
    reset(pglite).catch(() => false),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), RESET_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (clean && !pglite.closed) pool.idle.push(pglite);
  else void pglite.close().catch(() => {});
}

/** A handle on a pooled instance: refuses every call once closed, like a closed PGlite. */
function guard(pglite: PGlite, isOpen: () => boolean): PGlite {
  return new Proxy(pglite, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "closed") return !isOpen() || target.closed;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (!isOpen()) {
          const err = new Error("PGlite is closed");
          // The adapter awaits most calls and calls a few without awaiting: reject or throw alike.
          return prop === "rollback" ? undefined : Promise.reject(err);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function checkOut(pglite: PGlite, counter?: QueryCounter): Database {
  let open = true;
  const pgliteAdapter = new PrismaPGlite(guard(pglite, () => open)) as unknown as SqlMigrationAwareDriverAdapterFactory;
  const adapter = counter ? countingAdapter(pgliteAdapter, counter) : pgliteAdapter;
  const prisma = new PrismaClient({ adapter });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    ctx: createDbContext(prisma),
    kind: "pglite",
    migrate: () => applyMigrations(pgliteAdapter),
    async ping() {
      try {
        await prisma.$queryRawUnsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= (async () => {
        open = false;
        await prisma.$disconnect();
        await release(pglite);
      })();
      return closing;
    },
  };
}
