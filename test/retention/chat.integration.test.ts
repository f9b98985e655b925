// `retention` through the real Slack app (/nps retention, signed requests, the fake Slack Web API)
// and the real Teams handler (nps retention, through the CloudAdapter), with the access rules:
// staff get no one's figures, a contractor's director only their company, areas only admins and the
// client's directors. The world and its counts are in fixture.ts (6 of 14 drop within 180 days).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { answersTo, type Harness, startHarness } from "../slack/harness.js";
import { createTestDatabase } from "../support/db.js";
import {
  type ConnectorCall,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";
import { NOW, PEOPLE, PERIOD, seedRetentionWorld } from "./fixture.js";

describe("/nps retention in Slack", () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await startHarness({ MIN_SAMPLE: "4" });
    await seedRetentionWorld(h.db);
  });
  afterAll(() => h.close());

  async function ask(userId: string, text: string) {
    const id = `ret-${++n}`;
    const res = await h.command(userId, text, { responseUrl: h.fake.responseUrl(id) });
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
    expect(call.args.response_type).toBe("ephemeral");
    return { text: String(call.args.text), blocks: JSON.stringify(call.args.blocks ?? []) };
  }

  it("gives a manager their team: drop-outs by answer, closed loop vs not, a year before", async () => {
    const a = await ask(PEOPLE.progManager.slack, `retention prog-a ${PERIOD}`);
    expect(a.blocks).toContain("Customer drop-outs: Prog A");
    expect(a.blocks).toContain("6 of 14 customers");
    expect(a.blocks).toContain("Closed loop (contacted and resolved)");
    expect(a.blocks).toContain("Against the same period a year before");
    expect(a.text).toContain("Customer drop-outs: Prog A (team prog-a)");
  });

  it("gives a contractor's director their company by default, and nothing of the other company or the area", async () => {
    const own = await ask(PEOPLE.progDirector.slack, `retention ${PERIOD}`);
    expect(own.blocks).toContain("Prog Services");
    expect(own.blocks).not.toContain("Non-programme companies");
    const other = await ask(PEOPLE.progDirector.slack, "retention other");
    const unknown = await ask(PEOPLE.progDirector.slack, "retention no-such-company");
    expect(other.blocks).toBe("[]");
    expect(other.text.replace(/"[^"]*"/, "X")).toBe(unknown.text.replace(/"[^"]*"/, "X"));
    const area = await ask(PEOPLE.progDirector.slack, "retention area north-west");
    expect(area.blocks).toBe("[]");
    expect(area.text).toContain("area figures are for admins and directors who see every company");
  });

  it("gives the client's director and admins the area, programme against non-programme", async () => {
    for (const user of [PEOPLE.clientDirector.slack, PEOPLE.admin.slack]) {
      const a = await ask(user, `retention area north west ${PERIOD}`);
      expect(a.blocks).toContain("Customer drop-outs: North West");
      expect(a.blocks).toContain("Programme companies");
      expect(a.blocks).toContain("Non-programme companies");
    }
  });

  it("gives staff no one's figures, not even a team's", async () => {
    const own = await ask(PEOPLE.staff.slack, "retention");
    expect(own.text).toContain("not for one person");
    const team = await ask(PEOPLE.staff.slack, "retention prog-a");
    expect(team.blocks).toBe("[]");
  });

  it("explains a bad period and too many words", async () => {
    expect((await ask(PEOPLE.admin.slack, "retention prog-a fortnight now")).text).toContain("I didn't understand");
    expect((await ask(PEOPLE.admin.slack, "retention prog-a 2026-13-01..2026-14-01")).text).toContain("30d");
  });
});

describe("nps retention in Teams", () => {
  let db: Database;
  let connector: FakeBotConnector;
  let app: TeamsHarness;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedRetentionWorld(db);
    connector = await new FakeBotConnector().start();
    app = await startTeamsHarness(db, connector, { now: NOW, env: { DELIVERY_ENABLED: "false", MIN_SAMPLE: "4" } });
  });
  afterAll(async () => {
    await app?.stop();
    await connector?.stop();
    await db?.close();
  });

  async function say(aad: string, text: string, locale?: string): Promise<string> {
    const before = connector.calls.length;
    const message = personalMessage(connector, teamsUser(aad, "Someone"), text);
    const res = await app.post(locale ? { ...message, locale } : message);
    expect(res.status).toBe(200);
    const answers = connector.calls.slice(before).filter((c: ConnectorCall) => c.op === "reply" || c.op === "send");
    expect(answers).toHaveLength(1);
    return JSON.stringify(answers[0]!.body);
  }

  it("renders the same report as an Adaptive Card", async () => {
    const card = await say(PEOPLE.progManager.aad, `nps retention prog-a ${PERIOD}`);
    expect(card).toContain("application/vnd.microsoft.card.adaptive");
    expect(card).toContain("Customer drop-outs: Prog A");
    expect(card).toContain("6 of 14 customers");
    expect(card).toContain("Fisher");
  });

  it("applies the same access rules as Slack", async () => {
    expect(await say(PEOPLE.progDirector.aad, "retention area north-west")).toContain("area figures are for admins");
    const other = await say(PEOPLE.progManager.aad, "nps retention other-a");
    expect(other).toContain("I have no report for “other-a”");
    expect(other).not.toContain("Customer drop-outs");
    expect(await say(PEOPLE.staff.aad, "nps retention")).toContain("not for one person");
    const area = await say(PEOPLE.clientDirector.aad, `nps retention area north-west ${PERIOD}`);
    expect(area).toContain("Non-programme companies");
  });

  it("answers in the reader's Teams language: Spanish words and numbers", async () => {
    const card = await say(PEOPLE.progManager.aad, `nps retention prog-a ${PERIOD}`, "es-ES");
    expect(card).toContain("Bajas de clientes: Prog A");
    expect(card).toContain("6 de 14 clientes");
    expect(card).toContain("Frente al mismo periodo del año anterior");
    expect(card).toContain("prueba exacta de Fisher");
    expect(card).not.toContain("Customer drop-outs");
    const zh = await say(PEOPLE.progManager.aad, `nps retention prog-a ${PERIOD}`, "zh-HK");
    expect(zh).toContain("客戶流失：Prog A");
    expect(zh).toContain("14 位客戶中的 6 位");
    expect(await say(PEOPLE.staff.aad, "nps retention", "es-ES")).toContain("no para una sola persona");
    expect(await say(PEOPLE.progManager.aad, "nps retention a b c", "es-ES")).toContain("No he entendido «a b c»");
  });
});
