// `nps-loop demo seed [--months 6] [--seed 42] [--reset]` and `nps-loop demo run` (npm run demo).

import { readFileSync } from "node:fs";
import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { pino } from "pino";
import { buildApp } from "../app.js";
import { type Config, ConfigError, loadConfig } from "../config/env.js";
import { systemClock } from "../core/clock.js";
import type { ChatPlatform } from "../core/types.js";
import { type Database, openDatabase } from "../db/client.js";
import {
  DEMO_DEFAULTS,
  type DemoSeedResult,
  demoTryNext,
  formatDemoSeed,
  hasDemoData,
  seedDemo,
} from "../demo/seed.js";
import { createLogger } from "../log.js";
import { stopOnSignal } from "../shutdown.js";
import { withCliContext } from "./context.js";

function intOption(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** The same rule as src/app.ts: queue cards only for platforms that can deliver. */
function platformsOf(config: Config): ChatPlatform[] {
  return [...(config.slackEnabled ? (["slack"] as const) : []), ...(config.teamsEnabled ? (["teams"] as const) : [])];
}

interface SeedFlags {
  months: number;
  seed: number;
  reset?: boolean;
}

export function registerDemoCommands(program: Command): void {
  const demo = program.command("demo").description("A demo organisation with months of realistic history");
  demo
    .command("seed")
    .description("Create the demo org (4 companies, 6 teams) and its responses, cases and coaching; safe to re-run")
    .option("--months <n>", "months of history", intOption(1, 24), DEMO_DEFAULTS.months)
    .option("--seed <n>", "random seed: the same seed gives the same data", intOption(0, 2 ** 31), DEMO_DEFAULTS.seed)
    .option("--reset", "remove the demo org and everything attached to it first")
    .action(async (flags: SeedFlags) => {
      await withCliContext(async ({ config, log, database }) => {
        const result = await seedDemo(
          { db: database.ctx, log, clock: systemClock, config, platforms: platformsOf(config), outboxKick: () => {} },
          { months: flags.months, seed: flags.seed, reset: Boolean(flags.reset) },
        );
        console.log(formatDemoSeed(result));
      });
    });
  demo
    .command("run")
    .description("Seed the demo data (first run; later runs add the days since), then serve (npm run demo)")
    .option("--months <n>", "months of history on the first run", intOption(1, 24), DEMO_DEFAULTS.months)
    .option("--seed <n>", "random seed", intOption(0, 2 ** 31), DEMO_DEFAULTS.seed)
    .action((flags: SeedFlags) => runDemo(flags));
}

/** Resolves once the server has stopped (SIGINT/SIGTERM), so the CLI exits only then. */
async function runDemo(flags: SeedFlags): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  // pino writes asynchronously; text written through its stream comes out in order with the log
  // lines, so the banner is not buried above the start-up lines.
  const stream = (log as unknown as Record<symbol, { write(s: string): void } | undefined>)[pino.symbols.streamSym];
  const say = (text: string) => (stream ? stream.write(`${text}\n`) : console.log(text));
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    holder: "nps-loop demo run",
  });
  const app = await buildApp({ config, log, database });
  let seeded: DemoSeedResult;
  try {
    const first = !(await hasDemoData(app.deps));
    if (first) say(`Seeding the demo data (${flags.months} months of history; takes a few seconds)...`);
    seeded = await seedDemo(app.deps, { months: flags.months, seed: flags.seed });
  } catch (e) {
    await app.stop();
    throw e;
  }
  const { port } = await app.start();
  say(demoBanner(config, port, seeded, app.database));

  await stopOnSignal(app, log);
}

function demoBanner(config: Config, port: number, seeded: DemoSeedResult, database: Database): string {
  const url = `http://localhost:${port}`;
  const where =
    database.kind === "pglite"
      ? `embedded PostgreSQL in ${path.resolve(config.DATA_DIR)} (set DATABASE_URL to use a server)`
      : "the PostgreSQL server in DATABASE_URL";
  const i = seeded.inserted;
  const data = seeded.existing
    ? `${seeded.existing + i.responses} demo responses (${i.responses} added for the days since the last run)`
    : `${i.responses} responses over ${seeded.months} months${seeded.yearBefore ? " and the same quarter a year before (for the retention report)" : ""}, ${i.cases} cases (${i.openCases} open), ${i.coaching} coaching sessions`;
  const lines = [
    "",
    `NPS Loop demo is running at ${url}   (Ctrl+C stops it)`,
    `  database   ${where}`,
    `  demo data  ${data}`,
    ...(database.share ? [`  psql       psql "${database.share.url}"   (one connection at a time)`] : []),
    "",
    "Teams (Brightfix and Coastline share Greater Manchester: Brightfix joined the NPS programme halfway",
    "through the history, Coastline did not; Levante in Valencia speaks Spanish, Harbour in Kowloon Chinese):",
    ...seeded.teams.map(
      (t) => `  ${t.slug.padEnd(21)}${t.name.padEnd(21)}${t.inProgramme ? "in the programme" : "not in the programme"}`,
    ),
    "",
    "Try, in another terminal:",
    ...demoTryNext(),
    `  curl ${url}/healthz   |   curl ${url}/metrics`,
    config.INGEST_TOKEN
      ? `  curl -H "Authorization: Bearer $INGEST_TOKEN" -H 'content-type: application/json' -d '{"externalId":"try-1","score":3,"comment":"Nobody turned up","team":"brightfix-salford"}' ${url}/api/responses`
      : "  INGEST_TOKEN=<16+ characters> npm run demo   # then POST responses to /api/responses",
  ];
  lines.push(
    config.slackEnabled
      ? "  Slack: /nps link brightfix-salford in a channel binds it (admins only: add yourself with nps-loop org apply)"
      : "  Slack: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (plus SLACK_APP_TOKEN for Socket Mode; see README)",
  );
  if (hasScript("playground")) {
    lines.push("  Teams: npm run playground   # a local Teams client talking to this server");
  }
  lines.push("");
  return lines.join("\n");
}

function hasScript(name: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      scripts?: Record<string, string>;
    };
    return Boolean(pkg.scripts?.[name]);
  } catch {
    return false;
  }
}
