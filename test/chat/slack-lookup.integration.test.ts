// A Slack post whose outcome the deliverer does not know (the answer was lost, or the process died
// with the call in flight) is looked up by its delivery id in the channel's history before being
// sent again: the card found is adopted (and later updated on Claim), never posted twice. Without
// the history scope the deliverer posts again (at least once), logs it and alerts the admins once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliverer, type Deliverer } from "../../src/chat/deliverer/index.js";
import { resolveBatch, sendRow } from "../../src/chat/deliverer/send.js";
import type { PlatformSender } from "../../src/chat/port.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { OutboxDeliveryRepository } from "../../src/db/repositories/outbox-delivery.js";
import { createSlackClient } from "../../src/slack/client.js";
import { SlackSender } from "../../src/slack/sender.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { type FakeSlack, type FakeSlackOptions, imChannelOf, startFakeSlack } from "../support/slack.js";
import { makeDeps, msg } from "./helpers.js";

let db: Database;
const fakes: FakeSlack[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const f of fakes) await f.close();
  await db.close();
});

async function setup(opts: FakeSlackOptions, cards: number) {
  const slack = await startFakeSlack({ perChannel: { perSecond: 50, burst: 10 }, strictUpdates: true, ...opts });
  fakes.push(slack);
  const org = await createOrg(db, { teams: 1, staffPerTeam: 2 });
  const now = new Date();
  const cases: { id: number; token: string }[] = [];
  for (let i = 0; i < cards; i++) {
    const token = `lookup-${i}-${org.companyId}`;
    const { caseId } = await createResponse(db, org, { score: 2, at: now, comment: `Visit ${token}` });
    cases.push({ id: caseId!, token });
  }
  const outbox = new OutboxRepository(db.prisma);
  await outbox.enqueue(
    cases.map((c) => ({ platform: "slack" as const, payload: { kind: "case_card" as const, caseId: c.id } })),
    now,
  );
  const warnings: string[] = [];
  const deps = makeDeps(db);
  const log = {
    ...deps.log,
    child: () => log,
    error: (_o: unknown, m?: string) => warnings.push(String(m)),
    warn: () => {},
    info: () => {},
    debug: () => {},
  } as unknown as typeof deps.log;
  deps.log = log;
  const sender = new SlackSender(
    createSlackClient({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: "xoxb-test-token" }, "delivery", {
      timeout: 400,
    }),
  );
  const deliverer = createDeliverer(deps, new Map<ChatPlatform, PlatformSender>([["slack", sender]]), {
    owner: `lookup-${org.companyId}`,
    pollIntervalMs: 20,
    sendTimeoutMs: 5_000,
    retryBackoff: { baseMs: 20, capMs: 50 },
  });
  return { slack, org, cases, outbox, deliverer, sender, warnings, now };
}

/**
 * Drains until no row is pending or in flight. drain() leaves rows that are not due yet in the
 * table, and a retry here comes back 20-50 ms after its failure: whether one pass still finds it
 * due would otherwise depend on send order and timing.
 */
