// One running NPS Loop (real Bolt app on the real HTTP server, real database) wired to the fake
// Slack, with an org seeded through the org-file service, for the Slack integration tests.
import pg from "pg";
import { type App, buildApp } from "../../src/app.js";
import { createDeliverer, type Deliverer } from "../../src/chat/deliverer/index.js";
import { loadConfig } from "../../src/config/env.js";
import type { Database } from "../../src/db/client.js";
import { silentLogger } from "../../src/log.js";
import { applyOrg } from "../../src/services/org.js";
import { createResponseService, type IncomingResponse } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import {
  blockAction,
  eventCallback,
  type FakeSlack,
  postSigned,
  type SignedPost,
  slashCommand,
  startFakeSlack,
  viewSubmission,
} from "../support/slack.js";

export const SECRET = "test-signing-secret-0123456789";

export const USERS = {
  ana: "U0ANA0001", // manager, madrid-north
  ben: "U0BEN0001", // manager, madrid-north
  carla: "U0CARLA01", // manager, barcelona
  luis: "U0LUIS001", // staff, madrid-north
  dora: "U0DORA001", // director, acme
  otto: "U0OTTO001", // director, other company
  adam: "U0ADAM001", // admin
  stranger: "U0NOBODY1", // not in the org
} as const;

export const ORG = {
  companies: [
    { slug: "acme", name: "Acme Services", area: "Madrid" },
    { slug: "globex", name: "Globex", area: "Madrid", inProgramme: false },
  ],
  teams: [
    {
      slug: "madrid-north",
      name: "Madrid North",
      company: "acme",
      timeZone: "Europe/Madrid",
      slackChannelId: "C0TEAM001",
    },
    { slug: "barcelona", name: "Barcelona", company: "acme", timeZone: "Europe/Madrid", slackChannelId: "C0TEAM002" },
    { slug: "globex-east", name: "Globex East", company: "globex", slackChannelId: "C0TEAM003" },
  ],
  people: [
    { name: "Ana Ruiz", email: "ana@acme.example", role: "manager", teams: ["madrid-north"], slackUserId: USERS.ana },
    { name: "Ben Ortiz", email: "ben@acme.example", role: "manager", teams: ["madrid-north"], slackUserId: USERS.ben },
    { name: "Carla Gil", email: "carla@acme.example", role: "manager", teams: ["barcelona"], slackUserId: USERS.carla },
    { name: "Luis Pérez", email: "luis@acme.example", role: "staff", teams: ["madrid-north"], slackUserId: USERS.luis },
    { name: "Dora Vidal", email: "dora@acme.example", role: "director", company: "acme", slackUserId: USERS.dora },
    { name: "Otto Brun", email: "otto@globex.example", role: "director", company: "globex", slackUserId: USERS.otto },
    { name: "Adam Admin", email: "adam@acme.example", role: "admin", company: null, slackUserId: USERS.adam },
  ],
};

export interface Harness {
  app: App;
  db: Database;
  fake: FakeSlack;
  deliverer: Deliverer;
  url: string;
  ingest(items: Partial<IncomingResponse>[]): Promise<number[]>;
  /** Ingests one detractor and waits until its card is posted; returns the case id and card ts. */
  newCase(over?: Partial<IncomingResponse>): Promise<{ caseId: number; ts: string }>;
  click(
    userId: string,
    actionId: string,
    value: string,
    extra?: { responseUrl?: string; messageTs?: string },
  ): Promise<SignedPost>;
  command(userId: string, text: string, extra?: { channelId?: string; responseUrl?: string }): Promise<SignedPost>;
  submit(
    userId: string,
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, unknown>>,
  ): Promise<SignedPost>;
  event(event: Record<string, unknown>): Promise<SignedPost>;
  close(): Promise<void>;
}

