// Delivery benchmark: 10,000 weekly reminders to 10,000 people, then (2 s later) a burst of 1,000
// detractor cards into 50 channels, through the real outbox deliverer and Slack sender against a
// fake Slack on 127.0.0.1 that enforces Slack's per-channel posting rate (1 per second, short
// bursts of 3, 429 + Retry-After beyond). The fake runs in a child process so its clock and
// rate limiting do not share an event loop with the deliverer and the database.
//   npm run bench:delivery              (full: 10,000 + 1,000 into 50 channels)
//   npm run bench:delivery -- --quick   (1,000 + 100 into 20 channels)
// Prints the drain time as a ratio to the rate limit's theoretical minimum, the 429s received,
// and the messages lost and doubled (must be 0 and 0). `--faults` runs 200 cards into 2 channels
// fault-free, then with 30% of Slack calls failing (`--cards`, `--channels`, `--seed` vary it).
// Without DATABASE_URL: in-memory PGlite; with it, a scratch database on that server, dropped at the end.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createDeliverer, DEFAULT_LIMITS } from "../src/chat/deliverer/index.js";
import type { PlatformSender } from "../src/chat/port.js";
import { loadConfig } from "../src/config/env.js";
import { systemClock } from "../src/core/clock.js";
import { weeklyStaffReminder } from "../src/core/messages/staff-reminder.js";
import { minimumDrainMs } from "../src/core/pacing.js";
import type { ChatPlatform } from "../src/core/types.js";
import type { Database } from "../src/db/client.js";
import { OutboxRepository } from "../src/db/repositories/outbox.js";
import type { CoreDeps } from "../src/deps.js";
import { silentLogger } from "../src/log.js";
import { createMetrics } from "../src/metrics.js";
import { createSlackClient } from "../src/slack/client.js";
import { SlackSender } from "../src/slack/sender.js";
import { type FakeFault, type FakeSlackStats, startFakeSlack } from "./lib/fake-slack.js";
import { openBenchTarget } from "./lib/target.js";

const FAKE_BURST = 3;
const FAKE_RATE = 1;

// --- the fake Slack, when this file runs as the child process -------------------------------------
if (process.argv.includes("--serve-fake-slack")) {
  // --faults scenario: this share of all calls fail (429 + Retry-After 1 s, 500, a 10 s hang), seeded.
  const faultRate = Number(process.argv.find((a) => a.startsWith("--fault-rate="))?.slice(13) ?? 0);
  let seed = Number(process.argv.find((a) => a.startsWith("--fault-seed="))?.slice(13) ?? 42);
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const kinds: FakeFault[] = [
    { status: 429, retryAfter: 1 },
    { status: 500, body: '{"ok":false,"error":"internal_error"}' },
    { hang: true, dropAfterMs: 10_000 },
  ];
  const fake = await startFakeSlack({
    perChannel: { perSecond: FAKE_RATE, burst: FAKE_BURST },
    strictUpdates: true,
    ...(faultRate > 0 ? { fault: () => (rnd() < faultRate ? kinds[Math.floor(rnd() * 3)]! : null) } : {}),
  });
  process.send?.({ type: "ready", url: fake.apiUrl });
  process.on("message", (m: { type: string }) => {
    if (m.type === "report") {
      process.send?.({
        type: "report",
        stats: fake.stats,
        posts: fake.posts.map((p) => ({ channel: p.channel, text: p.text, at: p.at })),
        firstAt: fake.posts[0]?.at ?? 0,
      });
    }
    if (m.type === "stop") void fake.close().then(() => process.exit(0));
  });
} else if (process.argv.includes("--faults")) {
  // Delivery under faults: 200 detractor cards into 2 channels, first fault-free, then with 30% of
  // Slack calls failing; each prints its card ratio (targets: 1.1x fault-free, under 1.5x with faults).
  // (--faulty-only skips the fault-free round.)
  if (!process.argv.includes("--faulty-only")) await main({ faultRate: 0 });
  await main({ faultRate: 0.3 });
} else {
  await main();
}

interface Report {
  stats: FakeSlackStats;
  posts: { channel: string; text: string; at: number }[];
}

