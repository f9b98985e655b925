// The detractor loop in Teams end to end over HTTP: an admin links a channel, the deliverer posts
// the case card proactively, a manager claims and resolves it with Action.Execute, the bot answers
// with the refreshed card, the message is updated for everyone and the owner gets the contact details.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, createDetractorCase, seedBasicOrg } from "../support/fixtures.js";
import {
  CHANNEL_ID,
  cardAction,
  channelMention,
  FakeBotConnector,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let app: TeamsHarness;
let caseId: number;
let cardActivityId: string;

const ana = teamsUser("aad-UANA", "Ana Manager");
const dee = teamsUser("aad-UDEE", "Dee Technician");
const eve = teamsUser("aad-UEVE", "Eve Admin");
const cy = teamsUser("aad-UCY", "Cy Other");

const text = (card: unknown) => JSON.stringify(card);

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  connector = await new FakeBotConnector().start();
  connector.installed.add("aad-UANA");
  app = await startTeamsHarness(db, connector, { auth: true });
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

describe("linking a channel", () => {
  it("refuses `link` from a manager", async () => {
    const before = connector.calls.length;
    const res = await app.post(channelMention(connector, ana, "link team-north"), await connector.sign());
    expect(res.status).toBe(200);
    const reply = connector.calls.slice(before).find((c) => c.op === "reply" || c.op === "send")!;
    expect(text(FakeBotConnector.cardOf(reply))).toContain("Only NPS Loop admins");
    const team = await db.prisma.team.findUniqueOrThrow({ where: { id: org.teamId } });
    expect(team.teamsConversationRef).toBeNull();
  });

  it("binds the channel (top level, not the thread) when an admin types `link team-north`", async () => {
    const res = await app.post(channelMention(connector, eve, "link team-north"), await connector.sign());
    expect(res.status).toBe(200);
    const team = await db.prisma.team.findUniqueOrThrow({ where: { id: org.teamId } });
    const ref = team.teamsConversationRef as { conversation: { id: string }; serviceUrl: string };
    expect(ref.conversation.id).toBe(CHANNEL_ID);
    expect(ref.serviceUrl).toBe(connector.url);
    expect(team.teamsConversationOk).toBe(true);
  });
});

describe("the case card", () => {
  it("is posted proactively to the linked channel as a new thread", async () => {
    const c = await createDetractorCase(db, org, {
      comment: "Arrived 3 hours late. Call me on +34 600 123 456 or jane.customer@example.org",
    });
    caseId = c.id;
    await new OutboxRepository(db.prisma).requestCardRender(caseId, "teams", app.deps.clock.now());
    const before = connector.calls.length;
    await app.drainOutbox();
    const posts = connector.calls.slice(before).filter((c) => c.op === "send");
    expect(posts).toHaveLength(1);
    expect(posts[0]!.conversationId).toBe(CHANNEL_ID);
    const card = FakeBotConnector.cardOf(posts[0]!);
    expect(card.version).toBe("1.5");
    expect(text(card)).toContain("Detractor · 3/10");
    // Channel posts never carry raw contact details.
    expect(text(card)).not.toContain("600 123 456");
    expect(text(card)).not.toContain("jane.customer@example.org");
    const verbs = JSON.stringify(card.actions);
    expect(verbs).toContain('"verb":"claim"');
    const stored = await db.prisma.chatMessage.findFirstOrThrow({ where: { caseId, platform: "teams" } });
    expect(stored.channelId).toBe(CHANNEL_ID);
    cardActivityId = stored.messageId;
  });

  it("answers a staff member's Claim with a message and leaves the case open", async () => {
    const res = await app.post(
      cardAction(connector, dee, "claim", { caseId }, undefined, cardActivityId),
      await connector.sign(),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      statusCode: 200,
      type: "application/vnd.microsoft.activity.message",
    });
    expect(String((res.body as { value: string }).value)).toContain("Only this team's managers");
    const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.status).toBe("open");
    const denied = await db.prisma.caseEvent.findFirst({ where: { caseId, allowed: false } });
    expect(denied?.actor).toBe("teams:aad-UDEE");
  });

  it("claims on Action.Execute: refreshed card in the invoke response, message updated, owner DM'd", async () => {
    const before = connector.calls.length;
    const res = await app.post(
      cardAction(connector, ana, "claim", { caseId }, undefined, cardActivityId),
      await connector.sign(),
    );
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(text(body.value)).toContain("Ana Manager");
    expect(text(body.value)).toContain('"verb":"unclaim"');

    await app.drainOutbox();
    const after = connector.calls.slice(before);
    const updates = after.filter((c) => c.op === "update");
    expect(updates).toHaveLength(1);
    expect(updates[0]!.conversationId).toBe(CHANNEL_ID);
    expect(updates[0]!.activityId).toBe(cardActivityId);
    expect(text(FakeBotConnector.cardOf(updates[0]!))).toContain("Ana Manager");

    // Ana had no personal chat stored: the bot opens one from her AAD id and stores it.
    const created = after.filter((c) => c.op === "create");
    expect(created).toHaveLength(1);
    expect(created[0]!.body).toMatchObject({ isGroup: false, members: [{ id: "aad-UANA" }] });
    const dm = after.find((c) => c.op === "send" && c.conversationId === "a:personal-aad-UANA")!;
    const dmText = text(FakeBotConnector.cardOf(dm));
    expect(dmText).toContain("600 123 456");
    expect(dmText).toContain("jane.customer@example.org");
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: org.managerA } });
    expect((person.teamsConversationRef as { conversation: { id: string } }).conversation.id).toBe(
      "a:personal-aad-UANA",
    );
  });

  it("tells a second manager who owns it already", async () => {
    const bo = teamsUser("aad-UBO", "Bo Manager");
    const res = await app.post(
      cardAction(connector, bo, "claim", { caseId }, undefined, cardActivityId),
      await connector.sign(),
    );
    expect(String((res.body as { value: string }).value)).toContain("already claimed by Ana Manager");
  });

  it("refuses a resolve without an outcome, naming what is missing", async () => {
    const res = await app.post(
      cardAction(connector, ana, "resolve", { caseId, rootCause: "punctuality" }, undefined, cardActivityId),
      await connector.sign(),
    );
    expect(String((res.body as { value: string }).value)).toBe("Pick how the follow-up ended.");
  });

  it("adds a note from the inline form", async () => {
    const res = await app.post(
      cardAction(connector, ana, "note", { caseId, noteText: "Left a voicemail" }, undefined, cardActivityId),
      await connector.sign(),
    );
    expect((res.body as { type: string }).type).toBe("application/vnd.microsoft.card.adaptive");
    expect(text((res.body as { value: unknown }).value)).toContain("1 note");
  });

  it("refuses a manager of another team", async () => {
    const res = await app.post(
      cardAction(connector, cy, "resolve", { caseId, outcome: "recovered", rootCause: "punctuality" }),
      await connector.sign(),
    );
    expect(String((res.body as { value: string }).value)).toContain("Only this team's managers");
  });

  it("resolves from the inline form and plans coaching when asked", async () => {
    const before = connector.calls.length;
    const res = await app.post(
      cardAction(
        connector,
        ana,
        "resolve",
        {
          caseId,
          outcome: "recovered",
          rootCause: "punctuality",
          outerLoop: "true",
          resolveNote: "Apologised; refund agreed",
          coachStaff: "true",
        },
        undefined,
        cardActivityId,
      ),
      await connector.sign(),
    );
    const card = (res.body as { value: Record<string, unknown> }).value;
    // Issue 15: the resolution is a FactSet, not one run-together line.
    expect(text(card)).toContain('{"title":"Resolved","value":"✅ Recovered"}');
    expect(text(card)).toContain("Outer loop");
    // A resolved case offers only "Add note".
    expect(text(card)).not.toContain('"verb":"claim"');
    const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ status: "resolved", outcome: "recovered", rootCause: "punctuality", outerLoop: true });
    expect(await db.prisma.coachingSession.count({ where: { caseId, staffId: org.staff } })).toBe(1);
    // The person who resolved sees what coaching was planned, and for when.
    expect(text(card)).toContain("A coaching session with Dee Technician about punctuality is planned, due by");

    await app.drainOutbox();
    const updates = connector.calls.slice(before).filter((x) => x.op === "update");
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(text(FakeBotConnector.cardOf(updates.at(-1)!))).toContain('{"title":"Resolved","value":"✅ Recovered"}');
  });
});
