// Two instances share one database (PostgreSQL when DATABASE_URL is set, each with its own
// connection pool; otherwise one PGlite). Both tick every job slot and both run a deliverer:
// every reminder and every card still goes out exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliverer } from "../../src/chat/deliverer/index.js";
import { DeliveryError, type PlatformSender } from "../../src/chat/port.js";
import { FakeClock } from "../../src/core/clock.js";
import type { ChatPlatform } from "../../src/core/types.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { JobCoordinator } from "../../src/jobs/coordinator.js";
import { slaWatchJob } from "../../src/jobs/sla-watch.js";
import { staffRemindersJob } from "../../src/jobs/staff-reminders.js";
import { FakeSender, makeDeps, outboxSettled } from "../chat/helpers.js";
import { createTestDatabase, onPostgres } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { withDatabase } from "../support/global-setup.js";
import { tickThrough } from "./helpers.js";

let dbA: Database;
let dbB: Database;

beforeAll(async () => {
  dbA = await createTestDatabase();
  if (onPostgres) {
    const [row] = await dbA.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    const name = row!.name;
    dbB = await openDatabase({
      databaseUrl: withDatabase(process.env.DATABASE_URL!, name),
      dataDir: "unused",
      poolSize: 5,
    });
  } else {
    dbB = dbA;
  }
});
afterAll(async () => {
  if (dbB !== dbA) await dbB.close();
  await dbA.close();
});

describe("two instances on one database", () => {
  it("tick the same slots and deliver concurrently, and every card and reminder arrives once", async () => {
    const clock = new FakeClock("2026-03-30T06:00:00Z");
    const env = { UNCLAIMED_REMINDER_HOURS: "1" };
    const a = makeDeps(dbA, { clock, env });
    const b = makeDeps(dbB, { clock, env });
    const org = await createOrg(dbA, { teams: 3, staffPerTeam: 4, teamTimeZone: "Europe/Madrid" });
    // Twelve detractors arrive at 08:00 Madrid, as ingestion records them: case and card row together.
    const caseIds: number[] = [];
    for (let i = 0; i < 12; i++) {
      const { caseId } = await createResponse(dbA, org, { score: i % 5, at: clock.now(), teamIndex: i % 3 });
      caseIds.push(caseId!);
    }
    await new OutboxRepository(dbA.prisma).enqueue(
      caseIds.map((caseId) => ({ platform: "slack" as const, payload: { kind: "case_card" as const, caseId } })),
      clock.now(),
    );

    // One recorder stands for Slack; each instance calls it through its own deliverer. Every fifth
    // call fails, so rows move between instances on retry.
    const slack = new FakeSender();
    slack.fault = (n) => (n % 5 === 4 ? new DeliveryError("retry", "HTTP 503") : undefined);
    const senders = new Map<ChatPlatform, PlatformSender>([["slack", slack]]);
    // Leases are in database (here: fake) time, and this test moves the fake clock 5 minutes per
    // tick in a few real milliseconds: a lease longer than the whole replay keeps that jump from
    // looking like a crashed instance (in real time a lease is 2 minutes against ~45 s of work).
    const opts = { pollIntervalMs: 30, leaseMs: 6 * 3_600_000, retryBackoff: { baseMs: 1_000, capMs: 2_000 } };
    const da = createDeliverer(a, senders, { owner: "instance-a", ...opts });
    const db_ = createDeliverer(b, senders, { owner: "instance-b", ...opts });
    da.start();
    db_.start();

    const ca = new JobCoordinator(a, "instance-a");
    const cb = new JobCoordinator(b, "instance-b");
    // 08:00 to 10:30 Madrid: reminders at 09:00, unclaimed-card reminders at 09:00.
    const sla = await tickThrough([ca, cb], slaWatchJob, clock, "2026-03-30T06:00:00Z", "2026-03-30T08:30:00Z");
    clock.set("2026-03-30T06:00:00Z");
    const rem = await tickThrough([ca, cb], staffRemindersJob, clock, "2026-03-30T06:00:00Z", "2026-03-30T08:30:00Z");
    for (const r of [sla, rem]) {
      expect(r.ran).toBe(r.ticks);
      expect(r.skipped).toBe(r.ticks);
    }
    // Let retries come due: the fake clock moves a second every 20 ms until everything is out.
    const end = Date.now() + 60_000;
    while (!(await outboxSettled(dbA)) && Date.now() < end) {
      clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all([da.stop(), db_.stop()]);
    expect(await outboxSettled(dbA)).toBe(true);

    const cards = slack.calls.filter((c) => c.op === "card");
    expect(cards.map((c) => (c as { caseId: number }).caseId).sort((x, y) => x - y)).toEqual(caseIds);
    expect(cards.every((c) => (c as { existing: string | null }).existing === null)).toBe(true);
    expect(slack.calls.filter((c) => c.op === "thread")).toHaveLength(caseIds.length);
    const dms = slack.calls.filter((c) => c.op === "dm").map((c) => (c as { personId: number }).personId);
    expect(dms.sort((x, y) => x - y)).toEqual([...org.staffIds].sort((x, y) => x - y));
    // Both deliverers took part, and each slot of the ledger has a single owner.
    expect(da.stats.sent + db_.stats.sent).toBe(cards.length + caseIds.length + org.staffIds.length);
    expect(da.stats.sent).toBeGreaterThan(0);
    expect(db_.stats.sent).toBeGreaterThan(0);
    const runs = await dbA.prisma.jobRun.groupBy({ by: ["owner"], _count: { _all: true } });
    expect(runs.reduce((s, r) => s + r._count._all, 0)).toBe(sla.ticks + rem.ticks);
    expect(da.stats.retried + db_.stats.retried).toBeGreaterThan(0);
  }, 180_000);
});