async function main(scenario: { faultRate?: number } = {}) {
  const faulty = scenario.faultRate !== undefined;
  const { values: args } = parseArgs({
    options: {
      faults: { type: "boolean", default: false },
      "faulty-only": { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      reminders: { type: "string" },
      cards: { type: "string" },
      channels: { type: "string" },
      "timeout-s": { type: "string" },
      /** Seed of the fault sequence (--faults): other seeds, other runs of the same scenario. */
      seed: { type: "string" },
      /** Write the deliverer's warnings (retries, rate limits) as JSON lines to this file. */
      "log-file": { type: "string" },
      /** Write what the fake Slack posted (channel, card token, time) as JSON to this file. */
      "posts-file": { type: "string" },
    },
  });
  const REMINDERS = faulty ? 0 : Number(args.reminders ?? (args.quick ? 1_000 : 10_000));
  const CARDS = Number(args.cards ?? (faulty ? 200 : args.quick ? 100 : 1_000));
  const CHANNELS = Number(args.channels ?? (faulty ? 2 : args.quick ? 20 : 50));
  const TIMEOUT_MS = Number(args["timeout-s"] ?? (args.quick || faulty ? 600 : 1_200)) * 1000;
  const CARD_DELAY_MS = faulty ? 0 : 2_000;
  if (faulty) console.log(`\n=== Delivery under faults: ${(scenario.faultRate ?? 0) * 100}% of Slack calls fail ===`);

  const child = fork(
    fileURLToPath(import.meta.url),
    ["--serve-fake-slack", `--fault-rate=${scenario.faultRate ?? 0}`, `--fault-seed=${args.seed ?? 42}`],
    {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  const url = await new Promise<string>((resolve) =>
    child.on("message", (m: { type: string; url?: string }) => m.type === "ready" && resolve(m.url!)),
  );
  const target = await openBenchTarget({ name: "delivery", migrate: true });
  const { db } = target;
  let deliverer: ReturnType<typeof createDeliverer> | undefined;
  const guard = setTimeout(() => {
    console.error(`Stopped after ${TIMEOUT_MS / 1000} s without draining the outbox.`);
    process.exitCode = 1;
    void finish(true);
  }, TIMEOUT_MS);

  async function finish(aborted = false) {
    clearTimeout(guard);
    await deliverer?.stop();
    child.send({ type: "stop" });
    await target.close();
    if (aborted) process.exit(1);
  }

  console.log(
    `Delivery benchmark on ${target.label}; fake Slack at ${url} (${FAKE_RATE}/s per channel, bursts of ${FAKE_BURST})`,
  );
  console.log(`Seeding ${REMINDERS} people, ${CHANNELS} teams and ${CARDS} detractor cases...`);
  const seeded = await seed(db, REMINDERS, CHANNELS, CARDS);

  const config = loadConfig({
    LOG_LEVEL: "silent",
    SLACK_API_URL: url,
    SLACK_BOT_TOKEN: "xoxb-bench",
    SLACK_SIGNING_SECRET: "bench",
  });
  const metrics = createMetrics();
  const deps: CoreDeps = {
    config,
    log: args["log-file"]
      ? pino({ level: "warn" }, pino.destination({ dest: args["log-file"], sync: true }))
      : silentLogger,
    clock: systemClock,
    db: db.ctx,
    metrics,
    platforms: ["slack"],
    outboxKick: () => deliverer?.kick(),
  };
  const sender = new SlackSender(createSlackClient(config, "delivery"));
  deliverer = createDeliverer(deps, new Map<ChatPlatform, PlatformSender>([["slack", sender]]), { owner: "bench" });
  const outbox = new OutboxRepository(db.prisma);

  // Monday 09:00: the reminders are in the outbox (the staff-reminders job put them there).
  const reminder = weeklyStaffReminder({
    name: "Ana García",
    timeZone: "Europe/Madrid",
    weeks: 8,
    report: { n: 14, nps: 42.9, marginOfError: 38.1, enoughData: true, minSample: 10, change: null, sparkline: "" },
    promoterQuote: { text: "Ana explained everything and left the kitchen spotless.", at: new Date() },
    focus: null,
    openCoaching: [{ id: 1, topic: "Text ahead when late", dueAt: new Date(), managerName: "Marta" }],
    turnOffHint: "Rather not get these? Type /nps reminders off.",
  });
  const tEnqueue = performance.now();
  for (let i = 0; i < seeded.personIds.length; i += 1000) {
    await outbox.enqueue(
      seeded.personIds.slice(i, i + 1000).map((personId) => ({
        platform: "slack" as const,
        payload: { kind: "dm" as const, personId, message: reminder },
        dedupeKey: `bench-reminder:${personId}`,
      })),
      new Date(),
    );
  }
  // The clock starts when the reminders are in the outbox, as the staff-reminders job leaves them.
  const t0 = performance.now();
  // Event-loop stalls (embedded PGlite runs queries on this thread) show up as late ticks.
  const stalls: { at: number; ms: number }[] = [];
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 1_000) stalls.push({ at: lastTick - t0, ms: now - lastTick });
    lastTick = now;
  }, 100);
  deliverer.start();
  console.log(`Enqueued ${REMINDERS} reminders in ${ms(t0 - tEnqueue)}; delivering...`);

  // A burst of detractors arrives while the reminders go out.
  await new Promise((r) => setTimeout(r, CARD_DELAY_MS));
  const tCards = performance.now();
  for (let i = 0; i < seeded.caseIds.length; i += 500) {
    await outbox.enqueue(
      seeded.caseIds
        .slice(i, i + 500)
        .map((caseId) => ({ platform: "slack" as const, payload: { kind: "case_card" as const, caseId } })),
      new Date(),
    );
  }
  deps.outboxKick();
  const tCardsEnqueued = performance.now();

  const total = REMINDERS + CARDS;
  let last = "";
  while (true) {
    const rows = await db.prisma.outboxDelivery.groupBy({ by: ["status"], _count: { _all: true } });
    const by = Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    const done = (by.sent ?? 0) + (by.dead ?? 0);
    const line = `  ${ms(performance.now() - t0)}: sent ${by.sent ?? 0}, dead ${by.dead ?? 0}, waiting ${total - done}`;
    if (line.slice(line.indexOf(":")) !== last) {
      process.stdout.write(`${line}\n`);
      last = line.slice(line.indexOf(":"));
    }
    if (done >= total) break;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const tDone = performance.now();
  await deliverer.stop();

  child.send({ type: "report" });
  const report = await new Promise<Report>((resolve) =>
    child.on("message", (m: { type: string } & Report) => m.type === "report" && resolve(m)),
  );

  if (args["posts-file"]) {
    const { writeFileSync } = await import("node:fs");
    const timeline = report.posts.map((p) => ({
      channel: p.channel,
      card: /bench-case-(\d+)/.exec(p.text)?.[1],
      at: p.at,
    }));
    writeFileSync(args["posts-file"], JSON.stringify(timeline));
  }
  // What arrived: DMs by their channel (the user id), cards by the token in their comment.
  const dmCount = new Map<string, number>();
  const cardCount = new Map<string, number>();
  let lastCardAt = 0;
  let firstPostAt = Number.POSITIVE_INFINITY;
  for (const p of report.posts) {
    firstPostAt = Math.min(firstPostAt, p.at);
    const token = /bench-case-(\d+)/.exec(p.text)?.[1];
    if (token) {
      cardCount.set(token, (cardCount.get(token) ?? 0) + 1);
      lastCardAt = Math.max(lastCardAt, p.at);
    } else if (p.channel.startsWith("UB")) dmCount.set(p.channel, (dmCount.get(p.channel) ?? 0) + 1);
  }
  const lostDm = seeded.userIds.filter((u) => !dmCount.has(u)).length;
  const lostCards = seeded.caseTokens.filter((t) => !cardCount.has(t)).length;
  const doubledDm = [...dmCount.values()].filter((n) => n > 1).length;
  const doubledCards = [...cardCount.values()].filter((n) => n > 1).length;
  const dead = await db.prisma.outboxDelivery.count({ where: { status: "dead" } });

  const perChannel = Math.ceil(CARDS / CHANNELS);
  const fakeLimit = { perSecond: FAKE_RATE, burst: FAKE_BURST };
  const channelMinMs = minimumDrainMs(perChannel, fakeLimit);
  const app = DEFAULT_LIMITS.slack.perApp;
  const appMinMs = ((total - app.burst) / app.perSecond) * 1000;
  const drainMs = tDone - t0;
  const cardDrainMs = Math.max(0, lastCardAt - firstPostAt - (tCards - t0)) || tDone - tCards;

  console.log("");
  console.log(
    `Messages: ${REMINDERS} reminders (one per person) + ${CARDS} cards (${perChannel} per channel in ${CHANNELS} channels)`,
  );
  console.log(`Drain time (all ${total}): ${ms(drainMs)}`);
  console.log(
    `  Slack's per-channel limit alone allows it in ${ms(channelMinMs)} (${perChannel} posts in one channel at ${FAKE_RATE}/s after a burst of ${FAKE_BURST}): ratio ${(drainMs / Math.max(channelMinMs, 1)).toFixed(2)}`,
  );
  console.log(
    `  With the deliverer's own app-wide cap (${app.perSecond}/s, Slack publishes no app-wide number): minimum ${ms(Math.max(appMinMs, channelMinMs))}, ratio ${(drainMs / Math.max(appMinMs, channelMinMs)).toFixed(2)}`,
  );
  console.log(`  Throughput: ${(total / (drainMs / 1000)).toFixed(0)} messages/s`);
  console.log(
    `Cards (burst enqueued ${ms(tCardsEnqueued - tCards)} after ${ms(tCards - t0)}): all posted ${ms(cardDrainMs)} after the burst; per-channel minimum ${ms(channelMinMs)}, ratio ${(cardDrainMs / Math.max(channelMinMs, 1)).toFixed(2)}`,
  );
  console.log(`429s received: ${report.stats.rateLimited} (fake Slack calls: ${report.stats.calls})`);
  if (faulty) {
    const f = report.stats;
    console.log(
      `Injected faults: ${f.injected429} 429s, ${f.errors500} 500s, ${f.timeouts} hangs; history lookups: ${f.lookups}`,
    );
  }
  console.log(
    `Lost: ${lostDm + lostCards} (reminders ${lostDm}, cards ${lostCards}); doubled: ${doubledDm + doubledCards} (reminders ${doubledDm}, cards ${doubledCards}); dead letters: ${dead}`,
  );
  console.log(`Deliverer: ${JSON.stringify(deliverer.stats)}`);
  clearInterval(ticker);
  console.log(
    stalls.length
      ? `Event-loop stalls over 1 s: ${stalls.map((x) => `${ms(x.ms)} at ${ms(x.at)}`).join(", ")}`
      : "Event-loop stalls over 1 s: none",
  );
  if (lostDm + lostCards + doubledDm + doubledCards + dead > 0) process.exitCode = 1;
  await finish();
}

function ms(x: number): string {
  return x < 10_000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(1)} s`;
}

async function seed(db: Database, people: number, channels: number, cards: number) {
  const p = db.prisma;
  const company = await p.company.create({ data: { slug: "bench", name: "Bench Co", area: "north" } });
  await p.team.createMany({
    data: Array.from({ length: channels }, (_, t) => ({
      slug: `team-${t}`,
      name: `Team ${t}`,
      companyId: company.id,
      slackChannelId: `CB${String(t).padStart(6, "0")}`,
    })),
  });
  const teams = await p.team.findMany({ orderBy: { id: "asc" }, select: { id: true } });
  const userIds = Array.from({ length: people }, (_, i) => `UB${String(i).padStart(7, "0")}`);
  for (let i = 0; i < people; i += 2000) {
    await p.person.createMany({
      data: userIds
        .slice(i, i + 2000)
        .map((u, j) => ({ name: `Staff ${i + j}`, slackUserId: u, companyId: company.id })),
    });
  }
  const personIds = (await p.person.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((x) => x.id);
  const now = new Date();
  await p.surveyResponse.createMany({
    data: Array.from({ length: cards }, (_, i) => ({
      source: "bench",
      externalId: `bench-${i}`,
      score: i % 7,
      comment: `The visit went wrong (bench-case-${i}).`,
      teamId: teams[i % channels]!.id,
      companyId: company.id,
      respondedAt: now,
    })),
  });
  const responses = await p.surveyResponse.findMany({ orderBy: { id: "asc" }, select: { id: true, teamId: true } });
  await p.followUpCase.createMany({
    data: responses.map((r) => ({
      responseId: r.id,
      teamId: r.teamId,
      companyId: company.id,
      dueAt: new Date(now.getTime() + 48 * 3_600_000),
    })),
  });
  const caseIds = (await p.followUpCase.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((c) => c.id);
  return { personIds, userIds, caseIds, caseTokens: Array.from({ length: cards }, (_, i) => String(i)) };
}
