// Prisma client factory: embedded PGlite under DATA_DIR when no DATABASE_URL, else a PostgreSQL
// server through @prisma/adapter-pg. Both speak the same schema and migration history.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createDbContext, type DbContext } from "./context.js";
import { PrismaClient } from "./generated/client.js";
import { applyMigrations } from "./schema-engine.js";

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
}

export interface Database {
  prisma: PrismaClient;
  ctx: DbContext;
  kind: "pglite" | "postgres";
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const adapter = new PrismaPg({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    return wrap(new PrismaClient({ adapter }), "postgres", adapter, async () => {});
  }
  const dataDir = opts.dataDir.startsWith("memory://") ? opts.dataDir : path.resolve(opts.dataDir, "pglite");
  if (!dataDir.startsWith("memory://")) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  const adapter = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return wrap(new PrismaClient({ adapter }), "pglite", adapter, () => pglite.close());
}

function wrap(
  prisma: PrismaClient,
  kind: Database["kind"],
  adapter: SqlMigrationAwareDriverAdapterFactory,
  closeDriver: () => Promise<void>,
): Database {
  return {
    prisma,
    ctx: createDbContext(prisma),
    kind,
    migrate: () => applyMigrations(adapter),
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
}
