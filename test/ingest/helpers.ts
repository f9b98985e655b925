// Shared set-up of the ingestion tests: a real app on 127.0.0.1:0 over a test database, an org to
// route to, and small request helpers (Node's fetch, as senders would call it).
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/env.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/client.js";
import { silentLogger } from "../../src/log.js";

export const TOKEN = "test-ingest-token-0123456789";

/** A parsed JSON reply: tests read whatever fields they assert on. */
// biome-ignore lint/suspicious/noExplicitAny: replies are asserted field by field
export type Reply = { status: number; body: any; headers: Headers };
export const NOW = "2026-11-20T12:00:00.000Z";

export interface IngestHarness {
  app: App;
  url: string;
  clock: FakeClock;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  postRaw(path: string, raw: string | Buffer, headers: Record<string, string>): Promise<Reply>;
  stop(): Promise<void>;
}

/** Starts the whole app (all capabilities) with background work off, on a given database. */
export async function startApp(db: Database, env: Record<string, string> = {}): Promise<IngestHarness> {
  const clock = new FakeClock(NOW);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    INGEST_TOKEN: TOKEN,
    DELIVERY_ENABLED: "false",
    JOBS_ENABLED: "false",
    DATA_DIR: "unused",
    // Teams is off without credentials unless asked for (issue 12.4); these tests bind teams to both platforms.
    TEAMS_ALLOW_UNAUTHENTICATED: "true",
    ...env,
  });
  const app = await buildApp({ config, database: db, skipMigrations: true, clock, log: silentLogger });
  // Cards are enqueued per configured platform; both are on for these tests (Teams is off by
  // default without Microsoft credentials, and these tests do not talk to Teams).
  if (!app.deps.platforms.includes("slack")) app.deps.platforms.unshift("slack");
  if (!app.deps.platforms.includes("teams")) app.deps.platforms.push("teams");
  const { port, server } = await app.start();
  const url = `http://127.0.0.1:${port}`;
  const send = async (path: string, body: string | Buffer, headers: Record<string, string>) => {
    const res = await fetch(url + path, { method: "POST", body, headers });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers } as Reply;
  };
  return {
    app,
    url,
    clock,
    post: (path, body, headers = {}) =>
      send(path, JSON.stringify(body), {
        "content-type": "application/json",
        authorization: `Bearer ${TOKEN}`,
        ...headers,
      }),
    postRaw: send,
    async stop() {
      // The database belongs to the test file: close the server only.
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}

export interface IngestOrg {
  companyId: number;
  north: number;
  south: number;
  passives: number;
  noChannel: number;
  teamsOnly: number;
  ana: number;
  bob: number;
  loner: number;
  admin: number;
  teamsAdmin: number;
}

/** Teams bound to Slack and Teams channels, staff in one and two teams, admins, routing rules. */
export async function seedIngestOrg(db: Database): Promise<IngestOrg> {
  const p = db.prisma;
  const company = await p.company.create({ data: { slug: "acme", name: "Acme", area: "north" } });
  const teamsRef = { serviceUrl: "http://127.0.0.1:9/teams/", conversation: { id: "19:team@thread.tacv2" } };
  const team = (slug: string, data: Record<string, unknown> = {}) =>
    p.team.create({ data: { slug, name: slug.toUpperCase(), companyId: company.id, ...data } });
  const north = await team("north", { slackChannelId: "C0NORTH", teamsConversationRef: teamsRef });
  const south = await team("south", { slackChannelId: "C0SOUTH", slaHours: 24 });
  const passives = await team("passives", { slackChannelId: "C0PASS", casesForPassives: true });
  const noChannel = await team("no-channel");
  const teamsOnly = await team("teams-only", {
    teamsConversationRef: { ...teamsRef, conversation: { id: "19:other@thread.tacv2" } },
  });
  const person = async (name: string, email: string, role: "staff" | "admin", teams: number[], extra = {}) =>
    (
      await p.person.create({
        data: { name, email, role, memberships: { create: teams.map((teamId) => ({ teamId })) }, ...extra },
      })
    ).id;
  const ana = await person("Ana Staff", "ana@acme.example", "staff", [south.id]);
  // Bob joined north first, then south: his responses go to north.
  const bob = await person("Bob Staff", "Bob@Acme.example", "staff", [north.id]);
  await p.teamMembership.create({ data: { personId: bob, teamId: south.id, createdAt: new Date(Date.now() + 1000) } });
  const loner = await person("Lone Staff", "loner@acme.example", "staff", []);
  const admin = await person("Ada Admin", "ada@acme.example", "admin", [], { slackUserId: "UADA" });
  const teamsAdmin = await person("Tim Admin", "tim@acme.example", "admin", [], { teamsAadObjectId: "aad-tim" });
  await p.routingRule.createMany({
    data: [
      { priority: 10, field: "touchpoint", pattern: "installation*", teamId: passives.id },
      { priority: 20, field: "attribute:branch", pattern: "SOUTH-*", teamId: south.id },
      { priority: 30, field: "area", pattern: "north", teamId: north.id },
      // Lower priority than the touchpoint rule above: never wins for installations.
      { priority: 50, field: "touchpoint", pattern: "*", teamId: noChannel.id },
    ],
  });
  return {
    companyId: company.id,
    north: north.id,
    south: south.id,
    passives: passives.id,
    noChannel: noChannel.id,
    teamsOnly: teamsOnly.id,
    ana,
    bob,
    loner,
    admin,
    teamsAdmin,
  };
}

let seq = 0;
/** A unique external id per call, so tests in one file never collide. */
export function nextId(prefix = "r"): string {
  return `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 7)}`;
}

export async function counts(db: Database) {
  const p = db.prisma;
  const [responses, cases, outbox] = await Promise.all([
    p.surveyResponse.count(),
    p.followUpCase.count(),
    p.outboxDelivery.count(),
  ]);
  return { responses, cases, outbox };
}
