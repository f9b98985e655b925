// Composition root: builds the dependencies once and wires every capability onto one HTTP server.
// Each capability adds itself here with one import and one call; nothing else knows the whole.
import { randomBytes } from "node:crypto";
import type http from "node:http";
import type { Express } from "express";
import type { AppContext } from "./app-context.js";
import { CHART_PATH, chartLinkKey, createChartLinks } from "./charts/links.js";
import { registerDeliverer } from "./chat/deliverer/index.js";
import { createOutboxSignal } from "./chat/outbox-signal.js";
import { type Config, describePlatforms } from "./config/env.js";
import { type Clock, systemClock } from "./core/clock.js";
import type { ChatPlatform } from "./core/types.js";
import { type Database, openDatabase } from "./db/client.js";
import { translateDbError } from "./db/errors.js";
import { StatsRepository } from "./db/repositories/stats.js";
import type { CoreDeps } from "./deps.js";
import { createHttpApp, finishHttpApp, listen } from "./http/server.js";
import { registerCustomerEvents } from "./ingest/customer-events.js";
import { registerIngest } from "./ingest/routes.js";
import { registerJobs } from "./jobs/index.js";
import { createLogger, type Logger } from "./log.js";
import { createMetrics } from "./metrics.js";
import { createServices } from "./services/index.js";
import { applyOrgFile, formatOrgSummary } from "./services/org.js";

export interface AppOptions {
  config: Config;
  log?: Logger;
  clock?: Clock;
  /** An already open database (tests); otherwise opened from the config. */
  database?: Database;
  /** Skip applying migrations at start (tests that migrated already). */
  skipMigrations?: boolean;
}

export interface App {
  deps: CoreDeps;
  ctx: AppContext;
  database: Database;
  http: Express;
  /** Things to stop, in reverse order of start. */
  onStop(fn: () => Promise<void> | void): void;
  start(): Promise<{ server: http.Server; port: number }>;
  stop(): Promise<void>;
}

export async function buildApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const clock = opts.clock ?? systemClock;
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolSize: config.DATABASE_POOL_SIZE,
    }));
  if (!opts.skipMigrations) {
    const applied = await database.migrate();
    if (applied.length) log.info({ applied }, "database migrations applied");
  }
  const metrics = createMetrics();
  metrics.setStatusSource(new StatsRepository(database.prisma));
  const platforms: ChatPlatform[] = [];
  if (config.slackEnabled) platforms.push("slack");
  if (config.teamsEnabled) platforms.push("teams");
  // Created once here and handed down: the deliverer subscribes to the signal, the jobs and the
  // deliverer take the instance id from the context (no module reaches back into this one).
  const outbox = createOutboxSignal();
  const instance = instanceId(config);
  const deps: CoreDeps = {
    config,
    log,
    clock,
    db: database.ctx,
    metrics,
    platforms,
    outboxKick: () => outbox.kick(),
  };
  const httpApp = createHttpApp({ log, metrics, ready: () => database.ping() });
  const stoppers: (() => Promise<void> | void)[] = [];
  const starters: (() => Promise<void> | void)[] = [];
  const services = createServices(deps);
  // Chart pictures a card, the App Home or the digest shows by URL are drawn here, under signed
  // links that carry the chart request (any instance with the same CHART_LINK_SECRET answers them).
  const chartLinks = config.PUBLIC_URL
    ? createChartLinks({
        publicUrl: config.PUBLIC_URL,
        clock,
        key: chartLinkKey(config),
        render: async (request, asOf) =>
          (await services.charts.png({ ...request, asOf }, { scale: request.scale ?? 2 })).png,
        onError: (err) => log.warn({ err }, "chart link could not be drawn"),
      })
    : null;
  if (chartLinks) httpApp.get(`${CHART_PATH}/:file`, chartLinks.route);
  if (chartLinks && !config.CHART_LINK_SECRET && config.NODE_ENV === "production") {
    log.warn("CHART_LINK_SECRET is not set: chart links are signed with a key derived from the other settings; set it");
  }
  const ctx: AppContext = {
    deps,
    services,
    instanceId: instance,
    outbox,
    http: httpApp,
    chartLinks,
    senders: new Map(),
    onStop: (fn) => stoppers.push(fn),
    onStart: (fn) => starters.push(fn),
  };

  if (config.ORG_FILE) {
    // A bad org file stops the start with every problem listed (OrgFileError), before serving.
    log.info(formatOrgSummary(await applyOrgFile(deps, config.ORG_FILE)));
  }

  // Capabilities register here, each with one call (routes, platform senders, deliverer, schedules).
  registerIngest(ctx);
  registerCustomerEvents(ctx);
  // Each platform's SDK is loaded only when that platform is configured (Bolt and botbuilder weigh
  // tens of MB of resident memory; bench/memory.ts).
  if (config.slackEnabled) (await import("./slack/app.js")).registerSlack(ctx);
  if (config.teamsEnabled) (await import("./teams/index.js")).registerTeams(ctx);
  registerDeliverer(ctx);
  registerJobs(ctx);

  finishHttpApp(httpApp, log, translateDbError);

  let server: http.Server | undefined;
  return {
    deps,
    ctx,
    database,
    http: httpApp,
    onStop: (fn) => stoppers.push(fn),
    async start() {
      server = await listen(httpApp, config.PORT, config.HOST);
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : config.PORT;
      log.info({ port, database: database.kind, instance }, `NPS Loop listening on :${port}`);
      log.info(describePlatforms(config));
      for (const fn of starters) await fn();
      return { server, port };
    },
    async stop() {
      for (const fn of stoppers.reverse()) {
        try {
          await fn();
        } catch (err) {
          log.warn({ err }, "error while stopping");
        }
      }
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections?.();
      }
      await database.close();
    },
  };
}

let generatedInstanceId: string | undefined;
/** This process's instance name, generated once per process when INSTANCE_ID is not set (also used by the CLI). */
export function instanceId(config: Config): string {
  generatedInstanceId ??= config.INSTANCE_ID ?? `${process.pid}-${randomBytes(3).toString("hex")}`;
  return generatedInstanceId;
}
