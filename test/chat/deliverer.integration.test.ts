import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDeliverer, type Deliverer, type DelivererOptions } from "../../src/chat/deliverer/index.js";
import { DeliveryError, type PlatformSender } from "../../src/chat/port.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import type { CoreDeps } from "../../src/deps.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { FakeSender, makeDeps, msg, outboxSettled, waitFor } from "./helpers.js";

let db: Database;
let deps: CoreDeps;
let running: Deliverer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  deps = makeDeps(db);
});
afterEach(async () => {
  await Promise.all(running.map((d) => d.stop()));
  running = [];
});
afterAll(async () => {
  await db.close();
});

const fast: Partial<DelivererOptions> = {
  pollIntervalMs: 50,
  retryBackoff: { baseMs: 20, capMs: 100 },
  permanentBackoff: { baseMs: 20, capMs: 100 },
  limits: {
    slack: { perDestination: { perSecond: 50, burst: 1 }, perApp: { perSecond: 1000, burst: 100 } },
    teams: { perDestination: { perSecond: 50, burst: 1 }, perApp: { perSecond: 1000, burst: 100 } },
  },
};

/** A deliverer driven step by step (runOnce/drain): nothing runs between two statements. */
function stepped(senders: PlatformSender[], opts: Partial<DelivererOptions> = {}, d: CoreDeps = deps): Deliverer {
  const map = new Map<ChatPlatform, PlatformSender>(senders.map((s) => [s.platform, s]));
  const deliverer = createDeliverer(d, map, { owner: `t-${running.length}`, ...fast, ...opts });
  running.push(deliverer);
  return deliverer;
}

/** A deliverer with its background loop running (for what takes real time: backoff, pacing). */
function start(senders: PlatformSender[], opts: Partial<DelivererOptions> = {}, d: CoreDeps = deps): Deliverer {
  const deliverer = stepped(senders, opts, d);
  deliverer.start();
  return deliverer;
}

const outbox = () => new OutboxRepository(db.prisma);

