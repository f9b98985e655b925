// `npm run playground`: the bot on an in-memory embedded database with the demo organisation, and
// the Microsoft 365 Agents Playground (a local Teams look-alike with a mocked Bot Connector) in front
// of it. The playground's mock people (.m365agentsplayground.yml) are demo people matched by email;
// its channels and group chat show detractor cards of an English, a Spanish and a Hong Kong team, each
// in its team's language. PLAYGROUND_AS=<email> makes another of its people "you"; a staff member
// then finds their weekly reminder in the personal chat. No Azure account, no tunnel.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "../app.js";
import { createDeliverer, type Deliverer } from "../chat/deliverer/index.js";
import { ConfigError, loadConfig } from "../config/env.js";
import { resetDemo, seedDemo } from "../demo/seed.js";
import type { CoreDeps } from "../deps.js";
import { createLogger } from "../log.js";
import { applyOrg } from "../services/org.js";
import { createReminderService, REMINDER_GRACE_MS } from "../services/reminders.js";
import { createResponseService } from "../services/responses.js";
import {
  assertPortFree,
  bindHostPreload,
  type ClientActivity,
  PlaygroundError,
  startActivityTap,
} from "./playground-net.js";
import {
  channelBindings,
  describeUser,
  liveDetractors,
  type PlaygroundSetup,
  playgroundOrg,
  readPlaygroundConfig,
  withCurrentUser,
} from "./playground-setup.js";

export {
  channelBindings,
  describeUser,
  liveDetractors,
  type PlaygroundSetup,
  type PlaygroundUser,
  playgroundOrg,
  readPlaygroundConfig,
  withCurrentUser,
} from "./playground-setup.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function waitFor(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new PlaygroundError("PLAYGROUND_EXITED", `the Agents Playground exited with code ${child.exitCode}`);
    }
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new PlaygroundError(
    "PLAYGROUND_NOT_ANSWERING",
    `the playground did not answer ${url} within ${timeoutMs / 1000} s`,
  );
}

export interface PlaygroundOptions {
  configPath: string;
  /** The bot's port (PORT, default 3978; 0 for any free port). */
  botPort: number;
  /** The playground's port (PLAYGROUND_PORT, default 56150). */
  playgroundPort: number;
  /** Where the playground listens (PLAYGROUND_HOST, default 127.0.0.1). */
  host: string;
  dataDir: string;
  logFile: string;
  env: Record<string, string | undefined>;
  /** The playground's stdout and stderr. */
  stdio: "inherit" | "ignore";
  /** Email of the config's user to be the current one (PLAYGROUND_AS); else its currentUser. */
  as?: string;
}