let seq = 0;

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const db = await createDatabaseRetrying();
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    JOBS_ENABLED: "false",
    // The test runs its own deliverer so that it works whether or not src/app.ts registers one.
    DELIVERY_ENABLED: "false",
    MIN_SAMPLE: "3",
    ...env,
  });
  const app = await buildApp({ config, database: db, skipMigrations: true, log: silentLogger });
  await applyOrg(app.deps, ORG);
  // Real pacing is 1 message/s per channel; these tests post many cards to one channel.
  const fast = { perDestination: { perSecond: 100, burst: 100 }, perApp: { perSecond: 1000, burst: 1000 } };
  const deliverer = createDeliverer(app.deps, app.ctx.senders, {
    owner: "slack-test",
    pollIntervalMs: 50,
    limits: { slack: fast },
  });
  const kick = app.deps.outboxKick;
  app.deps.outboxKick = () => {
    kick();
    deliverer.kick();
  };
  const { port } = await app.start();
  deliverer.start();
  const url = `http://127.0.0.1:${port}/slack/events`;
  const responses = createResponseService(app.deps);

  const h: Harness = {
    app,
    db,
    fake,
    deliverer,
    url,
    async ingest(items) {
      const summary = await responses.ingest(
        items.map((it) => ({
          source: "test",
          externalId: `r-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
          score: 2,
          team: "madrid-north",
          staff: "luis@acme.example",
          touchpoint: "boiler repair",
          comment: "The technician arrived two hours late.",
          customer: { id: `C-${seq}`, name: "María García", email: "maria@example.com", phone: "+34 612 345 678" },
          ...it,
        })),
      );
      return summary.results.map((r) => r.caseId ?? -1);
    },
    async newCase(over = {}) {
      const [caseId] = await h.ingest([over]);
      const post = await fake.waitFor((calls) =>
        calls.find(
          (c) => c.method === "chat.postMessage" && JSON.stringify(c.args.blocks ?? "").includes(`Case #${caseId} `),
        ),
      );
      return { caseId: caseId!, ts: String(post.response?.ts) };
    },
    click(userId, actionId, value, extra = {}) {
      return postSigned(
        url,
        SECRET,
        blockAction({
          userId,
          actionId,
          value,
          responseUrl: extra.responseUrl ?? fake.responseUrl(`${userId}-${actionId}-${value}`),
          messageTs: extra.messageTs,
        }),
        "application/x-www-form-urlencoded",
      );
    },
    command(userId, text, extra = {}) {
      return postSigned(
        url,
        SECRET,
        slashCommand({
          userId,
          text,
          channelId: extra.channelId,
          responseUrl: extra.responseUrl ?? fake.responseUrl(`${userId}-cmd-${++seq}`),
        }),
        "application/x-www-form-urlencoded",
      );
    },
    submit(userId, callbackId, privateMetadata, values) {
      return postSigned(
        url,
        SECRET,
        viewSubmission({ userId, callbackId, privateMetadata, values }),
        "application/x-www-form-urlencoded",
      );
    },
    event(event) {
      return postSigned(url, SECRET, eventCallback(event), "application/json");
    },
    async close() {
      await deliverer.stop();
      await app.stop();
      await fake.close();
    },
  };
  return h;
}

/**
 * Two CREATE DATABASE … TEMPLATE of one template at once both fail after 5 s on PostgreSQL ("being
 * accessed by other users"), so test files cloning in parallel take turns under an advisory lock
 * (and retry if a process that does not take the lock got in the way).
 */
async function createDatabaseRetrying(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return createTestDatabase();
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock(74290311)");
    for (let attempt = 1; ; attempt++) {
      try {
        return await createTestDatabase();
      } catch (err) {
        if (attempt >= 15 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 2000));
      }
    }
  } finally {
    await lock.end();
  }
}

/** The response_url answers one id received, in order. */
export function answersTo(fake: FakeSlack, id: string) {
  return fake.callsTo("response_url").filter((c) => c.args.id === id);
}
