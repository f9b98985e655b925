// Prisma client factory: embedded PGlite under DATA_DIR when no DATABASE_URL, else a PostgreSQL
// server through @prisma/adapter-pg. Both speak the same schema and migration history.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { AppError } from "../core/errors.js";
import { createDbContext, type DbContext } from "./context.js";
import { acquireDataDirLock, connectionString, type LockInfo, type SocketAddress } from "./data-dir-lock.js";
import type { EmbeddedSocket } from "./embedded-socket.js";
import { PrismaClient } from "./generated/client.js";
import { applyMigrations, pendingMigrations } from "./schema-engine.js";

export type Db = PrismaClient;
export { PrismaClient };

export interface DatabaseOptions {
  /** postgresql://... for a server; undefined for embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; "memory://" for a throwaway in-memory database. */
  dataDir: string;
  /** Pool size for a PostgreSQL server. */
  poolSize?: number;
  /** Start PGlite from a dump (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  /**
   * Embedded database opened by this process: Postgres's buffer pool in MB (default 32; see
   * pglite-start.ts). Ignored on PostgreSQL and when the server's socket is reached instead.
   */
  sharedBuffersMb?: number;
  /**
   * When another process holds DATA_DIR's embedded database: "refuse" (a server: two owners would
   * corrupt it) or "connect" through the socket the owner serves (CLI commands). Default "refuse".
   */
  whenLocked?: "refuse" | "connect";
  /** Written into the lock file so that others can say who holds it ("server", "nps-loop nps"...). */
  holder?: string;
}

export interface Database {
  prisma: PrismaClient;
  ctx: DbContext;
  kind: "pglite" | "postgres";
  /**
   * Embedded database only: where other processes reach it. `owner` when this process opened the
   * files and serves them; `connected` when it reached another process's database through its socket.
   */
  share?: { role: "owner" | "connected"; url: string };
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The embedded database's modules, loaded only by the process that opens the files: a CLI command
 * that reaches the server's socket, or a PostgreSQL deployment, never pays for PGlite's start-up.
 */
async function loadEmbedded() {
  const [{ PGlite }, { PrismaPGlite }, start, { serveEmbedded }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
    import("./pglite-start.js"),
    import("./embedded-socket.js"),
  ]);
  return { PGlite, PrismaPGlite, serveEmbedded, ...start };
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const adapter = new PrismaPg({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    return wrap(new PrismaClient({ adapter }), "postgres", adapter, async () => {});
  }
  if (opts.dataDir.startsWith("memory://")) {
    const { PGlite, PrismaPGlite, EMBEDDED_START_PARAMS, forPrismaAdapter } = await loadEmbedded();
    const pglite = await PGlite.create({
      dataDir: opts.dataDir,
      startParams: EMBEDDED_START_PARAMS,
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    const adapter = new PrismaPGlite(forPrismaAdapter(pglite)) as unknown as SqlMigrationAwareDriverAdapterFactory;
    return wrap(new PrismaClient({ adapter }), "pglite", adapter, () => pglite.close());
  }
  return openEmbeddedFiles(opts);
}

/** Opens DATA_DIR's embedded database as its only owner, or reaches it through the owner's socket. */
async function openEmbeddedFiles(opts: DatabaseOptions): Promise<Database> {
  const root = path.resolve(opts.dataDir);
  const lock = await acquireDataDirLock(root, opts.holder ?? "nps-loop");
  if ("heldBy" in lock) {
    if ((opts.whenLocked ?? "refuse") === "connect") return connectToOwner(root, lock.heldBy, lock.path);
    throw new AppError(
      "DATABASE_UNAVAILABLE",
      `the embedded database in ${root} is in use by ${describeHolder(lock.heldBy)}. ` +
        "Only one process may open it: stop that process, or give this one another DATA_DIR " +
        `(or a DATABASE_URL). Lock file: ${lock.path}`,
      lock.heldBy,
    );
  }
  const owned = lock.acquired;
  try {
    const dataDir = path.join(root, "pglite");
    await mkdir(dataDir, { recursive: true });
    const { openPGliteFiles, serveEmbedded, PrismaPGlite, forPrismaAdapter } = await loadEmbedded();
    const pglite = await openPGliteFiles(dataDir, opts.loadDataDir, opts.sharedBuffersMb);
    let socket: EmbeddedSocket;
    try {
      socket = await serveEmbedded(pglite, root);
      await owned.update(socket.address);
    } catch (e) {
      await pglite.close();
      throw e;
    }
    const adapter = new PrismaPGlite(forPrismaAdapter(pglite)) as unknown as SqlMigrationAwareDriverAdapterFactory;
    const db = wrap(new PrismaClient({ adapter }), "pglite", adapter, async () => {
      await socket.stop();
      await pglite.close();
      await owned.release();
    });
    db.share = { role: "owner", url: connectionString(socket.address) };
    return db;
  } catch (e) {
    await owned.release();
    throw e;
  }
}

function describeHolder(info: LockInfo): string {
  return `${info.holder} (process ${info.pid}, since ${info.startedAt || "an unknown time"})`;
}

function pgConfig(socket: SocketAddress) {
  // One connection: the owner serves one client at a time.
  return socket.kind === "unix"
    ? { host: socket.dir, port: socket.port, user: "postgres", database: "postgres", max: 1 }
    : { host: socket.host, port: socket.port, user: "postgres", database: "postgres", max: 1, ssl: false };
}

async function connectToOwner(root: string, info: LockInfo, lockPath: string): Promise<Database> {
  if (!info.socket) {
    throw new AppError(
      "DATABASE_UNAVAILABLE",
      `the embedded database in ${root} is open in ${describeHolder(info)}, which is still starting or serves ` +
        `no socket. Wait for it to finish and try again (lock file: ${lockPath}).`,
      info,
    );
  }
  const url = connectionString(info.socket);
  const adapter = new PrismaPg(pgConfig(info.socket));
  const db = wrap(new PrismaClient({ adapter }), "pglite", adapter, async () => {});
  db.share = { role: "connected", url };
  // The owner applied the migrations when it opened the files; the schema engine would also need a
  // second connection, which the owner's socket does not serve.
  db.migrate = async () => [];
  try {
    await db.prisma.$queryRawUnsafe("SELECT 1");
  } catch (e) {
    await db.close().catch(() => {});
    throw new AppError(
      "DATABASE_UNAVAILABLE",
      `the embedded database in ${root} is open in ${describeHolder(info)}, and its socket (${url}) did not ` +
        `answer: ${e instanceof Error ? e.message : String(e)}. It serves one connection at a time: close ` +
        "any psql or Prisma Studio session on it and try again; if that process is hung, stop it.",
      info,
    );
  }
  return db;
}

function wrap(
  prisma: PrismaClient,
  kind: Database["kind"],
  adapter: SqlMigrationAwareDriverAdapterFactory,
  closeDriver: () => Promise<void>,
): Database {
  const db: Database = {
    prisma,
    ctx: createDbContext(prisma),
    kind,
    // The schema engine (a large WASM module) is loaded only when a migration is pending.
    migrate: async () => ((await pendingMigrations(prisma)).length ? applyMigrations(adapter) : []),
    async ping() {
      try {
        await prisma.$queryRawUnsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
  return db;
}
