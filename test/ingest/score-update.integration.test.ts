// A survey tool changes a response's score behind its case, through the real Delighted webhook:
// an unclaimed case closes itself as "score updated" when the new score needs no follow-up (and
// opens again if it drops back), a passive keeps its case only where the team follows passives,
// and a claimed case stays with its owner, who is told by a DM.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase } from "../support/db.js";
import { delightedPayload, signDelighted } from "./fixtures.js";
import { type IngestHarness, type IngestOrg, nextId, seedIngestOrg, startApp } from "./helpers.js";

const KEY = "delighted-key-score";

describe("score updates behind a case", () => {
  let db: Database;
  let h: IngestHarness;
  let org: IngestOrg;
  let t = 1795165200;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    h = await startApp(db, { DELIGHTED_SECRET: KEY });
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const deliver = async (id: string, score: number, team = "north") => {
    const body = JSON.stringify(
      delightedPayload(t === 1795165200 ? "survey_response.created" : "survey_response.updated", {
        id,
        score,
        updatedAt: ++t,
        properties: { Team: team },
      }),
    );
    const res = await h.postRaw("/api/webhooks/delighted", body, {
      "content-type": "application/json",
      "x-delighted-webhook-signature": signDelighted(body, KEY),
    });
    expect(res.status).toBe(200);
    return res.body.results[0] as { caseId: number; outcome: string };
  };
  const caseOf = (id: number) => db.prisma.followUpCase.findUniqueOrThrow({ where: { id } });
  /** As if the deliverer had posted the case's Slack card. */
  const postedCard = async (caseId: number) => {
    await db.prisma.outboxDelivery.updateMany({ where: { caseId }, data: { status: "sent" } });
    await db.prisma.chatMessage.create({
      data: { caseId, platform: "slack", channelId: "C0NORTH", messageId: `1.${caseId}` },
    });
  };

  it("closes an unclaimed case as score updated (3 -> 9), re-renders its card, reopens on 9 -> 2", async () => {
    const id = nextId("d");
    const { caseId } = await deliver(id, 3);
    await postedCard(caseId);
    const up = await deliver(id, 9);
    expect(up).toMatchObject({ outcome: "updated", caseId });
    expect(await caseOf(caseId)).toMatchObject({ status: "resolved", outcome: "score_updated", ownerId: null });
    const events = await db.prisma.caseEvent.findMany({ where: { caseId } });
    expect(events).toMatchObject([{ action: "resolve", actor: "system:survey-update", allowed: true }]);
    const renders = await db.prisma.outboxDelivery.findMany({
      where: { caseId, kind: "case_card", platform: "slack", status: "pending" },
    });
    expect(renders).toHaveLength(1);

    await deliver(id, 2);
    expect(await caseOf(caseId)).toMatchObject({ status: "open", outcome: null, resolvedAt: null });
  });

  it("a passive follows the same rule as a new response: closes unless the team follows passives", async () => {
    const plain = nextId("d");
    const a = await deliver(plain, 3, "north");
    await deliver(plain, 7, "north");
    expect(await caseOf(a.caseId)).toMatchObject({ status: "resolved", outcome: "score_updated" });

    const followed = nextId("d");
    const b = await deliver(followed, 3, "passives");
    await deliver(followed, 7, "passives");
    expect(await caseOf(b.caseId)).toMatchObject({ status: "open", outcome: null });
  });

  it("leaves a claimed case with its owner and tells them by DM", async () => {
    const id = nextId("d");
    const { caseId } = await deliver(id, 2);
    await db.prisma.person.update({ where: { id: org.admin }, data: { role: "manager" } });
    await db.prisma.followUpCase.update({
      where: { id: caseId },
      data: { status: "claimed", ownerId: org.admin, claimedAt: new Date() },
    });
    await deliver(id, 10);
    expect(await caseOf(caseId)).toMatchObject({ status: "claimed", ownerId: org.admin, outcome: null });
    const dms = await db.prisma.outboxDelivery.findMany({ where: { caseId, kind: "dm" } });
    expect(dms).toHaveLength(1);
    expect(dms[0]!.platform).toBe("slack");
    expect(JSON.stringify(dms[0]!.payload)).toContain("changed their score from 2 (detractor) to 10 (promoter)");
    await db.prisma.person.update({ where: { id: org.admin }, data: { role: "admin" } });
  });
});
