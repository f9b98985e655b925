// POST /api/messages through the real CloudAdapter: with an app id, JWTs are checked against the
// (fake) Bot Connector's OpenID keys and other tenants are refused; without one, it runs open.
import { generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase } from "../helpers/db.js";
import { seedBasicOrg } from "../helpers/fixtures.js";
import {
  APP_ID,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../helpers/teams.js";

let db: Database;
let connector: FakeBotConnector;
let secured: TeamsHarness;
let open: TeamsHarness;
const ana = teamsUser("aad-UANA", "Ana Manager");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedBasicOrg(db);
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

describe("authentication off (no MICROSOFT_APP_ID: local use)", () => {
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
