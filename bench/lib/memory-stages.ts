// Run by bench/memory.ts in a process of its own: loads what the server loads, step by step, and
// prints the resident memory after each step as one JSON line ([step, MB][]).
import { rssMb } from "./report.js";

const dir = process.env.DIR ?? "";
const steps: [string, number][] = [["Node with tsx (the server itself runs compiled JS, no loader)", rssMb()]];
const mark = (step: string) => steps.push([step, rssMb()]);

const { openDatabase } = await import("../../src/db/client.js");
mark("+ Prisma client and driver modules");
const db = await openDatabase({ dataDir: dir, holder: "bench memory stages" });
mark("+ PGlite loaded and opened (WASM memory, shared_buffers 32 MB)");
await db.prisma.$queryRawUnsafe("SELECT count(*) FROM survey_responses");
mark("+ first Prisma query (query compiler)");
await db.migrate();
mark("+ migration check (nothing pending: no schema engine)");
const { buildApp } = await import("../../src/app.js");
const { loadConfig } = await import("../../src/config/env.js");
const { silentLogger } = await import("../../src/log.js");
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
