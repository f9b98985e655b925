// The Slack PlatformSender against the local fake Web API: what it posts, and how Slack's failures
// become DeliveryError kinds for the outbox deliverer.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/chat/port.js";
import type { PersonRecord, TeamRecord } from "../../src/core/types.js";
import { createSlackClient } from "../../src/slack/client.js";
import { SlackSender } from "../../src/slack/sender.js";
import { type FakeSlack, startFakeSlack } from "../support/slack.js";
import { caseView, messageView } from "../support/views.js";

const team: TeamRecord = {
  id: 1,
  slug: "madrid-north",
  name: "Madrid North",
  companyId: 1,
  timeZone: "Europe/Madrid",
  slackChannelId: "C0TEAM001",
  teamsConversationRef: null,
  teamsConversationOk: true,
  casesForPassives: false,
  slaHours: null,
  reminderWeekday: 1,
  reminderTime: "09:00",
};

const person: PersonRecord = {
  id: 7,
  name: "Ana Ruiz",
  email: "ana@example.com",
  role: "manager",
  companyId: 1,
  slackUserId: "U0ANA0001",
  teamsAadObjectId: null,
  teamsConversationRef: null,
  timeZone: "Europe/Madrid",
  locale: "es",
  remindersEnabled: true,
  active: true,
  teamIds: [1],
};

let fake: FakeSlack;
let sender: SlackSender;

