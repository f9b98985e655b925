// POST /api/messages through the real CloudAdapter: with an app id, JWTs are checked against the
// (fake) Bot Connector's OpenID keys and other tenants are refused, and keys that cannot be fetched
// give 503; without one, Teams runs only when TEAMS_ALLOW_UNAUTHENTICATED=true, serves only a Bot
// Connector on this machine and never re-points a stored conversation.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, seedBasicOrg } from "../support/fixtures.js";
import {
  APP_ID,
  BOT,
  CHANNEL_ID,
  channelConversation,
  channelMention,
  FakeBotConnector,
  personalConversation,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let secured: TeamsHarness;
let open: TeamsHarness;
const ana = teamsUser("aad-UANA", "Ana Manager");

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  connector = await new FakeBotConnector().start();
  secured = await startTeamsHarness(db, connector, { auth: true });
  open = await startTeamsHarness(db, connector, { auth: false });
});

afterAll(async () => {
  await secured?.stop();
  await open?.stop();
  await connector?.stop();
  await db?.close();
});

describe("authentication on (MICROSOFT_APP_ID set)", () => {
  it("accepts an activity signed by the Bot Connector's key and answers through the connector", async () => {
    const before = connector.calls.length;
    const res = await secured.post(personalMessage(connector, ana, "help"), await connector.sign());
    expect(res.status).toBe(200);
    const sent = connector.calls.slice(before).filter((c) => c.op === "reply" || c.op === "send");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.conversationId).toBe("a:personal-aad-UANA");
    // Outbound calls carry the bot's own token.
    expect(sent[0]!.authorization).toBe("Bearer outbound-test-token");
    const card = FakeBotConnector.cardOf(sent[0]!);
    expect(JSON.stringify(card)).toContain("nps team-x 30d");
  });

  it("refuses a request without a token with 401 and runs no handler", async () => {
    const before = connector.calls.length;
    const res = await secured.post(personalMessage(connector, ana, "help"));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "UNAUTHORIZED" });
    expect(connector.calls.length).toBe(before);
  });

  it("refuses a token signed by another key under the connector's key id", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await connector.sign({}, { key: privateKey });
    const res = await secured.post(personalMessage(connector, ana, "help"), forged);
    expect(res.status).toBe(401);
  });

  it("refuses a token with an unknown key id", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const res = await secured.post(
      personalMessage(connector, ana, "help"),
      await connector.sign({}, { key: privateKey, kid: "not-a-key" }),
    );
    expect(res.status).toBe(401);
  });

  it("refuses tokens for another bot, from another issuer, expired, or for another service URL", async () => {
    const activity = personalMessage(connector, ana, "help");
    const cases = [
      await connector.sign({ aud: "another-bot" }),
      await connector.sign({ iss: "https://evil.example.com" }),
      await connector.sign({ exp: Math.floor(Date.now() / 1000) - 3600 }),
      await connector.sign({ serviceurl: "http://127.0.0.1:1/" }),
    ];
    for (const token of cases) {
      const res = await secured.post(activity, token);
      expect(res.status).toBe(401);
    }
  });

  it("refuses an authenticated activity from another tenant (single-tenant bot) with 403", async () => {
    const before = connector.calls.length;
    const activity = personalMessage(connector, ana, "help");
    const other = {
      ...activity,
      conversation: { ...activity.conversation, tenantId: "tenant-other" },
      channelData: { tenant: { id: "tenant-other" } },
    };
    const res = await secured.post(other, await connector.sign());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: "FORBIDDEN" });
    expect(connector.calls.length).toBe(before);
  });

  it("names the app id it serves", () => {
    expect(secured.deps.config.MICROSOFT_APP_ID).toBe(APP_ID);
    expect(secured.deps.config.teamsAuthenticated).toBe(true);
  });
});

describe("Microsoft's signing keys unreachable", () => {
  /** A key server that answers every request with `status`. */
  async function failingKeyServer(status: number): Promise<{ url: string; stop(): Promise<void> }> {
    const server = http.createServer((_req, res) => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end("down");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://127.0.0.1:${port}/openid/.well-known/openid-configuration`,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it("answers 503 with Retry-After when the key document answers 5xx, and runs no handler", async () => {
    const keys = await failingKeyServer(502);
    const app = await startTeamsHarness(db, connector, {
      auth: true,
      env: { MICROSOFT_OPENID_METADATA_URL: keys.url },
    });
    try {
      const before = connector.calls.length;
      const res = await fetch(`${app.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await connector.sign()}` },
        body: JSON.stringify(personalMessage(connector, ana, "help")),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("30");
      expect(await res.json()).toMatchObject({ error: "TEAMS_KEYS_UNAVAILABLE" });
      expect(connector.calls.length).toBe(before);
    } finally {
      await app.stop();
      await keys.stop();
    }
  });

  it("answers 503 when the key server cannot be reached at all", async () => {
    const keys = await failingKeyServer(500);
    await keys.stop(); // nothing listens on that port any more
    const app = await startTeamsHarness(db, connector, {
      auth: true,
      env: { MICROSOFT_OPENID_METADATA_URL: keys.url },
    });
    try {
      const res = await app.post(personalMessage(connector, ana, "help"), await connector.sign());
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: "TEAMS_KEYS_UNAVAILABLE" });
      // A request without a token is still simply unauthorized (no key is needed to refuse it).
      expect((await app.post(personalMessage(connector, ana, "help"))).status).toBe(401);
    } finally {
      await app.stop();
    }
  });
});

