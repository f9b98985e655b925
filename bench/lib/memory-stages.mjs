// Run by bench/memory.ts in a process of its own: loads what the server loads, step by step, from
// the same compiled JavaScript the server runs (bin/prebuilt.js), and prints the memory after each
// step as one JSON line ([step, {rss, heapUsed, external, arrayBuffers, wasm_pglite, ...}][]).
// Plain JavaScript so that no TypeScript loader is counted.

import { importCompiled } from "../../bin/prebuilt.js";
import { sample } from "./memory-probe.mjs";

const dir = process.env.DIR ?? "";
/** @type {[string, Record<string, number>][]} */
const steps = [["Node, nothing loaded", sample()]];
const mark = (step) => steps.push([step, sample()]);

const { openDatabase } = await importCompiled("db/client.ts");
mark("+ Prisma client and driver modules");
const db = await openDatabase({ dataDir: dir, holder: "bench memory stages" });
mark("+ PGlite loaded and opened");
await db.prisma.$queryRawUnsafe("SELECT count(*) FROM survey_responses");
mark("+ first Prisma query (query compiler)");
await db.migrate();
mark("+ migration check (nothing pending: no schema engine)");
const { buildApp } = await importCompiled("app.ts");
const { loadConfig } = await importCompiled("config/env.ts");
const { silentLogger } = await importCompiled("log.ts");
const config = loadConfig({ DATA_DIR: dir, PORT: "0", JOBS_ENABLED: "false", DELIVERY_ENABLED: "false" });
const app = await buildApp({ config, database: db, skipMigrations: true, log: silentLogger });
mark("+ app without chat platforms (express, services, ingest)");
await import("@slack/bolt");
mark("+ Slack SDK (@slack/bolt), loaded when Slack is configured");
await import("botbuilder");
mark("+ Teams SDK (botbuilder), loaded when Teams is configured");
await app.stop();
console.log(JSON.stringify(steps));
process.exit(0);
