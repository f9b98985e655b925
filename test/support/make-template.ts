// Child process of the test global setup: applies the migrations to a template database.
// Run outside vitest's module runner, which loads the schema engine's WASM glue twice.
import { writeFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../../src/db/schema-engine.js";

const [target, out] = process.argv.slice(2);
if (target?.startsWith("postgres")) {
  const adapter = new PrismaPg({ connectionString: target, max: 2 });
  await applyMigrations(adapter);
} else {
  const pglite = await PGlite.create({ dataDir: "memory://" });
  await applyMigrations(new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory);
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  await writeFile(out!, Buffer.from(await dump.arrayBuffer()));
}
