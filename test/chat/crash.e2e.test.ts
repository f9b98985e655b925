// kill -9 of the server at several points of a delivery burst against a slow fake Slack (every post
// is stored at once and answered late, so kills land with calls in flight and answers not yet
// recorded), restart, drain: every response the server answered 2xx is stored, every detractor has
// its card, and no card is posted twice. Runs `tsx src/main.ts` as a child process on a fresh
// PostgreSQL database (the embedded one has no data-dir lock on this branch to take over after a
// kill -9) with a stable INSTANCE_ID, so a restart takes back what its predecessor left mid-send.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../support/slack.js";

const ADMIN_URL = process.env.CRASH_TEST_PG ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const TEAMS = 4;
const RESPONSES = 48;
const INGEST_TOKEN = "crash-test-ingest-token-0123456789";

let slack: FakeSlack;
let dbName: string;
let dbUrl: string;
let dataDir: string;
let orgFile: string;
const port = 20000 + Math.floor(Math.random() * 20000);
const logs: string[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ perChannel: { perSecond: 5, burst: 5 }, latencyMs: 700, strictUpdates: true });
  dbName = `crash_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  dbUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "nps-loop-crash-"));
  orgFile = path.join(dataDir, "org.yaml");
  const teams = Array.from({ length: TEAMS }, (_, i) => i);
  writeFileSync(
    orgFile,
    [
      "companies:",
      "  - slug: crashco",
      "    name: Crash Co",
      "teams:",
      ...teams.flatMap((i) => [
        `  - slug: team-${i}`,
        `    name: Team ${i}`,
        "    company: crashco",
        `    slackChannelId: C0CRASH${i}`,
      ]),
      "people:",
      "  - name: Ada Admin",
      "    email: ada@crash.example",
      "    role: admin",
      "    company: null",
      "    slackUserId: U0ADA0001",
      "  - name: Max Manager",
      "    email: max@crash.example",
      "    role: manager",
      `    teams: [${teams.map((i) => `team-${i}`).join(", ")}]`,
      "    slackUserId: U0MAX0001",
      "",
    ].join("\n"),
  );
}, 60_000);

afterAll(async () => {
  await slack?.close();
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
  await admin.end();
});

function startServer(): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      DATA_DIR: dataDir,
      ORG_FILE: orgFile,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      JOBS_ENABLED: "false",
      INSTANCE_ID: "crash-test",
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-crash-test",
      SLACK_SIGNING_SECRET: "crash-test-signing-secret",
      INGEST_TOKEN,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, exited };
}

async function healthy(timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not become healthy:\n${logs.join("").slice(-3000)}`);
}

const token = (i: number) => `crash-${i}-${dbName}`;
const isDetractor = (i: number) => i % 4 !== 3;

/** Sends one response; true when the server answered 2xx (it is then stored, whatever happens next). */
async function send(i: number): Promise<boolean> {
  const body = {
    externalId: `crash-${i}`,
    score: isDetractor(i) ? i % 7 : 9,
    comment: `Visit ${token(i)}`,
    team: `team-${i % TEAMS}`,
    respondedAt: new Date().toISOString(),
  };
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

async function outboxSettled(deadline: number): Promise<void> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    while (Date.now() < deadline) {
      const { rows } = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox_deliveries WHERE status IN ('pending', 'sending')",
      );
      if (rows[0]?.n === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await db.end();
  }
}

describe("kill -9 during a delivery burst", () => {
  it("stores every acknowledged response and cards every detractor exactly once across crashes", async () => {
    const acked = new Set<number>();
    const pending = new Set(Array.from({ length: RESPONSES }, (_, i) => i));
    // Kill points inside each burst: cards are then being posted (and answered 700 ms late).
    const kills = [1_200, 2_000, 800, 1_600];
    let postsAtKill: number[] = [];
    for (const after of kills) {
      const { child, exited } = startServer();
      await healthy();
      // A burst of what is still unacknowledged (a survey tool resends what got no 2xx).
      const burst = [...pending].slice(0, 12);
      const results = await Promise.all(burst.map(async (i) => [i, await send(i)] as const));
      for (const [i, ok] of results) {
        if (ok) {
          acked.add(i);
          pending.delete(i);
        }
      }
      await new Promise((r) => setTimeout(r, after));
      postsAtKill = [...postsAtKill, slack.posts.length];
      child.kill("SIGKILL");
      await exited;
    }
    // Last run: send the rest, then wait until every acknowledged detractor has its card.
    const { child, exited } = startServer();
    await healthy();
    for (const i of [...pending]) if (await send(i)) acked.add(i);
    const wanted = [...acked].filter(isDetractor);
    const cards = (i: number) => slack.posts.filter((p) => p.threadTs === null && p.text.includes(token(i)));
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && !wanted.every((i) => cards(i).length > 0)) {
      await new Promise((r) => setTimeout(r, 500));
    }
    // A doubled card would come after the first: wait until no outbox row is pending or in flight
    // (then nothing can post again), rather than a fixed moment.
    await outboxSettled(deadline);
    child.kill("SIGTERM");
    await exited;

    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    let storedIds: Set<string>;
    let caseCount: string | undefined;
    try {
      const stored = await db.query<{ external_id: string }>("SELECT external_id FROM survey_responses");
      storedIds = new Set(stored.rows.map((r) => r.external_id));
      caseCount = (await db.query<{ n: string }>("SELECT count(*) AS n FROM follow_up_cases")).rows[0]?.n;
    } finally {
      await db.end();
    }

    const missingResponses = [...acked].filter((i) => !storedIds.has(`crash-${i}`));
    const uncarded = wanted.filter((i) => cards(i).length === 0);
    const doubled = wanted.filter((i) => cards(i).length > 1);
    console.log(
      `crash test: ${kills.length} kill -9s (Slack posts at each kill: ${postsAtKill.join(", ")}); ` +
        `responses acknowledged ${acked.size}/${RESPONSES}, stored ${storedIds.size}, missing ${missingResponses.length}; ` +
        `detractors ${wanted.length}, cases ${caseCount}, carded ${wanted.length - uncarded.length}, ` +
        `uncarded ${uncarded.length}, doubled ${doubled.length}; history lookups ${slack.stats.lookups}`,
    );
    expect(acked.size).toBe(RESPONSES);
    expect(missingResponses).toEqual([]);
    expect(uncarded).toEqual([]);
    expect(doubled).toEqual([]);
  }, 600_000);
});
