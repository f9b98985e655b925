// `nps impact` and `nps coaching` through the Teams handler (CloudAdapter over HTTP), with the same
// access rules as Slack. Numbers: test/support/impact.ts (effect +66.7, coaching +100).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createDigestService } from "../../src/services/digests.js";
import { applyOrg } from "../../src/services/org.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, seedBasicOrg } from "../support/fixtures.js";
import { dayBefore, START_DAYS_AGO, WINDOW, writeImpactStory } from "../support/impact.js";
import {
  type ConnectorCall,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  type TeamsUser,
  teamsUser,
} from "../support/teams.js";

const NOW = new Date("2026-11-20T12:00:00Z");
let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let app: TeamsHarness;

const ana = teamsUser("aad-UANA", "Ana Manager");
const cy = teamsUser("aad-UCY", "Cy Other");
const dee = teamsUser("aad-UDEE", "Dee Technician");
const eve = teamsUser("aad-UEVE", "Eve Admin");
const fay = teamsUser("aad-UFAY", "Fay Director");
const cleo = teamsUser("aad-UCLEO", "Cleo Client");

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  connector = await new FakeBotConnector().start();
  app = await startTeamsHarness(db, connector, {
    env: { DELIVERY_ENABLED: "false", MIN_SAMPLE: "3" },
    now: NOW.toISOString(),
  });
  await applyOrg(
    { db: db.ctx, log: app.deps.log, clock: app.deps.clock },
    {
      companies: [
        { slug: "acme-services", name: "Acme Services", area: "north", programmeStart: dayBefore(NOW, START_DAYS_AGO) },
        { slug: "rival", name: "Rival Repairs", area: "north", inProgramme: false },
      ],
      teams: [{ slug: "rival-east", name: "Rival East", company: "rival" }],
    },
  );
  // The client's director: every company, no company of their own.
  await db.prisma.person.create({
    data: { name: "Cleo Client", role: "director", companyId: null, teamsAadObjectId: "aad-UCLEO" },
  });
  await writeImpactStory(db, {
    now: NOW,
    programmeTeam: "team-north",
    comparisonTeam: "rival-east",
    coached: org.staff,
    colleague: org.managerB,
    manager: org.managerA,
  });
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

async function say(user: TeamsUser, text: string): Promise<string> {
  const before = connector.calls.length;
  const res = await app.post(personalMessage(connector, user, text));
  expect(res.status).toBe(200);
  const answers = connector.calls.slice(before).filter((c: ConnectorCall) => c.op === "reply" || c.op === "send");
  expect(answers).toHaveLength(1);
  return JSON.stringify(FakeBotConnector.cardOf(answers[0]!));
}

describe("nps impact in Teams", () => {
  it("gives the admin and the client's director every name", async () => {
    for (const who of [eve, cleo]) {
      const card = await say(who, `nps impact north ${WINDOW}`);
      expect(card).toContain("Programme impact: north");
      expect(card).toContain("+66.7 points");
      expect(card).toContain("Rival Repairs");
      expect(card).toContain("North Maintenance");
    }
  });

  it("anonymises the comparison companies for a contractor's director", async () => {
    const card = await say(fay, `nps impact ${WINDOW}`);
    expect(card).toContain("Acme Services");
    expect(card).toContain("Comparison company A");
    expect(card).not.toContain("Rival");
    expect(card).toContain("+66.7 points");
  });

  it("gives a manager their own teams only", async () => {
    const card = await say(cy, `nps impact ${WINDOW}`);
    expect(card).not.toContain("North Maintenance");
    expect(card).not.toContain("Rival");
  });

  it("refuses staff", async () => {
    const card = await say(dee, "nps impact");
    expect(card).toContain("for managers, directors and admins");
    expect(card).not.toContain("points");
  });
});

describe("the director digest", () => {
  it("ends with a short impact section, as the director may see it", async () => {
    const fayRecord = await new OrgRepository(db.ctx.client).personById(org.director);
    const digest = await createDigestService(app.deps).build(fayRecord!, NOW);
    const text = JSON.stringify(digest.blocks);
    expect(text).toContain("Programme impact (north, 90 days either side)");
    expect(text).toContain("points (95% interval");
  });
});

describe("nps coaching in Teams", () => {
  it("shows a manager their team's coaching effect", async () => {
    const card = await say(ana, "nps coaching team-north");
    expect(card).toContain("Coaching effect: North Maintenance");
    expect(card).toContain("+100 points");
    expect(card).toContain("Calling ahead when running late");
  });

  it("never shows staff or another team's manager someone else's figures", async () => {
    const staff = await say(dee, "nps coaching team-north");
    expect(staff).not.toContain("points");
    expect(staff).toContain("“nps me”");
    const other = await say(cy, "nps coaching team-north");
    expect(other).not.toContain("points");
    expect(other).toContain("I have no report for");
  });

  it("shows the coaching effect in the manager's view of the person", async () => {
    const card = await say(ana, "nps udee@example.com 90d");
    expect(card).toContain("Dee Technician");
    expect(card).toContain("Coaching effect");
    expect(card).toContain("+100 points");
  });
});
