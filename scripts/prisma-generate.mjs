// Generates the Prisma client offline. `prisma generate` only checks that a schema-engine binary
// exists (it never runs it), so pointing it at any file stops it from downloading one.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const cli = require.resolve("prisma/build/index.js");
if (!existsSync("prisma/schema.prisma")) process.exit(0);
const run = spawnSync(process.execPath, [cli, "generate"], { stdio: "inherit", env });
process.exit(run.status ?? 1);