async function settle(deliverer: Deliverer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await deliverer.drain({ timeoutMs: Math.max(1, deadline - Date.now()) });
    const left = await db.prisma.outboxDelivery.count({ where: { status: { in: ["pending", "sending"] } } });
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`${left} outbox row(s) still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cardsOf = (slack: FakeSlack, token: string) =>
  slack.posts.filter((p) => p.threadTs === null && p.text.includes(token));

describe("history lookup after an unknown outcome", () => {
  it("adopts the card Slack posted when its answer was lost, and updates it on Claim", async () => {
    // The first post of every card is stored by Slack but never answered.
    let lost = 0;
    const { slack, org, cases, outbox, deliverer } = await setup(
      {
        fault: ({ method }) => {
          if (method !== "chat.postMessage" || lost >= 3) return null;
          lost++;
          return { lost: true, dropAfterMs: 1_000 };
        },
      },
      3,
    );
    await settle(deliverer, 20_000);
    expect(slack.stats.lost).toBe(3);
    expect(slack.stats.lookups).toBeGreaterThanOrEqual(3);
    const saved = await db.prisma.chatMessage.findMany({ where: { caseId: { in: cases.map((c) => c.id) } } });
    for (const c of cases) {
      const posts = cardsOf(slack, c.token);
      expect(posts, `card of case ${c.id}`).toHaveLength(1);
      expect(posts[0]!.metadata?.event_type).toBe("nps_loop_delivery");
      expect(saved.find((s) => s.caseId === c.id)?.messageId).toBe(posts[0]!.ts);
    }
    // Claim re-renders the adopted card in place.
    const c0 = cases[0]!;
    await db.prisma.followUpCase.update({
      where: { id: c0.id },
      data: { status: "claimed", ownerId: org.managerIds[0]! },
    });
    await outbox.requestCardRender(c0.id, "slack", new Date());
    await settle(deliverer, 10_000);
    expect(slack.updates.filter((u) => u.ts === cardsOf(slack, c0.token)[0]!.ts).at(-1)?.text).toContain("claimed by");
  }, 40_000);

  it("adopts the card a killed deliverer posted before its lease expired (and a DM alike)", async () => {
    const { slack, org, cases, outbox, deliverer, sender } = await setup({}, 1);
    const repo = new OutboxDeliveryRepository(db.prisma);
    const staff = await db.prisma.person.findUniqueOrThrow({ where: { id: org.staffIds[0]! } });
    await outbox.enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: staff.id, message: msg(`dm ${staff.id}`) } }],
      new Date(),
    );
    // A deliverer claims both rows, posts them and dies before recording anything.
    const claimed = await repo.claim({ now: new Date(), owner: "dead", leaseMs: 1, limit: 10, platforms: ["slack"] });
    expect(claimed).toHaveLength(2);
    const card = claimed.find((r) => r.kind === "case_card")!;
    const dm = claimed.find((r) => r.kind === "dm")!;
    const team = await db.prisma.team.findUniqueOrThrow({ where: { id: org.teamIds[0]! } });
    const deps = makeDeps(db);
    const senders = new Map<ChatPlatform, PlatformSender>([["slack", sender]]);
    const sent = [];
    for (const r of await resolveBatch(deps, [card, dm], senders)) sent.push(await sendRow(deps, sender, r));
    const before = sent[0]!.result as { messageId: string };
    await new Promise((r) => setTimeout(r, 10));
    await settle(deliverer, 10_000);
    expect(slack.posts.filter((p) => p.threadTs === null && p.channel === team.slackChannelId)).toHaveLength(1);
    expect(slack.posts.filter((p) => p.text.includes(`dm ${staff.id}`))).toHaveLength(1);
    // One lookup each (more only if a call timed out on a slow machine: 400 ms here).
    expect(slack.stats.lookups).toBeGreaterThanOrEqual(2);
    const saved = await db.prisma.chatMessage.findFirst({ where: { caseId: cases[0]!.id } });
    expect(saved?.messageId).toBe(before.messageId);
    const rows = await db.prisma.outboxDelivery.findMany({ where: { id: { in: [card.id, dm.id] } } });
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(imChannelOf(staff.slackUserId!)).toMatch(/^D/);
  }, 30_000);

  it("without the history scope, posts again (at least once), logs once and alerts the admins once", async () => {
    const lost = new Set<number>();
    const { slack, cases, deliverer, warnings, org, now } = await setup(
      {
        withheldScopes: ["channels:history", "groups:history"],
        // Card posts only: the admins' alert DM may go out between two of them.
        fault: ({ method, args }, n) => {
          const card = method === "chat.postMessage" && String(args.text ?? "").includes("lookup-");
          if (!card || lost.size >= 2 || lost.has(n)) return null;
          lost.add(n);
          return { lost: true, dropAfterMs: 1_000 };
        },
      },
      2,
    );
    await settle(deliverer, 20_000);
    // Every card arrived, and each lost answer was posted again (nothing could be checked). Which
    // card's answers were lost depends on send order (one card may lose both), so count in total.
    for (const c of cases) expect(cardsOf(slack, c.token).length).toBeGreaterThanOrEqual(1);
    expect(cases.reduce((n, c) => n + cardsOf(slack, c.token).length, 0)).toBe(cases.length + lost.size);
    expect(lost.size).toBe(2);
    expect(warnings.filter((w) => w.includes("cannot check whether an interrupted send was posted"))).toHaveLength(1);
    const alerts = await db.prisma.outboxDelivery.findMany({
      where: { dedupeKey: { startsWith: "alert:lookup-unavailable:slack:missing_scope:" }, createdAt: { gte: now } },
    });
    expect(alerts.map((a) => (a.payload as { personId: number }).personId)).toContain(org.adminId);
    expect(new Set(alerts.map((a) => (a.payload as { personId: number }).personId)).size).toBe(alerts.length);
    expect(JSON.stringify(alerts[0]!.payload)).toContain("channels:history");
  }, 40_000);
});
