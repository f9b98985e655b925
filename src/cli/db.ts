// `nps-loop db migrate` and `nps-loop db diff [name]`.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Command } from "commander";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { diffMigrationsToSchema, MIGRATIONS_DIR } from "../db/schema-engine.js";
import { fail, withCliContext } from "./context.js";

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("Database schema and migrations");
  db.command("migrate")
    .description("Apply pending migrations (also done automatically at start)")
    .action(async () => {
      await withCliContext(
        async ({ database }) => {
          const applied = await database.migrate();
          console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
        },
        { migrate: false },
      );
    });
  db.command("diff")
    .description("Draft the next migration from prisma/schema.prisma (npm run db:diff -- <name>)")
    .argument("[name]", "migration name, e.g. add_survey_sources")
    .option("--check", "only report whether a migration is needed; exit 1 if so")
    .action(async (name: string | undefined, opts: { check?: boolean }) => {
      // A throwaway in-memory database serves as the shadow database that replays history.
      const pglite = await PGlite.create({ dataDir: "memory://" });
      const sql = await diffMigrationsToSchema(
        new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory,
      );
      await pglite.close();
      if (!sql) {
        console.log("Migrations match prisma/schema.prisma: no new migration needed.");
        return;
      }
      if (opts.check) fail(`prisma/schema.prisma has changes with no migration yet:\n${sql}`);
      if (!name) fail("Name the migration: npm run db:diff -- <name> (letters, digits and underscores)");
      if (!/^[a-z0-9_]+$/i.test(name)) fail(`Migration name "${name}" may only use letters, digits and underscores`);
      const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
      const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "migration.sql"), `${sql}\n`);
      console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql; review it, then commit it.`);
    });
}
