// The Teams PlatformSender against the fake Bot Connector: what it sends where, and how each
// connector failure becomes a DeliveryError (429 with Retry-After, 5xx and network retries, refused
// conversations marked inactive and refreshed by the next activity, people without the app).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/chat/port.js";
import type { TeamRecord } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { TeamsSender } from "../../src/teams/sender.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, createDetractorCase, seedBasicOrg } from "../support/fixtures.js";
import {
  BOT,
  CHANNEL_ID,
  channelMention,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  TENANT,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";
import { caseView } from "../support/views.js";

let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let app: TeamsHarness;
let sender: TeamsSender;
let orgRepo: OrgRepository;

const message = { text: "Case #1 is waiting", blocks: [{ type: "text" as const, text: "Case #1 is waiting" }] };

function channelRef(serviceUrl = connector.url) {
  return {
    channelId: "msteams",
    serviceUrl,
    bot: BOT,
    conversation: { id: CHANNEL_ID, conversationType: "channel", isGroup: true, tenantId: TENANT, name: "North" },
  };
}

async function north(): Promise<TeamRecord> {
  return (await orgRepo.teamById(org.teamId))!;
}

async function deliveryError(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeliveryError) return e;
    throw e;
  }
  throw new Error("expected a DeliveryError");
}

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  connector = await new FakeBotConnector().start();
  app = await startTeamsHarness(db, connector, { env: { DELIVERY_ENABLED: "false" } });
  sender = new TeamsSender(app.rt);
  orgRepo = new OrgRepository(db.prisma);
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

beforeEach(async () => {
  connector.fault = () => undefined;
  connector.calls.length = 0;
  await orgRepo.setTeamsConversation(org.teamId, channelRef(), true);
});