describe("outbox deliverer", () => {
  it("posts a card once, saves where it lives, then updates it in place with the latest state", async () => {
    const org = await createOrg(db);
    const { caseId } = await createResponse(db, org, { score: 3, at: new Date() });
    const slack = new FakeSender();
    await outbox().enqueue([{ platform: "slack", payload: { kind: "case_card", caseId: caseId! } }], new Date());
    const d = stepped([slack]);
    await d.drain();
    expect(await outboxSettled(db)).toBe(true);
    expect(slack.calls).toMatchObject([{ op: "card", caseId, status: "open", existing: null }]);
    const saved = await db.prisma.chatMessage.findMany({ where: { caseId: caseId! } });
    expect(saved).toHaveLength(1);

    // Two changes before the deliverer looks: one pending render is enough, and it shows the latest.
    await db.prisma.followUpCase.update({ where: { id: caseId! }, data: { status: "claimed" } });
    expect(await outbox().requestCardRender(caseId!, "slack", new Date())).toBe(true);
    await db.prisma.followUpCase.update({ where: { id: caseId! }, data: { status: "contacted" } });
    expect(await outbox().requestCardRender(caseId!, "slack", new Date())).toBe(false);
    await d.drain();
    expect(await outboxSettled(db)).toBe(true);
    expect(slack.calls).toHaveLength(2);
    expect(slack.calls[1]).toMatchObject({ op: "card", status: "contacted", existing: saved[0]!.messageId });
  });

  it("sends thread replies after their card, and DMs and channel posts once each", async () => {
    const org = await createOrg(db);
    const { caseId } = await createResponse(db, org, { score: 1, at: new Date() });
    const slack = new FakeSender();
    const now = new Date();
    // The reply is enqueued with the card and has the same priority slot: it must still wait for it.
    await outbox().enqueue(
      [
        { platform: "slack", payload: { kind: "case_card", caseId: caseId! } },
        { platform: "slack", payload: { kind: "case_thread", caseId: caseId!, message: msg("reminder") } },
        { platform: "slack", payload: { kind: "dm", personId: org.managerIds[0]!, message: msg("hello") } },
        { platform: "slack", payload: { kind: "channel_message", teamId: org.teamIds[0]!, message: msg("team") } },
      ],
      now,
    );
    await stepped([slack]).drain();
    expect(await outboxSettled(db)).toBe(true);
    expect(slack.calls.map((c) => c.op).sort()).toEqual(["card", "dm", "team", "thread"]);
    const card = slack.calls.findIndex((c) => c.op === "card");
    const thread = slack.calls.findIndex((c) => c.op === "thread");
    expect(card).toBeLessThan(thread);
  });

  it("retries transient failures with backoff and sends exactly once", async () => {
    const org = await createOrg(db);
    const slack = new FakeSender();
    slack.fault = (n) => (n < 2 ? new DeliveryError("retry", "HTTP 500") : undefined);
    await outbox().enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.staffIds[0]!, message: msg("hi") } }],
      new Date(),
    );
    const d = start([slack]);
    await waitFor(() => outboxSettled(db));
    expect(slack.calls).toHaveLength(1);
    expect(d.stats).toMatchObject({ sent: 1, retried: 2 });
    const row = (await db.prisma.outboxDelivery.findMany({ where: { target: `person:${org.staffIds[0]}` } }))[0]!;
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("honours Retry-After without counting it as a failure", async () => {
    const org = await createOrg(db);
    const slack = new FakeSender();
    slack.fault = (n) =>
      n === 0 ? new DeliveryError("rate_limited", "ratelimited", { retryAfterMs: 400 }) : undefined;
    const t0 = performance.now();
    await outbox().enqueue(
      [{ platform: "slack", payload: { kind: "channel_message", teamId: org.teamIds[0]!, message: msg("x") } }],
      new Date(),
    );
    start([slack]);
    await waitFor(() => outboxSettled(db));
    expect(slack.calls).toHaveLength(1);
    expect(slack.calls[0]!.at - t0).toBeGreaterThanOrEqual(400);
    const row = await db.prisma.outboxDelivery.findFirst({ where: { target: `team:${org.teamIds[0]}` } });
    expect(row).toMatchObject({ status: "sent", attempts: 0 });
  });

  it("treats a send with no answer as a retryable failure", async () => {
    const org = await createOrg(db);
    const slack = new FakeSender();
    slack.fault = (n) => (n === 0 ? { hangMs: 5_000 } : undefined);
    await outbox().enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.directorId, message: msg("x") } }],
      new Date(),
    );
    const d = start([slack], { sendTimeoutMs: 200 });
    await waitFor(() => outboxSettled(db));
    expect(slack.calls).toHaveLength(1);
    expect(d.stats.retried).toBe(1);
  });

  it("dead-letters after repeated permanent failures and alerts admins once per destination and day", async () => {
    const org = await createOrg(db);
    const c1 = (await createResponse(db, org, { score: 0, at: new Date() })).caseId!;
    const c2 = (await createResponse(db, org, { score: 2, at: new Date() })).caseId!;
    const slack = new FakeSender();
    slack.fault = (_n, op) =>
      op === "card"
        ? new DeliveryError("permanent", "channel not found", { platformCode: "channel_not_found" })
        : undefined;
    await outbox().enqueue(
      [
        { platform: "slack", payload: { kind: "case_card", caseId: c1 } },
        { platform: "slack", payload: { kind: "case_card", caseId: c2 } },
      ],
      new Date(),
    );
    const d = start([slack]);
    await waitFor(() => outboxSettled(db));
    const rows = await db.prisma.outboxDelivery.findMany({ where: { caseId: { in: [c1, c2] } } });
    expect(rows.map((r) => [r.status, r.attempts, r.lastError])).toEqual([
      ["dead", 3, "channel_not_found: channel not found"],
      ["dead", 3, "channel_not_found: channel not found"],
    ]);
    expect(d.stats.dead).toBe(2);
    // One alert to the admin (and no other admins exist in this database yet... count this org's).
    const alerts = slack.calls.filter((c) => c.op === "dm" && c.personId === org.adminId);
    expect(alerts).toHaveLength(1);
    expect((alerts[0] as { text: string }).text).toContain("could not deliver a case card");
  });

  it("keeps rows for a platform without a sender waiting instead of dead-lettering them", async () => {
    const org = await createOrg(db);
    await outbox().enqueue(
      [{ platform: "teams", payload: { kind: "dm", personId: org.staffIds[0]!, message: msg("x") } }],
      new Date(),
    );
    // A full pass over everything due: the Teams row is not claimed by a Slack-only deliverer.
    await stepped([new FakeSender("slack")]).drain();
    const row = await db.prisma.outboxDelivery.findFirst({ where: { platform: "teams" } });
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    await db.prisma.outboxDelivery.deleteMany({ where: { platform: "teams" } });
  });

  it("wakes on a kick instead of waiting for the poll", async () => {
    const org = await createOrg(db);
    const slack = new FakeSender();
    const d = start([slack], { pollIntervalMs: 60_000 });
    // A first message proves the loop made its first pass; it then sleeps for the 60 s poll.
    await outbox().enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.directorId, message: msg("first") } }],
      new Date(),
    );
    d.kick();
    await waitFor(() => slack.calls.length === 1, 2_000, 5);
    await waitFor(() => outboxSettled(db), 2_000, 5);
    await outbox().enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.staffIds[0]!, message: msg("now") } }],
      new Date(),
    );
    d.kick();
    // Without the kick the message would wait for the 60 s poll: arriving well inside that proves the
    // wake-up, with room for a loaded machine (no bound on the machine's speed).
    await waitFor(() => slack.calls.length === 2, 20_000, 5);
    expect(slack.calls.map((c) => (c.op === "dm" ? c.text : c.op))).toEqual(["first", "now"]);
  });

  it("paces one channel at its rate while other channels go in parallel", async () => {
    const org = await createOrg(db, { teams: 2 });
    const slack = new FakeSender();
    const rows = [0, 1].flatMap((teamIndex) =>
      Array.from({ length: 5 }, (_, i) => ({
        platform: "slack" as const,
        payload: { kind: "channel_message" as const, teamId: org.teamIds[teamIndex]!, message: msg(`m${i}`) },
      })),
    );
    await outbox().enqueue(rows, new Date());
    // The pacer's clock is the test's: it moves 50 ms between passes, and only then. Each pass
    // sends what pacing allows at that time (and waits for it), so the schedule below is the
    // pacer's own, whatever the machine's speed or load.
    let now = 0;
    const d = stepped([slack], {
      monotonic: () => now,
      limits: { slack: { perDestination: { perSecond: 10, burst: 1 }, perApp: { perSecond: 1000, burst: 100 } } },
    });
    const sentAt = new Map<number, number[]>(org.teamIds.map((id) => [id, []]));
    for (; now <= 1_000; now += 50) {
      const before = slack.calls.length;
      await d.runOnce();
      for (const c of slack.calls.slice(before)) if (c.op === "team") sentAt.get(c.teamId)!.push(now);
      if (slack.calls.length === rows.length) break;
    }
    expect(await outboxSettled(db)).toBe(true);
    // One post per 100 ms slot on each channel (10/s, no burst), never sooner; and both channels
    // in the same slots: five posts on each in the time of one channel's five (400 ms), not ten.
    for (const teamId of org.teamIds) expect(sentAt.get(teamId)).toEqual([0, 100, 200, 300, 400]);
  });

  it("takes over a row whose deliverer died mid-send once its lease expires", async () => {
    const org = await createOrg(db);
    await outbox().enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.managerIds[0]!, message: msg("x") } }],
      new Date(),
    );
    // A crashed instance: claimed the row, never finished.
    const where = { target: `person:${org.managerIds[0]}` };
    await db.prisma.outboxDelivery.updateMany({
      where: { ...where, status: "pending" },
      data: { status: "sending", lockedBy: "crashed", lockedUntil: new Date(Date.now() + 60_000) },
    });
    const slack = new FakeSender();
    const d = stepped([slack]);
    // While its lease lasts, the row is not ours to send.
    await d.drain();
    expect(slack.calls).toHaveLength(0);
    // The lease runs out.
    await db.prisma.outboxDelivery.updateMany({ where, data: { lockedUntil: new Date(Date.now() - 1) } });
    await d.drain();
    expect(await outboxSettled(db)).toBe(true);
    expect(slack.calls).toHaveLength(1);
    const row = await db.prisma.outboxDelivery.findFirst({ where: { target: `person:${org.managerIds[0]}` } });
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("refuses to be driven step by step while its background loop runs", async () => {
    const d = start([new FakeSender()]);
    await expect(d.runOnce()).rejects.toThrow(/^CONFLICT: runOnce\(\)/);
    await expect(d.drain()).rejects.toThrow(/^CONFLICT/);
    await d.stop();
    await d.drain();
  });
});