describe("authentication off (TEAMS_ALLOW_UNAUTHENTICATED=true: local use)", () => {
  it("accepts unsigned activities and answers without a token", async () => {
    const before = connector.calls.length;
    const res = await open.post(personalMessage(connector, ana, "help"));
    expect(res.status).toBe(200);
    const sent = connector.calls.slice(before).filter((c) => c.op === "reply" || c.op === "send");
    expect(sent).toHaveLength(1);
    expect(sent[0]!.authorization).toBeUndefined();
  });

  it("answers a body that is not an activity with 400", async () => {
    const res = await open.post({ hello: "world" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "BAD_REQUEST" });
  });
});

describe("unauthenticated activities cannot redirect anyone's messages", () => {
  const evil = "https://evil.example.com/connector/";
  const bo = teamsUser("aad-UBO", "Bo Manager");
  const orgRepo = () => new OrgRepository(db.prisma);

  it("refuses an unsigned activity that names a remote serviceUrl, before any handler runs", async () => {
    const before = connector.calls.length;
    for (const serviceUrl of [evil, "http://10.0.0.7:3978/", "http://127.0.0.1.evil.example/", undefined]) {
      const res = await open.post({ ...personalMessage(connector, ana, "help"), serviceUrl });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: "FORBIDDEN" });
      expect((res.body as { message: string }).message).toContain("TEAMS_ALLOW_UNAUTHENTICATED");
    }
    expect(connector.calls.length).toBe(before);
    // Nothing was learned from them either.
    expect(open.rt.hints.serviceUrl).not.toBe(evil);
  });

  it("accepts the same serviceUrl from a signed activity when authentication is on", async () => {
    // The token's serviceurl claim vouches for it; here the connector's own URL.
    const res = await secured.post(personalMessage(connector, ana, "help"), await connector.sign());
    expect(res.status).toBe(200);
  });

  it("keeps a person's stored personal chat when an unsigned activity offers another one", async () => {
    await open.post(personalMessage(connector, bo, "help"));
    const stored = (await orgRepo().personById(org.managerB))!.teamsConversationRef as {
      serviceUrl: string;
      conversation: { id: string };
    };
    expect(stored.conversation.id).toBe("a:personal-aad-UBO");

    // Another local client (any loopback port) claims to be Bo in another chat.
    const elsewhere = "http://127.0.0.1:1/";
    const forged = {
      ...personalMessage(connector, bo, "help"),
      serviceUrl: elsewhere,
      conversation: { ...personalConversation(bo), id: "a:attacker-chat" },
    };
    await open.post(forged);
    await open.post({ ...botAddedTo(forged), type: "conversationUpdate" });
    expect((await orgRepo().personById(org.managerB))!.teamsConversationRef).toEqual(stored);
    expect(open.rt.hints.serviceUrl).toBe(connector.url);
  });

  it("does not move a linked channel to another service URL from an unsigned activity", async () => {
    const channelRef = {
      channelId: "msteams",
      serviceUrl: connector.url,
      bot: BOT,
      conversation: { id: CHANNEL_ID, conversationType: "channel", isGroup: true },
    };
    await orgRepo().setTeamsConversation(org.teamId, channelRef, false);
    await open.post({ ...channelMention(connector, bo, "help"), serviceUrl: "http://127.0.0.1:1/" });
    const team = (await orgRepo().teamById(org.teamId))!;
    expect(team.teamsConversationRef).toEqual(channelRef);
    expect(team.teamsConversationOk).toBe(false);
    // The same service URL revives it (the app was re-added), still without rewriting the reference.
    await open.post(channelMention(connector, bo, "help"));
    const revived = (await orgRepo().teamById(org.teamId))!;
    expect(revived.teamsConversationOk).toBe(true);
    expect(revived.teamsConversationRef).toEqual(channelRef);
  });

  it("does move a linked channel's service URL from a signed activity", async () => {
    const stale = {
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/old/",
      bot: BOT,
      conversation: { id: CHANNEL_ID, conversationType: "channel", isGroup: true },
    };
    await orgRepo().setTeamsConversation(org.teamId, stale, true);
    expect((await secured.post(channelMention(connector, bo, "help"), await connector.sign())).status).toBe(200);
    const ref = (await orgRepo().teamById(org.teamId))!.teamsConversationRef as { serviceUrl: string };
    expect(ref.serviceUrl).toBe(connector.url);
  });

  it("welcomes the bot in a linked channel by naming the team it is linked to", async () => {
    await orgRepo().setTeamsConversation(
      org.teamId,
      { channelId: "msteams", serviceUrl: connector.url, bot: BOT, conversation: { id: CHANNEL_ID } },
      true,
    );
    const before = connector.calls.length;
    const res = await open.post({
      ...personalMessage(connector, ana, ""),
      type: "conversationUpdate",
      conversation: channelConversation(),
      membersAdded: [BOT],
      text: undefined,
    });
    expect(res.status).toBe(200);
    const sent = connector.calls.slice(before).filter((c) => c.op === "reply" || c.op === "send");
    expect(sent).toHaveLength(1);
    const text = JSON.stringify(FakeBotConnector.cardOf(sent[0]!));
    const team = (await orgRepo().teamById(org.teamId))!;
    expect(text).toContain(`This channel is linked to ${team.name} (${team.slug})`);
    expect(text).not.toContain("An admin links a channel");
  });
});

/** The bot-added update for the conversation of an activity. */
function botAddedTo(activity: Record<string, unknown>) {
  return { ...activity, text: undefined, membersAdded: [BOT] };
}
