// `npm run playground`: the bot on an in-memory embedded database with the demo organisation, and
// the Microsoft 365 Agents Playground (a local Teams look-alike with a mocked Bot Connector) in front
// of it. The playground's mock people (.m365agentsplayground.yml) are demo people matched by email;
// its team's channels show two demo teams' detractor cards. No Azure account, no tunnel.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { buildApp } from "../app.js";
import { createDeliverer, type Deliverer } from "../chat/deliverer.js";
import { ConfigError, loadConfig } from "../config/env.js";
import { DEMO_TEAMS, demoOrg } from "../demo/org.js";
import { resetDemo, seedDemo } from "../demo/seed.js";
import { createLogger } from "../log.js";
import { applyOrg } from "../services/org.js";
import { createResponseService, type IncomingResponse } from "../services/responses.js";
import {
  assertPortFree,
  bindHostPreload,
  type ClientActivity,
  PlaygroundError,
  startActivityTap,
} from "./playground-net.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface PlaygroundUser {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
}

export interface PlaygroundSetup {
  tenantId: string;
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChatId: string;
  team: { id: string; name: string; channels: { id: string; name: string }[] };
}

/** The parts of the playground's config file NPS Loop needs (the playground validates the rest). */
export function readPlaygroundConfig(text: string): PlaygroundSetup {
  const raw = parseYaml(text) as Record<string, unknown>;
  const user = (u: Record<string, string>): PlaygroundUser => ({
    id: u.id!,
    name: u.name!,
    email: (u.email ?? u.userPrincipleName)!,
    aadObjectId: u.aadObjectId!,
  });
  const team = raw.team as { id: string; name: string; channels?: { id: string; name: string }[] };
  return {
    tenantId: String(raw.tenantId),
    currentUser: user(raw.currentUser as Record<string, string>),
    users: (raw.users as Record<string, string>[]).map(user),
    personalChatId: (raw.personalChat as { id: string }).id,
    team: { id: team.id, name: team.name, channels: team.channels ?? [] },
  };
}

/** Where each demo team's cards go: the team's General channel (its id), then its other channels. */
export function channelBindings(
  setup: PlaygroundSetup,
): { teamSlug: string; channelId: string; channelName: string }[] {
  const channels = [{ id: setup.team.id, name: "General" }, ...setup.team.channels];
  return channels.slice(0, DEMO_TEAMS.length).map((c, i) => ({
    teamSlug: DEMO_TEAMS[i]!.slug,
    channelId: c.id,
    channelName: c.name,
  }));
}

/**
 * The demo org with the playground's people mapped to their mock AAD ids and the demo teams bound
 * to the playground's channels (service URL = the playground's mocked connector).
 */
export function playgroundOrg(setup: PlaygroundSetup, serviceUrl: string) {
  const org = demoOrg();
  const aadByEmail = new Map([setup.currentUser, ...setup.users].map((u) => [u.email.toLowerCase(), u.aadObjectId]));
  const bindings = new Map(channelBindings(setup).map((b) => [b.teamSlug, b.channelId]));
  return {
    ...org,
    teams: (org.teams ?? []).map((t) =>
      bindings.has(t.slug)
        ? {
            ...t,
            teamsConversationId: bindings.get(t.slug),
            teamsServiceUrl: serviceUrl,
            teamsTenantId: setup.tenantId,
          }
        : t,
    ),
    people: (org.people ?? []).map((p) => {
      const aad = p.email ? aadByEmail.get(p.email.toLowerCase()) : undefined;
      return aad ? { ...p, teamsAadObjectId: aad } : p;
    }),
  };
}

/**
 * Detractors that arrive "now", through the same ingestion path as a survey webhook, so that the
 * bound channels get fresh cards (the demo's history is silent) with a full SLA ahead of them.
 */
export function liveDetractors(setup: PlaygroundSetup, now: Date): IncomingResponse[] {
  const [first, second] = channelBindings(setup);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const stamp = now.getTime().toString(36);
  const items: IncomingResponse[] = [];
  if (first) {
    items.push(
      {
        source: "playground",
        externalId: `live-1-${stamp}`,
        score: 2,
        comment:
          "The engineer turned up three hours late without calling, and then said the part was not in the van. " +
          "I took a day off work for this.",
        team: first.teamSlug,
        staff: "tom.brennan@brightfix.example",
        touchpoint: "maintenance visit",
        customer: { id: "NW-40213", name: "Maria Lopez", email: "maria.lopez@example.net", phone: "+44 7700 900123" },
        respondedAt: at(12),
      },
      {
        source: "playground",
        externalId: `live-2-${stamp}`,
        score: 5,
        comment: "Fixed in the end, but the quote doubled once he was here. Nobody explained why.",
        team: first.teamSlug,
        staff: "aisha.khan@brightfix.example",
        touchpoint: "maintenance visit",
        customer: { id: "NW-38877", name: "Peter Shaw", email: "p.shaw@example.org", phone: "+44 7700 900456" },
        respondedAt: at(40),
      },
    );
  }
  if (second) {
    items.push({
      source: "playground",
      externalId: `live-3-${stamp}`,
      score: 3,
      comment: "Third visit for the same leak. Each time someone new who knows nothing about the last visit.",
      team: second.teamSlug,
      staff: "danny.hughes@brightfix.example",
      touchpoint: "complaint",
      customer: { id: "NW-29910", name: "Olu Adeyemi", email: "olu.a@example.com", phone: "+44 7700 900789" },
      respondedAt: at(25),
    });
  }
  return items;
}

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
}

export interface RunningPlayground {
  playgroundUrl: string;
  botUrl: string;
  setup: PlaygroundSetup;
  /** Detractor cards waiting for the web client (sent once it has connected). */
  cards: number;
  /** Resolves when the web client has connected and the cards are on their way. */
  clientConnected: Promise<ClientActivity>;
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
  };
}

/**
 * The bot on the demo data and the Agents Playground in front of it. The start-up cards wait in the
 * outbox (no deliverer yet) until the playground's web client has connected: its UI drops messages
 * for conversations it has not loaded yet.
 */
export async function startPlayground(o: PlaygroundOptions): Promise<RunningPlayground> {
  const setup = readPlaygroundConfig(readFileSync(o.configPath, "utf8"));
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
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: o.configPath,
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
      if (stopped) return first;
      deliverer = createDeliverer(app.deps, app.ctx.senders, { owner: "playground" });
      const kick = app.deps.outboxKick;
      app.deps.outboxKick = () => {
        kick();
        deliverer?.kick();
      };
      deliverer.start();
      return first;
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
  console.log(`The playground's page is open (${first.type} in ${first.conversationId}): sending ${pg.cards} card(s).`);
}

/** "Claire Morgan (claire.morgan@...), manager of brightfix-salford", from the demo org. */
export function describeUser(user: PlaygroundUser): string {
  const person = (demoOrg().people ?? []).find((p) => p.email?.toLowerCase() === user.email.toLowerCase());
  if (!person) return `${user.name} (${user.email}), not in the demo organisation: the bot will not know you`;
  const p = person as { role?: string; teams?: string[]; company?: string | null };
  const where = p.teams?.length ? ` of ${p.teams.join(", ")}` : p.company ? ` at ${p.company}` : "";
  return `${user.name} (${user.email}), ${p.role ?? "staff"}${where}`;
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
    `  case cards     ${i.cards} new detractor card(s) in team "${i.setup.team.name}": ${b
      .map((x) => `${x.channelName} = ${x.teamSlug}`)
      .join(", ")}; sent when you open the page`,
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
