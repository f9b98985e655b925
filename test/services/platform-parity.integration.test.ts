// Slack and Teams give the same answer (text and facts) for the rules the services own: an unknown
// slug (both suggest the closest), a slug that is both a team and a company, a staff member asking
// for another person, linking a channel twice, and reassign candidates (the owner is never offered).
// One database: the Slack harness's app and a Teams harness on the same org.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyOrg } from "../../src/services/org.js";
import { CASE_ACTION_IDS } from "../../src/slack/views/case-card.js";
import { CALLBACK } from "../../src/slack/views/modals.js";
import { answersTo, type Harness, ORG, startHarness, USERS } from "../slack/harness.js";
import {
  type ConnectorCall,
  cardAction,
  channelConversation,
  channelMention,
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

const AAD = {
  ana: "00000000-0000-4000-8000-00000000a001",
  luis: "00000000-0000-4000-8000-00000000a004",
  adam: "00000000-0000-4000-8000-00000000a007",
};
const teams = {
  ana: teamsUser(AAD.ana, "Ana Ruiz"),
  luis: teamsUser(AAD.luis, "Luis Pérez"),
  adam: teamsUser(AAD.adam, "Adam Admin"),
};

let slack: Harness;
let connector: FakeBotConnector;
let teamsApp: TeamsHarness;
let n = 0;

beforeAll(async () => {
  slack = await startHarness();
  // The same org, with Teams accounts, and a company whose slug is also a team's.
  const aadOf: Record<string, string> = {
    "ana@acme.example": AAD.ana,
    "luis@acme.example": AAD.luis,
    "adam@acme.example": AAD.adam,
  };
  await applyOrg(slack.app.deps, {
    ...ORG,
    companies: [...ORG.companies, { slug: "barcelona", name: "Barcelona Partners", area: "Barcelona" }],
    people: ORG.people.map((p) => (aadOf[p.email] ? { ...p, teamsAadObjectId: aadOf[p.email] } : p)),
  });
  connector = await new FakeBotConnector().start();
  teamsApp = await startTeamsHarness(slack.db, connector, { env: { DELIVERY_ENABLED: "false" } });
});

afterAll(async () => {
  await teamsApp?.stop();
  await connector?.stop();
  await slack?.close();
});

/** `/nps <text>` in Slack: the final private answer's text and blocks. */
async function slackAsk(userId: string, text: string, channelId?: string) {
  const id = `parity-${++n}`;
  await slack.command(userId, text, { responseUrl: slack.fake.responseUrl(id), ...(channelId ? { channelId } : {}) });
  const call = await slack.fake.waitFor(() => answersTo(slack.fake, id).at(-1));
  return { text: String(call.args.text), blocks: JSON.stringify(call.args.blocks ?? []) };
}

/** Every `text` of an Adaptive Card, in order. */
function cardTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const x of node) cardTexts(x, out);
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "text" && typeof v === "string") out.push(v);
      else cardTexts(v, out);
    }
  }
  return out;
}

/** Sends a Teams activity and returns the texts of the one card the bot answered with. */
async function teamsAsk(activity: Record<string, unknown>): Promise<string[]> {
  const before = connector.calls.length;
  const res = await teamsApp.post(activity);
  expect(res.status).toBe(200);
  const answers = connector.calls.slice(before).filter((c: ConnectorCall) => c.op === "reply" || c.op === "send");
  expect(answers).toHaveLength(1);
  return cardTexts(FakeBotConnector.cardOf(answers[0]!));
}

