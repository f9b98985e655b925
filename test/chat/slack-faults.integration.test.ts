// The deliverer against the real Slack sender and a fake Slack on 127.0.0.1 that fails a third
// of the calls (429 with Retry-After, 500, no answer): every card, thread reply, update and DM
// still arrives exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliverer } from "../../src/chat/deliverer/index.js";
import type { PlatformSender } from "../../src/chat/port.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { createSlackClient } from "../../src/slack/client.js";
import { SlackSender } from "../../src/slack/sender.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { type FakeFault, type FakeSlack, startFakeSlack } from "../support/slack.js";
import { makeDeps, msg, outboxSettled, waitFor } from "./helpers.js";

let db: Database;
let slack: FakeSlack;

/** Deterministic: the same third of the calls fail on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const rnd = seeded(42);
  const faults: FakeFault[] = [
    { status: 429, retryAfter: 1 },
    { status: 500, body: '{"ok":false,"error":"internal_error"}' },
    // Longer than the client's timeout: a hang is a request Slack never processed.
    { hang: true, dropAfterMs: 8_000 },
  ];
  slack = await startFakeSlack({
    perChannel: { perSecond: 20, burst: 5 },
    strictUpdates: true,
    fault: () => (rnd() < 1 / 3 ? faults[Math.floor(rnd() * 3)]! : null),
  });
});
afterAll(async () => {
  await slack.close();
  await db.close();
});

describe("delivery through the Slack sender with faults", () => {
  it("delivers every message exactly once when a third of the calls fail", async () => {
    const org = await createOrg(db, { teams: 4, staffPerTeam: 5 });
    const now = new Date();
    const outbox = new OutboxRepository(db.prisma);
    const cases: { id: number; token: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const token = `token-${i}-${org.companyId}`;
      const { caseId } = await createResponse(db, org, {
        score: i % 7,
        at: now,
        teamIndex: i % 4,
        comment: `Visit ${token}`,
      });
      cases.push({ id: caseId!, token });
    }
    await outbox.enqueue(
      [
        ...cases.map((c) => ({ platform: "slack" as const, payload: { kind: "case_card" as const, caseId: c.id } })),
        // The SLA reminder of the first eight cases waits in the outbox behind its card.
        ...cases.slice(0, 8).map((c) => ({
          platform: "slack" as const,
          payload: { kind: "case_thread" as const, caseId: c.id, message: msg(`reminder ${c.token}`) },
        })),
        ...org.staffIds.map((id) => ({
          platform: "slack" as const,
          payload: { kind: "dm" as const, personId: id, message: msg(`weekly ${id}`) },
        })),
      ],
      now,
    );
    const deps = makeDeps(db);
    const sender = new SlackSender(
      // The fake and the client share this event loop with the in-process database, which can
      // stall it for seconds on a loaded machine: a timeout well above such stalls keeps "no
      // answer" meaning "not processed". (Production uses 10 s; see src/slack/client.ts.)
      createSlackClient({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: "xoxb-test-token" }, "delivery", {
        timeout: 3_000,
      }),
    );
    const deliverer = createDeliverer(deps, new Map<ChatPlatform, PlatformSender>([["slack", sender]]), {
      owner: "faults",
      pollIntervalMs: 50,
      sendTimeoutMs: 15_000,
      maxAttempts: 25,
      retryBackoff: { baseMs: 50, capMs: 400 },
      limits: { slack: { perDestination: { perSecond: 20, burst: 1 }, perApp: { perSecond: 200, burst: 20 } } },
    });
    deliverer.start();
    await waitFor(() => outboxSettled(db), 60_000, 100);

    // Then the first twelve cases are claimed: one re-render each, updated in place.
    for (const c of cases.slice(0, 12)) {
      await db.prisma.followUpCase.update({
        where: { id: c.id },
        data: { status: "claimed", ownerId: org.managerIds[0]! },
      });
      await outbox.requestCardRender(c.id, "slack", new Date());
    }
    deliverer.kick();
    await waitFor(() => outboxSettled(db), 60_000, 100);
    await deliverer.stop();

    // Faults really happened.
    expect(slack.stats.injected429).toBeGreaterThan(3);
    expect(slack.stats.errors500).toBeGreaterThan(3);
    expect(slack.stats.timeouts).toBeGreaterThan(3);
    const failed = slack.stats.injected429 + slack.stats.errors500 + slack.stats.timeouts;
    expect(failed / slack.stats.calls).toBeGreaterThan(0.2);

    const rows = await db.prisma.outboxDelivery.findMany({ where: { createdAt: { gte: now } } });
    expect(rows.every((r) => r.status === "sent")).toBe(true);

    // Every card once, in its team's channel, where the database says it lives.
    const saved = await db.prisma.chatMessage.findMany({ where: { caseId: { in: cases.map((c) => c.id) } } });
    for (const c of cases) {
      const posts = slack.posts.filter((p) => p.threadTs === null && p.text.includes(c.token));
      expect(posts, `card of case ${c.id}`).toHaveLength(1);
      expect(saved.find((s) => s.caseId === c.id)?.messageId).toBe(posts[0]!.ts);
    }
    // Each reminder once, in the thread of its card.
    for (const c of cases.slice(0, 8)) {
      const card = saved.find((s) => s.caseId === c.id)!;
      const replies = slack.posts.filter((p) => p.threadTs === card.messageId);
      expect(replies.map((r) => r.text)).toEqual([`reminder ${c.token}`]);
    }
    // Claimed cards were updated in place (an update retried after a timeout lands again, harmlessly).
    for (const c of cases.slice(0, 12)) {
      const card = saved.find((s) => s.caseId === c.id)!;
      const updates = slack.updates.filter((u) => u.ts === card.messageId);
      expect(updates.length).toBeGreaterThanOrEqual(1);
      expect(updates.at(-1)!.text).toContain("claimed by");
    }
    // Every DM once.
    for (const id of org.staffIds) {
      expect(slack.posts.filter((p) => p.text === `weekly ${id}`)).toHaveLength(1);
    }
  }, 120_000);
});
