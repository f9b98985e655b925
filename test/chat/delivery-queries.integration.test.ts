// How many SQL statements the deliverer sends per delivered case card. A burst of detractor cards
// into a few channels is its hot path: each card used to read its case's response, people,
// memberships, team, company and card message again, although the previous card of the same claim
// had read the same people, team and company (7.3-7.6 statements a card here, 2 sends at a time;
// about 10 when sends do not overlap). A round now reads those once per kind (round.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeliverer } from "../../src/chat/deliverer/index.js";
import { DeliveryRound } from "../../src/chat/deliverer/round.js";
import type { PlatformSender } from "../../src/chat/port.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { OutboxDeliveryRepository } from "../../src/db/repositories/outbox-delivery.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg, createResponse } from "../support/fixtures.js";
import { QueryCounter } from "../support/query-count.js";
import { FakeSender, makeDeps, outboxSettled } from "./helpers.js";

const counter = new QueryCounter();
let db: Database;

beforeAll(async () => {
  db = await createTestDatabase({ queryCounter: counter });
});
afterAll(async () => {
  await db.close();
});

/** Fast enough pacing that the burst goes in a few hundred milliseconds. */
const limits = {
  slack: { perDestination: { perSecond: 1_000, burst: 1 }, perApp: { perSecond: 10_000, burst: 1_000 } },
};

/**
 * Per card: its case and response at send time (2), saving where the new card lives (1), marking
 * the row sent (1), and a share of the claims and of the round's reads. The old code needed 7.3+.
 */
const MAX_STATEMENTS_PER_CARD = 5;

describe("deliverer database round trips", () => {
  it("delivers a burst of 50 detractor cards into 2 channels in at most 5 statements a card", async () => {
    const org = await createOrg(db, { teams: 2, staffPerTeam: 2 });
    const at = new Date();
    const caseIds: number[] = [];
    for (let i = 0; i < 50; i++) {
      const staffId = org.staffIds[i % org.staffIds.length]!;
      const { caseId } = await createResponse(db, org, { score: i % 7, at, teamIndex: i % 2, staffId });
      caseIds.push(caseId!);
    }
    await new OutboxRepository(db.prisma).enqueue(
      caseIds.map((caseId) => ({ platform: "slack" as const, payload: { kind: "case_card" as const, caseId } })),
      at,
    );
    const slack = new FakeSender();
    const senders = new Map<ChatPlatform, PlatformSender>([["slack", slack]]);
    const deliverer = createDeliverer(makeDeps(db), senders, { owner: "queries", limits });

    counter.reset();
    await deliverer.drain();
    const perCard = counter.count / caseIds.length;

    expect(await outboxSettled(db)).toBe(true);
    const posted = slack.calls.map((c) => (c.op === "card" ? c.caseId : null));
    expect(posted.sort()).toEqual([...caseIds].sort());
    expect(perCard, `${counter.count} statements:\n${counter.statements.join("\n")}`).toBeLessThanOrEqual(
      MAX_STATEMENTS_PER_CARD,
    );
  });

  it("renders a card from the case as it is at send time, whoever it names by then", async () => {
    const org = await createOrg(db, { teams: 2 });
    const { caseId } = await createResponse(db, org, { score: 2, at: new Date() });
    await new OutboxRepository(db.prisma).enqueue(
      [{ platform: "slack", payload: { kind: "case_card", caseId: caseId! } }],
      new Date(),
    );
    const rows = await new OutboxDeliveryRepository(db.prisma).claim({
      now: new Date(),
      owner: "round",
      leaseMs: 60_000,
      limit: 10,
      platforms: ["slack"],
    });
    const round = await DeliveryRound.read(makeDeps(db), rows);
    // After the round's read: a manager the round did not read claims the case, which moves team.
    const manager = org.managerIds[1]!;
    await db.prisma.followUpCase.update({
      where: { id: caseId! },
      data: { status: "claimed", ownerId: manager, teamId: org.teamIds[1]!, claimedAt: new Date() },
    });

    counter.reset();
    const detail = await round.caseDetail(caseId!);
    expect(detail).toMatchObject({
      status: "claimed",
      ownerId: manager,
      owner: { id: manager },
      team: { id: org.teamIds[1]! },
      staff: { id: org.staffIds[0]! },
    });
    // The case and its response, then the new owner (and memberships) and the new team.
    expect(counter.count, counter.statements.join("\n")).toBeLessThanOrEqual(5);
    await db.prisma.outboxDelivery.deleteMany({ where: { caseId: caseId! } });
  });
});
