// What people type to the bot in Teams, over HTTP through the CloudAdapter: installation, help,
// `nps` queries with Slack's visibility rule, `coach`, `reminders`, and the coaching "Mark done" button.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, seedBasicOrg } from "../support/fixtures.js";
import {
  BOT,
  botAdded,
  CHANNEL_ID,
  type ConnectorCall,
  cardAction,
  channelConversation,
  channelMention,
  FakeBotConnector,
  personalConversation,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  type TeamsUser,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let app: TeamsHarness;

const ana = teamsUser("aad-UANA", "Ana Manager");
const dee = teamsUser("aad-UDEE", "Dee Technician");
const fay = teamsUser("aad-UFAY", "Fay Director");
const stranger = teamsUser("aad-NOBODY", "Stranger");

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  connector = await new FakeBotConnector().start();
  app = await startTeamsHarness(db, connector, { env: { DELIVERY_ENABLED: "false" } });
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

beforeEach(() => {
  connector.calls.length = 0;
});

/** Sends an activity and returns the text of the one card the bot answered with. */
async function ask(activity: Record<string, unknown>): Promise<string> {
  const before = connector.calls.length;
  const res = await app.post(activity);
  expect(res.status).toBe(200);
  const answers = connector.calls.slice(before).filter((c: ConnectorCall) => c.op === "reply" || c.op === "send");
  expect(answers).toHaveLength(1);
  return JSON.stringify(FakeBotConnector.cardOf(answers[0]!));
}

const say = (user: TeamsUser, text: string) => ask(personalMessage(connector, user, text));

describe("installation", () => {
  it("stores a known person's personal chat and greets them by name", async () => {
    const text = await ask(botAdded(connector, ana, personalConversation(ana)));
    expect(text).toContain("Hi Ana Manager");
    const person = await db.prisma.person.findUniqueOrThrow({ where: { id: org.managerA } });
    expect((person.teamsConversationRef as { conversation: { id: string } }).conversation.id).toBe(
      "a:personal-aad-UANA",
    );
  });

  it("tells an unknown person which id an admin must add", async () => {
    expect(await ask(botAdded(connector, stranger, personalConversation(stranger)))).toContain("aad-NOBODY");
  });

  it("explains linking when added to a team", async () => {
    const text = await ask(botAdded(connector, ana, channelConversation()));
    expect(text).toContain("link team-slug");
    expect(connector.calls[0]!.conversationId).toBe(CHANNEL_ID);
  });

  it("ignores other members joining", async () => {
    const res = await app.post({ ...botAdded(connector, ana, channelConversation()), membersAdded: [dee] });
    expect(res.status).toBe(200);
    expect(connector.calls).toHaveLength(0);
  });
});

describe("help and unknown input", () => {
  it("lists the commands", async () => {
    const text = await say(ana, "help");
    for (const c of ["nps team-x 30d", "nps me", "coach", "reminders off", "link team-x"]) expect(text).toContain(c);
  });

  it("answers anything else with the help and what it did not understand", async () => {
    expect(await say(ana, "what's up")).toContain("I didn't understand");
  });
});

describe("nps queries", () => {
  it("gives a manager their team's report", async () => {
    const text = await say(ana, "nps team-north 30d");
    expect(text).toContain("North Maintenance");
    expect(text).toContain("No responses in this period");
  });

  it("defaults to the manager's only team", async () => {
    expect(await say(ana, "nps")).toContain("North Maintenance");
  });

  it("answers a forbidden and an unknown target the same way, listing only what the asker may see", async () => {
    const forbidden = await say(ana, "nps team-south");
    // Same distance from "team-north" as "team-south", so even the "did you mean" is identical.
    const unknown = await say(ana, "nps team-xouth");
    expect(forbidden).toContain("that you can see");
    expect(forbidden.replaceAll("team-south", "X")).toBe(unknown.replaceAll("team-xouth", "X"));
    expect(forbidden).not.toContain("South Maintenance");
    expect(forbidden).toContain("team-north");
  });

  it("lets a director see their company", async () => {
    expect(await say(fay, "nps acme-services quarter")).toContain("Acme Services");
  });

  it("gives staff their own report and nothing else", async () => {
    expect(await say(dee, "nps me")).toContain("Dee Technician");
    expect(await say(dee, "nps team-north")).toContain("that you can see");
  });

  it("explains the periods it understands", async () => {
    const text = await say(ana, "nps team-north 3x");
    expect(text).toContain("I don't understand the period");
    expect(text).toContain("last-quarter");
  });

  it("answers an @mention in a channel", async () => {
    const text = await ask(channelMention(connector, ana, "nps team-north 7d"));
    expect(text).toContain("North Maintenance");
  });

  it("tells people it does not know how to get mapped", async () => {
    expect(await say(stranger, "nps me")).toContain("teamsAadObjectId aad-NOBODY");
  });
});

describe("coaching", () => {
  it("plans coaching by first name and tells the manager", async () => {
    const text = await say(ana, "coach dee calling ahead when running late");
    expect(text).toContain("Coaching with Dee Technician");
    const s = await db.prisma.coachingSession.findFirstOrThrow({
      where: { staffId: org.staff, managerId: org.managerA },
    });
    expect(s.topic).toBe("calling ahead when running late");
  });

  it("plans coaching for an @mentioned person (looked up through the connector)", async () => {
    const mention = "<at>Dee Technician</at>";
    const activity = {
      ...personalMessage(connector, ana, `coach ${mention} tidy up after the job`),
      entities: [{ type: "mention", text: mention, mentioned: { id: "29:aad-UDEE", name: "Dee Technician" } }],
    };
    const text = await ask(activity);
    expect(text).toContain("Coaching with Dee Technician");
    expect(connector.calls.some((c) => c.op === "member")).toBe(true);
    expect(await db.prisma.coachingSession.count({ where: { topic: "tidy up after the job" } })).toBe(1);
  });

  it("refuses staff planning coaching", async () => {
    expect(await say(dee, "coach ana be nicer")).toMatch(/can't find|only a manager/);
  });

  it("explains usage when the topic is missing", async () => {
    expect(await say(ana, "coach dee")).toContain("coach @person what to talk about");
  });

  it("marks a session done from the Mark done button, with notes", async () => {
    const s = await db.prisma.coachingSession.findFirstOrThrow({ where: { staffId: org.staff, status: "planned" } });
    const notesInput = `notes_coaching_done_${s.id}`;
    const res = await app.post(
      cardAction(
        connector,
        dee,
        "coaching_done",
        { actionId: "coaching_done", value: String(s.id), notesInput, [notesInput]: "We agreed to text ahead." },
        personalConversation(dee),
      ),
    );
    expect(res.body).toMatchObject({
      type: "application/vnd.microsoft.activity.message",
      value: "Marked done. Thank you!",
    });
    const done = await db.prisma.coachingSession.findUniqueOrThrow({ where: { id: s.id } });
    expect(done).toMatchObject({ status: "done", notes: "We agreed to text ahead." });
    const summary = connector.calls.find((c) => c.op === "reply" || c.op === "send")!;
    expect(JSON.stringify(FakeBotConnector.cardOf(summary))).toContain("marked done");

    const again = await app.post(
      cardAction(
        connector,
        dee,
        "coaching_done",
        { actionId: "coaching_done", value: String(s.id) },
        personalConversation(dee),
      ),
    );
    expect(String((again.body as { value: string }).value)).toContain("already marked done");
  });
});

describe("reminders", () => {
  it("turns weekly reminders off and on", async () => {
    expect(await say(dee, "reminders off")).toContain("reminders are off");
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: org.staff } })).remindersEnabled).toBe(false);
    expect(await say(dee, "reminders")).toContain("are off");
    expect(await say(dee, "reminders on")).toContain("reminders are on");
    expect((await db.prisma.person.findUniqueOrThrow({ where: { id: org.staff } })).remindersEnabled).toBe(true);
  });
});

it("the bot's own account is what Teams sends as recipient", () => {
  expect(BOT.id.startsWith("28:")).toBe(true);
});