export interface RunningPlayground {
  playgroundUrl: string;
  botUrl: string;
  setup: PlaygroundSetup;
  /** Detractor cards waiting for the web client (sent once it has connected). */
  cards: number;
  /**
   * Resolves when the web client has connected and the cards are on their way, with the number of
   * weekly reminders queued for the current user (0 unless they are staff).
   */
  clientConnected: Promise<ClientActivity & { reminders: number }>;
  /** Resolves with the exit code if the playground process exits on its own. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function playgroundOptions(env: Record<string, string | undefined>): PlaygroundOptions {
  return {
    configPath: env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? path.join(ROOT, ".m365agentsplayground.yml"),
    botPort: Number(env.PORT ?? 3978),
    playgroundPort: Number(env.PLAYGROUND_PORT ?? 56150),
    host: env.PLAYGROUND_HOST || "127.0.0.1",
    dataDir: env.PLAYGROUND_DATA_DIR ?? "memory://playground",
    logFile: env.M365_AGENTS_PLAYGROUND_LOGFILE ?? path.join(ROOT, "devTools/m365agentsplayground.log"),
    env,
    stdio: "inherit",
    as: env.PLAYGROUND_AS || undefined,
  };
}

/**
 * A person's weekly reminder, as the staff-reminders job sends it (the reminder service's sendDue) at
 * their latest slot: the last week is probed a grace period at a time until that person is due.
 * Anyone else due at the same slot gets theirs too when reachable. Returns how many were queued.
 */
export async function sendLatestReminder(deps: CoreDeps, email: string, now: Date): Promise<number> {
  const reminders = createReminderService(deps);
  for (let back = 0; back <= 7 * 24 * 3_600_000; back += REMINDER_GRACE_MS / 2) {
    const due = await reminders.dueRecipients(new Date(now.getTime() - back));
    const mine = due.find((d) => d.person.email?.toLowerCase() === email.toLowerCase());
    if (mine) return (await reminders.sendDue(mine.slot.at)).enqueued;
  }
  return 0;
}

/**
 * The bot on the demo data and the Agents Playground in front of it. The start-up cards wait in the
 * outbox (no deliverer yet) until the playground's web client has connected: its UI drops messages
 * for conversations it has not loaded yet.
 */
export async function startPlayground(o: PlaygroundOptions): Promise<RunningPlayground> {
  let configText = readFileSync(o.configPath, "utf8");
  if (o.as) {
    const swapped = withCurrentUser(configText, o.as);
    if (!swapped) {
      throw new PlaygroundError(
        "PLAYGROUND_NO_SUCH_USER",
        `PLAYGROUND_AS=${o.as} is not one of the users in ${o.configPath}: use one of their emails`,
      );
    }
    configText = swapped;
  }
  const setup = readPlaygroundConfig(configText);
  await assertPortFree("127.0.0.1", o.botPort, "the bot", "PORT");
  await assertPortFree(o.host, o.playgroundPort, "the Agents Playground", "PLAYGROUND_PORT");
  const serviceUrl = `http://127.0.0.1:${o.playgroundPort}/_connector/`;
  // Local only: no real Teams or Slack credentials, the embedded database, no schedules, and no
  // deliverer until the web client is there.
  const config = loadConfig({
    ...o.env,
    DATABASE_URL: "",
    DATA_DIR: o.dataDir,
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
    MICROSOFT_OPENID_METADATA_URL: "",
    // The playground's mocked connector sends unauthenticated requests.
    TEAMS_ALLOW_UNAUTHENTICATED: "true",
    SLACK_BOT_TOKEN: "",
    SLACK_SIGNING_SECRET: "",
    SLACK_APP_TOKEN: "",
    PORT: String(o.botPort),
    HOST: "127.0.0.1",
    JOBS_ENABLED: o.env.JOBS_ENABLED ?? "false",
    DELIVERY_ENABLED: "false",
  });
  const log = createLogger(config.LOG_LEVEL);
  const app = await buildApp({ config, log });
  const { port } = await app.start();
  const botUrl = `http://127.0.0.1:${port}/api/messages`;
  const tap = await startActivityTap(botUrl);
  let deliverer: Deliverer | undefined;

  mkdirSync(path.dirname(o.logFile), { recursive: true });
  // The config as given, or with another current user: the playground reads it from a file.
  const tmp = o.as ? mkdtempSync(path.join(os.tmpdir(), "nps-playground-")) : null;
  const configPath = tmp ? path.join(tmp, ".m365agentsplayground.yml") : o.configPath;
  if (tmp) writeFileSync(configPath, configText);
  const cli = createRequire(import.meta.url).resolve("@microsoft/m365agentsplayground/cli.js");
  const child = spawn(
    process.execPath,
    [
      // It has no host option: listen on o.host rather than every interface.
      "--import",
      bindHostPreload(o.host),
      cli,
      "--app-endpoint",
      tap.url,
      "--channel-id",
      "msteams",
      "--port",
      String(o.playgroundPort),
      "--service-url",
      serviceUrl.replace(/\/$/, ""),
      "--disable-telemetry",
    ],
    {
      cwd: ROOT,
      env: {
        ...o.env,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: o.logFile,
        // Headless unless asked: it would otherwise try to open a browser and exit when it cannot.
        TEAMSAPPTESTER_BROWSER: o.env.TEAMSAPPTESTER_BROWSER ?? "none",
      },
      stdio: ["ignore", o.stdio, o.stdio],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) child.kill("SIGTERM");
    await deliverer?.stop();
    await tap.close();
    await app.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };

  try {
    await waitFor(`http://127.0.0.1:${o.playgroundPort}/`, 60_000, child);
    // A fresh demo every start: the playground forgets its messages when it stops.
    await resetDemo(app.deps);
    await applyOrg(app.deps, playgroundOrg(setup, serviceUrl), { source: "the playground org", env: {} });
    const seeded = await seedDemo(app.deps, { maxAlerts: 4 });
    const live = await createResponseService(app.deps).ingest(liveDetractors(setup, app.deps.clock.now()));
    const clientConnected = tap.clientConnected.then(async (first) => {
      // Open the personal chat as the web client does when you click it: the bot greets you there and
      // stores the chat, so the case owner's contact details have somewhere to go.
      if (first.conversationId !== setup.personalChatId) {
        await fetch(
          `http://127.0.0.1:${o.playgroundPort}/_debug/conversation/${encodeURIComponent(setup.personalChatId)}/installation`,
          { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
        );
      }
      if (stopped) return { ...first, reminders: 0 };
      // A staff member's weekly reminder, once their personal chat is known.
      const reminders = await sendLatestReminder(app.deps, setup.currentUser.email, app.deps.clock.now());
      deliverer = createDeliverer(app.deps, app.ctx.senders, { owner: "playground" });
      const kick = app.deps.outboxKick;
      app.deps.outboxKick = () => {
        kick();
        deliverer?.kick();
      };
      deliverer.start();
      return { ...first, reminders };
    });
    return {
      playgroundUrl: `http://localhost:${o.playgroundPort}`,
      botUrl,
      setup,
      cards: seeded.alertsQueued + live.casesOpened,
      clientConnected,
      exited,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const o = playgroundOptions(process.env);
  let pg: RunningPlayground;
  try {
    pg = await startPlayground(o);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof PlaygroundError) {
      console.error(e.message);
      process.exitCode = 2;
      return;
    }
    throw e;
  }
  const stop = (code: number) => void pg.stop().finally(() => process.exit(code));
  process.once("SIGINT", () => stop(0));
  process.once("SIGTERM", () => stop(0));
  void pg.exited.then((code) => {
    console.error(`The Agents Playground exited (code ${code}); see its log: ${o.logFile}`);
    stop(1);
  });
  printBanner({ ...pg, seconds: Math.round((Date.now() - started) / 1000), logFile: o.logFile, host: o.host });
  const first = await pg.clientConnected;
  const reminder = first.reminders ? ` and your weekly reminder (personal chat)` : "";
  console.log(
    `The playground's page is open (${first.type} in ${first.conversationId}): sending ${pg.cards} card(s)${reminder}.`,
  );
}

function printBanner(i: {
  playgroundUrl: string;
  botUrl: string;
  setup: PlaygroundSetup;
  cards: number;
  seconds: number;
  logFile: string;
  host: string;
}) {
  const b = channelBindings(i.setup);
  const lines = [
    "",
    `Microsoft 365 Agents Playground: ${i.playgroundUrl}   (ready in ${i.seconds} s; Ctrl+C stops both)`,
    `  listening on   ${i.host} only (PLAYGROUND_HOST=0.0.0.0 to share it; PLAYGROUND_PORT and PORT pick other ports)`,
    `  bot            ${i.botUrl} (unauthenticated, local only; in-memory demo data)`,
    `  you are        ${describeUser(i.setup.currentUser)}`,
    `  case cards     ${i.cards} new detractor card(s), each in its team's language: ${b
      .map((x) => `${x.channelName} = ${x.teamSlug}`)
      .join(", ")}; sent when you open the page`,
    "  be someone     PLAYGROUND_AS=javier.romero@levante.example (staff, Spanish: gets the weekly reminder) or",
    "                 PLAYGROUND_AS=chan.tai.man@harbour.example (staff, Traditional Chinese)",
    "",
    "Try:",
    "  - In a channel, press Claim on a card, then Resolve (outcome, root cause, coaching toggle).",
    `  - In the personal chat: "nps ${b[0]?.teamSlug} 30d", "nps me", "coach tom calling ahead when late", "help".`,
    `  - In a channel or the group chat, @mention NPS Loop first: "@NPS Loop nps ${b[0]?.teamSlug} 90d".`,
    "  - Claiming a card sends you the customer's contact details in the personal chat.",
    `  Playground log: ${path.relative(process.cwd(), i.logFile)}`,
    "",
  ];
  console.log(lines.join("\n"));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