describe("case cards", () => {
  it("says how to link a team that has no Teams channel", async () => {
    const south = (await orgRepo.teamById(org.otherTeamId))!;
    const err = await deliveryError(sender.upsertCaseCard({ view: caseView(), team: south }));
    expect(err.kind).toBe("permanent");
    expect(err.opts.platformCode).toBe("TEAMS_CHANNEL_NOT_LINKED");
    expect(err.message).toContain("link team-south");
    expect(connector.calls).toHaveLength(0);
  });

  it("posts a new thread in the channel and then updates that message in place", async () => {
    // A stored case of team North: the case service finds who it can be handed to.
    const stored = await createDetractorCase(db, org);
    connector.calls.length = 0;
    const posted = await sender.upsertCaseCard({ view: caseView({ caseId: stored.id }), team: await north() });
    expect(posted).toMatchObject({ platform: "teams", channelId: CHANNEL_ID });
    const updated = await sender.upsertCaseCard({
      view: caseView({
        caseId: stored.id,
        status: "claimed",
        ownerName: "Ana Manager",
        actions: ["resolve", "unclaim", "note"],
      }),
      team: await north(),
      existing: posted,
    });
    expect(updated.messageId).toBe(posted.messageId);
    expect(connector.calls.map((c) => [c.op, c.conversationId, c.activityId])).toEqual([
      ["send", CHANNEL_ID, null],
      ["update", CHANNEL_ID, posted.messageId],
    ]);
    expect(JSON.stringify(FakeBotConnector.cardOf(connector.calls[1]!))).toContain("Ana Manager");
    // Reassign lists the case team's managers (from the case service when rendering).
    expect(JSON.stringify(FakeBotConnector.cardOf(connector.calls[0]!))).toContain("Bo Manager");
    expect(sender.rateKeyForTeam(await north())).toBe(CHANNEL_ID);
  });

  it("posts a fresh card when the old message was deleted", async () => {
    connector.fault = (c) => (c.op === "update" ? { status: 404, code: "ActivityNotFound" } : undefined);
    const existing = {
      platform: "teams" as const,
      channelId: CHANNEL_ID,
      messageId: "gone",
      conversationRef: channelRef(),
    };
    const ref = await sender.upsertCaseCard({ view: caseView(), team: await north(), existing });
    expect(ref.messageId).not.toBe("gone");
    expect(connector.calls.map((c) => c.op)).toEqual(["update", "send"]);
  });

  it("turns a 429 into rate_limited with the Retry-After, without retrying inside the HTTP client", async () => {
    connector.fault = () => ({ status: 429, code: "TooManyRequests", retryAfter: "7" });
    const started = Date.now();
    const err = await deliveryError(sender.upsertCaseCard({ view: caseView(), team: await north() }));
    expect(err.kind).toBe("rate_limited");
    expect(err.opts.retryAfterMs).toBe(7000);
    expect(connector.calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("turns 5xx into a retry, once", async () => {
    connector.fault = () => ({ status: 503, code: "ServiceUnavailable" });
    const err = await deliveryError(sender.postToTeam({ team: await north(), message }));
    expect(err.kind).toBe("retry");
    expect(connector.calls).toHaveLength(1);
  });

  it("turns a refused connection into a retry", async () => {
    await orgRepo.setTeamsConversation(org.teamId, channelRef("http://127.0.0.1:9/"), true);
    const err = await deliveryError(sender.postToTeam({ team: await north(), message }));
    expect(err.kind).toBe("retry");
  });

  it("marks a channel Teams refuses (403 MessageWritesBlocked) inactive, and its next activity revives it", async () => {
    connector.fault = () => ({ status: 403, code: "MessageWritesBlocked" });
    const err = await deliveryError(sender.upsertCaseCard({ view: caseView(), team: await north() }));
    expect(err).toMatchObject({ kind: "permanent", opts: { platformCode: "TEAMS_REFERENCE_INACTIVE" } });
    expect((await north()).teamsConversationOk).toBe(false);

    // While inactive nothing is sent at all.
    connector.fault = () => undefined;
    connector.calls.length = 0;
    const again = await deliveryError(sender.upsertCaseCard({ view: caseView(), team: await north() }));
    expect(again.opts.platformCode).toBe("TEAMS_REFERENCE_INACTIVE");
    expect(connector.calls).toHaveLength(0);

    // Anyone @mentioning the bot in that channel (e.g. after re-adding the app) refreshes it.
    await app.post(channelMention(connector, teamsUser("aad-UBO", "Bo Manager"), "help"));
    expect((await north()).teamsConversationOk).toBe(true);
    await sender.upsertCaseCard({ view: caseView(), team: await north() });
  });

  it("stops writing to a channel as soon as the app is removed from the team", async () => {
    const bo = teamsUser("aad-UBO", "Bo Manager");
    const removal = {
      ...channelMention(connector, bo, ""),
      type: "installationUpdate",
      action: "remove",
      text: undefined,
    };
    expect((await app.post(removal)).status).toBe(200);
    expect((await north()).teamsConversationOk).toBe(false);
    const err = await deliveryError(sender.postToTeam({ team: await north(), message }));
    expect(err.opts.platformCode).toBe("TEAMS_REFERENCE_INACTIVE");
    await app.post(channelMention(connector, bo, "help"));
    expect((await north()).teamsConversationOk).toBe(true);
  });

  it("forgets a personal chat when the person removes the app", async () => {
    const bo = teamsUser("aad-UBO", "Bo Manager");
    await app.post(personalMessage(connector, bo, "help"));
    expect((await orgRepo.personById(org.managerB))!.teamsConversationRef).not.toBeNull();
    const removed = {
      ...personalMessage(connector, bo, ""),
      type: "conversationUpdate",
      membersRemoved: [BOT],
      text: undefined,
    };
    expect((await app.post(removed)).status).toBe(200);
    expect((await orgRepo.personById(org.managerB))!.teamsConversationRef).toBeNull();
  });

  it("marks the channel inactive on 404 ConversationNotFound in a thread reply", async () => {
    connector.fault = () => ({ status: 404, code: "ConversationNotFound" });
    const err = await deliveryError(
      sender.postThreadReply({
        ref: { platform: "teams", channelId: CHANNEL_ID, messageId: "root-1", conversationRef: channelRef() },
        message,
      }),
    );
    expect(err.opts.platformCode).toBe("TEAMS_REFERENCE_INACTIVE");
    expect((await north()).teamsConversationOk).toBe(false);
  });

  it("replies in the card's thread", async () => {
    await sender.postThreadReply({
      ref: { platform: "teams", channelId: CHANNEL_ID, messageId: "root-7", conversationRef: channelRef() },
      message,
    });
    expect(connector.calls[0]).toMatchObject({ op: "send", conversationId: `${CHANNEL_ID};messageid=root-7` });
  });
});

describe("personal messages", () => {
  it("uses the stored personal chat", async () => {
    await app.post(personalMessage(connector, teamsUser("aad-UBO", "Bo Manager"), "help"));
    connector.calls.length = 0;
    const bo = (await orgRepo.personById(org.managerB))!;
    expect(bo.teamsConversationRef).not.toBeNull();
    await sender.sendDirect({ person: bo, message });
    expect(connector.calls.map((c) => [c.op, c.conversationId])).toEqual([["send", "a:personal-aad-UBO"]]);
  });

  it("reopens a dead personal chat from the AAD id", async () => {
    const bo = (await orgRepo.personById(org.managerB))!;
    connector.installed.add("aad-UBO");
    let first = true;
    connector.fault = (c) => {
      if (c.op === "send" && first) {
        first = false;
        return { status: 404, code: "ConversationNotFound" };
      }
      return undefined;
    };
    await sender.sendDirect({ person: bo, message });
    expect(connector.calls.map((c) => c.op)).toEqual(["send", "create", "send"]);
    expect(connector.calls[1]!.body).toMatchObject({ isGroup: false, members: [{ id: "aad-UBO" }], tenantId: TENANT });
  });

  it("tells admins which people have not installed the app", async () => {
    const dee = (await orgRepo.personById(org.staff))!;
    await orgRepo.setPersonTeamsConversation(dee.id, null);
    const err = await deliveryError(sender.sendDirect({ person: { ...dee, teamsConversationRef: null }, message }));
    expect(err).toMatchObject({ kind: "permanent", opts: { platformCode: "TEAMS_APP_NOT_INSTALLED" } });
    expect(err.message).toContain("Dee Technician");
  });

  it("says when someone has no Teams account on file", async () => {
    const dee = (await orgRepo.personById(org.staff))!;
    const err = await deliveryError(
      sender.sendDirect({ person: { ...dee, teamsAadObjectId: null, teamsConversationRef: null }, message }),
    );
    expect(err.opts.platformCode).toBe("TEAMS_USER_NOT_LINKED");
    expect(connector.calls).toHaveLength(0);
  });
});

describe("with the deliverer", () => {
  it("dead-letters a card for a refused channel and alerts the admins", async () => {
    const delivering = await startTeamsHarness(db, connector);
    try {
      connector.installed.add("aad-UEVE");
      connector.fault = (c) =>
        c.conversationId === CHANNEL_ID ? { status: 403, code: "MessageWritesBlocked" } : undefined;
      const c = await createDetractorCase(db, org);
      await new OutboxRepository(db.prisma).requestCardRender(c.id, "teams", delivering.deps.clock.now());
      await delivering.drainOutbox(10_000, 60_000);
      const row = await db.prisma.outboxDelivery.findFirstOrThrow({ where: { caseId: c.id, kind: "case_card" } });
      expect(row.status).toBe("dead");
      expect(row.lastError).toContain("TEAMS_REFERENCE_INACTIVE");
      // The alert is enqueued right after the dead letter: wait for its delivery too.
      const isAlert = (x: (typeof connector.calls)[number]) =>
        x.op === "send" && x.conversationId === "a:personal-aad-UEVE";
      for (let i = 0; i < 100 && !connector.calls.some(isAlert); i++) {
        await delivering.drainOutbox(10_000, 60_000);
        await new Promise((r) => setTimeout(r, 50));
      }
      const alert = connector.calls.find(isAlert);
      expect(alert).toBeDefined();
      expect(JSON.stringify(FakeBotConnector.cardOf(alert!))).toContain("Teams refused the channel of team team-north");
    } finally {
      await delivering.stop();
    }
  });
});
