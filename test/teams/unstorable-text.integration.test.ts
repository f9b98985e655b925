// Text the database cannot store (NUL, lone surrogates) typed or submitted in Teams: commands are
// answered normally and notes are stored with U+FFFD, never "something went wrong".
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { CaseRepository } from "../../src/db/repositories/cases.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, createDetractorCase, seedBasicOrg } from "../support/fixtures.js";
import {
  type ConnectorCall,
  cardAction,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let app: TeamsHarness;
const ana = teamsUser("aad-UANA", "Ana\u0000 Manager");

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

it("answers a command containing a NUL or a lone surrogate like any other", async () => {
  for (const typed of ["nps team-n\u0000orth", "nps \uD800team-north", "nps\u0000"]) {
    const before = connector.calls.length;
    const res = await app.post(personalMessage(connector, ana, typed));
    expect(res.status).toBe(200);
    const answers = connector.calls.slice(before).filter((c: ConnectorCall) => c.op === "reply" || c.op === "send");
    expect(answers).toHaveLength(1);
    const text = JSON.stringify(FakeBotConnector.cardOf(answers[0]!));
    expect(text).not.toContain("something went wrong");
  }
});

it("stores a note with a NUL as U+FFFD", async () => {
  const c = await createDetractorCase(db, org);
  const res = await app.post(cardAction(connector, ana, "note", { caseId: c.id, noteText: "Left\u0000 a voicemail" }));
  expect(JSON.stringify(res.body)).not.toContain("something went wrong");
  expect(await new CaseRepository(db.prisma).notes(c.id)).toMatchObject([{ text: "Left\uFFFD a voicemail" }]);
});
