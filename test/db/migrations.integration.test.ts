import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { readMigrations } from "../../src/db/schema-engine.js";
import { createTestDatabase } from "../support/db.js";

const require = createRequire(import.meta.url);

describe("migrations", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it("applying every migration yields exactly the Prisma schema (the diff is empty)", () => {
    // The CLI's own command, in a child process (the WASM engine does not load under vitest).
    const out = execFileSync(
      process.execPath,
      [require.resolve("tsx/cli"), "src/cli/main.ts", "db", "diff", "--check"],
      {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "silent" },
      },
    );
    expect(out.trim()).toBe("Migrations match prisma/schema.prisma: no new migration needed.");
  }, 180_000);

  it("records every migration in _prisma_migrations as prisma migrate deploy does", async () => {
    const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: Date | null }[]>(
      "SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name",
    );
    const list = await readMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(list.migrationDirectories.map((d) => d.path));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("answers a ping", async () => {
    expect(await db.ping()).toBe(true);
  });
});
