// A fresh, migrated database for one test file: PGlite in memory, or a new database on the
// PostgreSQL server named by DATABASE_URL (the CI's second pass).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/client.js";
import { withDatabase } from "./global-setup.js";

export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `nps_loop_t_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplateName")}`);
    await admin.end();
    const db = await openDatabase({ databaseUrl: withDatabase(url, name), dataDir: "unused", poolSize: 5 });
    const close = db.close.bind(db);
    db.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
    return db;
  }
  const bytes = await readFile(inject("pgliteTemplate"));
  return openDatabase({ dataDir: "memory://", loadDataDir: new Blob([bytes]) });
}

/** True when the suite runs against a PostgreSQL server. */
export const onPostgres = Boolean(process.env.DATABASE_URL);