/** The words without each platform's markup: code, quotes, emphasis, and the `/` of Slack's command. */
function words(text: string): string {
  return text
    .replace(/[`*"“”]/g, "")
    .replace(/\/nps /g, "nps ")
    .replace(/\\/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

describe("Slack and Teams answer alike", () => {
  it("an unknown slug: both suggest the closest one and list what the asker may see", async () => {
    const s = await slackAsk(USERS.ana, "madrd-north");
    const t = (await teamsAsk(personalMessage(connector, teams.ana, "nps madrd-north"))).join(" ");
    expect(s.text).toContain("Did you mean `madrid-north`?");
    expect(t).toContain("Did you mean madrid-north?");
    expect(words(t)).toBe(words(s.text));
    expect(words(s.text)).toBe(
      "I have no report for madrd-north that you can see. Did you mean madrid-north? Teams you can ask about: madrid-north. For your own NPS, ask nps me.",
    );
  });

  it("a slug that is both a team and a company: the team, with the same note", async () => {
    const s = await slackAsk(USERS.adam, "barcelona");
    const t = await teamsAsk(personalMessage(connector, teams.adam, "nps barcelona"));
    const note =
      "barcelona is both a team and a company; this is the team. For the company, ask nps company barcelona.";
    expect(s.blocks).toContain("Barcelona");
    expect(s.blocks).not.toContain("Barcelona Partners");
    expect(t.join(" ")).toContain("Barcelona");
    expect(t.join(" ")).not.toContain("Barcelona Partners");
    expect(words(s.blocks)).toContain(note);
    expect(t.map(words).some((x) => x.includes(note))).toBe(true);
    // And the company when asked for by kind, on both.
    expect((await slackAsk(USERS.adam, "company barcelona")).blocks).toContain("Barcelona Partners");
    expect((await teamsAsk(personalMessage(connector, teams.adam, "nps company barcelona"))).join(" ")).toContain(
      "Barcelona Partners",
    );
  });

  it("a staff member asking for another person: the same refusal, as a sentence, their input unmasked", async () => {
    const s = await slackAsk(USERS.luis, `<@${USERS.ana}|ana>`);
    const t = (await teamsAsk(personalMessage(connector, teams.luis, "nps ana@acme.example"))).join(" ");
    expect(t).toContain("“ana@acme.example”");
    expect(words(s.text.replace(`<@${USERS.ana}>`, "X"))).toBe(words(t.replace("“ana@acme.example”", "X")));
    expect(words(t)).toBe(
      "I have no report for ana@acme.example that you can see. You can see your own NPS only: ask nps me.",
    );
    // What someone types is echoed as typed, never masked (masking protects customers).
    const typed = (await teamsAsk(personalMessage(connector, teams.luis, "nps claire.morgan@brightfix.example"))).join(
      " ",
    );
    expect(typed).toContain("claire.morgan@brightfix.example");
    expect((await slackAsk(USERS.luis, "claire.morgan@brightfix.example")).text).toContain(
      "claire.morgan@brightfix.example",
    );
  });

  it("linking a channel twice: the second time says it is already linked, on both", async () => {
    const s1 = await slackAsk(USERS.adam, "link globex-east", "C0PARITY1");
    expect(s1.text).toContain("Linked");
    const s2 = await slackAsk(USERS.adam, "link globex-east", "C0PARITY1");
    const channel = "19:parity-channel@thread.tacv2";
    const t1 = (await teamsAsk(channelMention(connector, teams.adam, "link globex-east", channel))).join(" ");
    expect(t1).toContain("Linked");
    const t2 = (await teamsAsk(channelMention(connector, teams.adam, "link globex-east", channel))).join(" ");
    expect(words(s2.text)).toBe("This channel is already linked to Globex East (globex-east); nothing changed.");
    expect(words(t2)).toBe(words(s2.text));
  });

  it("reassign candidates: the team's managers, never the current owner, on both", async () => {
    const { caseId } = await slack.newCase();
    await slack.click(USERS.ana, CASE_ACTION_IDS.claim, String(caseId), {
      responseUrl: slack.fake.responseUrl("p-claim"),
    });
    await slack.fake.waitFor(() => answersTo(slack.fake, "p-claim").at(-1));
    expect((await slack.app.ctx.services.cases.reassignCandidates(caseId)).map((p) => p.name)).toEqual(["Ben Ortiz"]);

    await slack.click(USERS.ana, CASE_ACTION_IDS.reassign, String(caseId), {
      responseUrl: slack.fake.responseUrl("p-ra"),
    });
    const open = await slack.fake.waitFor((calls) =>
      calls.find(
        (c) => c.method === "views.open" && (c.args.view as { callback_id?: string }).callback_id === CALLBACK.reassign,
      ),
    );
    const view = open.args.view as { blocks: { element?: { options?: { text: { text: string } }[] } }[] };
    const slackNames = view.blocks.flatMap((b) => b.element?.options ?? []).map((o) => o.text.text);

    const res = await teamsApp.post(
      cardAction(connector, teams.ana, "contacted", { caseId }, channelConversation(), `card-${caseId}`),
    );
    expect(res.status).toBe(200);
    const card = (res.body as { value: unknown }).value;
    const choices: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const o = node as Record<string, unknown>;
        if (o.type === "Input.ChoiceSet" && Array.isArray(o.choices) && String(o.id).includes("reassign"))
          choices.push(...(o.choices as { title: string }[]).map((c) => c.title));
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    expect(slackNames).toEqual(["Ben Ortiz"]);
    expect(choices).toEqual(slackNames);
  });
});