beforeAll(async () => {
  fake = await startFakeSlack();
  // Room for a loaded machine's first request; the hang test below uses a short timeout of its own.
  const client = createSlackClient({ SLACK_API_URL: fake.apiUrl, SLACK_BOT_TOKEN: "xoxb-test" }, "delivery", {
    timeout: 3_000,
  });
  sender = new SlackSender(client);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function deliveryError(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe("SlackSender", () => {
  it("posts a new card to the team's channel and returns where it lives", async () => {
    const ref = await sender.upsertCaseCard({ view: caseView(), team });
    expect(ref).toEqual({ platform: "slack", channelId: "C0TEAM001", messageId: "1700000000.000001" });
    const [post] = fake.callsTo("chat.postMessage");
    expect(post?.token).toBe("xoxb-test");
    expect(post?.args.channel).toBe("C0TEAM001");
    expect(post?.args.text).toContain("Detractor 3/10");
    expect(Array.isArray(post?.args.blocks)).toBe(true);
  });

  it("updates an existing card in place with chat.update", async () => {
    const existing = { platform: "slack" as const, channelId: "C0TEAM001", messageId: "1700000000.000009" };
    const ref = await sender.upsertCaseCard({
      view: caseView({ status: "claimed", ownerName: "Ana", ownerPlatformId: "U0ANA0001" }),
      team,
      existing,
    });
    expect(ref).toEqual(existing);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
    const [update] = fake.callsTo("chat.update");
    expect(update?.args).toMatchObject({ channel: "C0TEAM001", ts: "1700000000.000009" });
    expect(JSON.stringify(update?.args.blocks)).toContain("<@U0ANA0001>");
  });

  it("posts a fresh card when the old message is gone", async () => {
    fake.failNext("chat.update", { error: "message_not_found" });
    const ref = await sender.upsertCaseCard({
      view: caseView(),
      team,
      existing: { platform: "slack", channelId: "C0TEAM001", messageId: "1.2" },
    });
    expect(ref.messageId).toBe("1700000000.000001");
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("replies in the card's thread", async () => {
    await sender.postThreadReply({
      ref: { platform: "slack", channelId: "C0TEAM001", messageId: "1700000000.000003" },
      message: messageView(),
    });
    expect(fake.callsTo("chat.postMessage")[0]?.args).toMatchObject({
      channel: "C0TEAM001",
      thread_ts: "1700000000.000003",
    });
  });

  it("sends a DM to the person's Slack user id; contact details stay only in a personal one", async () => {
    const blocks = [{ type: "fields" as const, fields: [{ label: "Phone", value: "+34 612 345 678" }] }];
    await sender.sendDirect({ person, message: { text: "You own case #42", blocks, personalContact: true } });
    await sender.sendDirect({ person, message: { text: "Weekly", blocks } });
    const [owner, weekly] = fake.callsTo("chat.postMessage");
    expect(owner?.args.channel).toBe("U0ANA0001");
    expect(JSON.stringify(owner?.args.blocks)).toContain("+34 612 345 678");
    expect(JSON.stringify(weekly?.args.blocks)).not.toContain("612 345 678");
  });

  it("masks contact details in channel posts", async () => {
    await sender.postToTeam({
      team,
      message: { text: "x", blocks: [{ type: "fields", fields: [{ label: "Phone", value: "+34 612 345 678" }] }] },
    });
    expect(JSON.stringify(fake.callsTo("chat.postMessage")[0]?.args.blocks)).not.toContain("612 345 678");
    expect(sender.rateKeyForTeam(team)).toBe("C0TEAM001");
  });

  it("refuses permanently when there is nowhere to send", async () => {
    const noChannel = await deliveryError(
      sender.postToTeam({ team: { ...team, slackChannelId: null }, message: messageView() }),
    );
    expect(noChannel.kind).toBe("permanent");
    expect(noChannel.message).toContain("/nps link madrid-north");
    const noUser = await deliveryError(
      sender.sendDirect({ person: { ...person, slackUserId: null }, message: messageView() }),
    );
    expect(noUser.kind).toBe("permanent");
    expect(fake.calls).toHaveLength(0);
    expect(sender.rateKeyForTeam({ ...team, slackChannelId: null })).toBeNull();
  });

  it("maps 429 with Retry-After to rate_limited in milliseconds, without waiting it out", async () => {
    fake.failNext("chat.postMessage", { status: 429, retryAfter: 30 });
    const started = Date.now();
    const err = await deliveryError(sender.postToTeam({ team, message: messageView() }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.kind).toBe("rate_limited");
    expect(err.opts.retryAfterMs).toBe(30_000);
  });

  it("maps Slack's ratelimited error body to rate_limited", async () => {
    fake.failNext("chat.postMessage", { error: "ratelimited" });
    const err = await deliveryError(sender.postToTeam({ team, message: messageView() }));
    expect(err.kind).toBe("rate_limited");
    expect(err.opts.retryAfterMs).toBeGreaterThan(0);
  });

  it.each([500, 502, 503])("maps HTTP %i to retry", async (status) => {
    fake.failNext("chat.postMessage", { status });
    const err = await deliveryError(sender.postToTeam({ team, message: messageView() }));
    expect(err.kind).toBe("retry");
    expect(err.opts.platformCode).toBe(`http_${status}`);
  });

  it("maps a timeout and a refused connection to retry", async () => {
    fake.failNext("chat.postMessage", { hang: true });
    const impatient = new SlackSender(
      createSlackClient({ SLACK_API_URL: fake.apiUrl, SLACK_BOT_TOKEN: "xoxb-test" }, "delivery", { timeout: 300 }),
    );
    const timeout = await deliveryError(impatient.postToTeam({ team, message: messageView() }));
    expect(timeout.kind).toBe("retry");
    expect(timeout.message).toContain("timed out");
    const dead = new SlackSender(
      createSlackClient({ SLACK_API_URL: "http://127.0.0.1:9/api/", SLACK_BOT_TOKEN: "xoxb-x" }, "delivery"),
    );
    expect((await deliveryError(dead.postToTeam({ team, message: messageView() }))).kind).toBe("retry");
  });

  it.each([
    "channel_not_found",
    "not_in_channel",
    "is_archived",
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "msg_too_long",
  ])("maps %s to permanent", async (code) => {
    fake.failNext("chat.postMessage", { error: code });
    const err = await deliveryError(sender.postToTeam({ team, message: messageView() }));
    expect(err.kind).toBe("permanent");
    expect(err.opts.platformCode).toBe(code);
  });

  it("maps internal_error to retry", async () => {
    fake.failNext("chat.postMessage", { error: "internal_error" });
    expect((await deliveryError(sender.postToTeam({ team, message: messageView() }))).kind).toBe("retry");
  });
});
