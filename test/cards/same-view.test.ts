// Slack and Teams cards come from one neutral card (core/case-card.ts): for every state a case can
// be in, both platforms show the same header, facts, resolution, status line and actions, and the
// same fallback text, because they only convert what core decided.
import { describe, expect, it } from "vitest";
import { buildCaseCardContent } from "../../src/core/case-card.js";
import { availableActions } from "../../src/core/case-machine.js";
import type { CaseCardView } from "../../src/core/views.js";
import { buildCaseCard as buildSlackCard, CASE_ACTION_IDS } from "../../src/slack/views/case-card.js";
import { buildCaseCard as buildTeamsCard, CASE_VERBS } from "../../src/teams/cards/case-card.js";
import { checkBlocks } from "../support/slack.js";
import { caseView } from "../support/views.js";
import { checkAdaptiveCard } from "../teams/adaptive.js";

// The shared case fixture with this test's own sample (a Brightfix case) as overrides.
const base: CaseCardView = caseView({
  caseId: 812,
  score: 4,
  comment: "Nobody told me the visit was moved to the afternoon, so I waited in all morning for nothing",
  touchpoint: "maintenance visit",
  staffName: "Jamie Walsh",
  customerLabel: "NW-40213 · M. L.",
  teamName: "Brightfix Salford",
  companyName: "Brightfix Services",
  respondedAt: new Date("2026-11-20T09:30:00Z"),
  ageText: "2 h ago",
  dueAt: new Date("2026-11-21T09:30:00Z"),
  dueText: "due in 22 h",
  rootCauses: ["communication", "punctuality", "other"],
});

const candidates = [
  { personId: 1, name: "Claire Morgan" },
  { personId: 2, name: "Kate Lowe" },
];

/** Every state a card is posted or updated in. */
const STATES: [string, CaseCardView][] = [
  ["new", base],
  [
    "claimed (and overdue)",
    {
      ...base,
      status: "claimed",
      ownerName: "Claire Morgan",
      ownerId: 1,
      overdue: true,
      dueText: "overdue by 3 h",
      actions: availableActions("claimed"),
    },
  ],
  [
    "contacted",
    {
      ...base,
      status: "contacted",
      ownerName: "Claire Morgan",
      ownerId: 1,
      noteCount: 1,
      actions: availableActions("contacted"),
    },
  ],
  [
    "resolved",
    {
      ...base,
      status: "resolved",
      ownerName: "Kate Lowe",
      outcome: "recovered",
      rootCause: "communication",
      outerLoop: true,
      note: "Apologised and rebooked for a morning slot.",
      noteCount: 2,
      dueText: "closed",
      actions: availableActions("resolved"),
    },
  ],
  // Reopened: unclaimed by its first owner, back to open with that owner's notes kept.
  ["reopened", { ...base, status: "open", noteCount: 1, actions: availableActions("open") }],
  [
    "erased",
    {
      ...base,
      erased: true,
      comment: null,
      customerLabel: "(personal data erased)",
      actions: availableActions("open"),
    },
  ],
];

/** Every string in a JSON tree, joined: what a reader of the card can see. */
function visibleText(value: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(value);
  return out.join("\n");
}

function render(view: CaseCardView) {
  const slack = buildSlackCard(view);
  const teams = buildTeamsCard(view, { reassignCandidates: candidates });
  return { slack, teams, slackText: visibleText(slack.blocks), teamsText: visibleText(teams) };
}

/** The case actions each card offers, as the view's action names. */
function slackActions(slack: ReturnType<typeof buildSlackCard>): string[] {
  const ids = Object.entries(CASE_ACTION_IDS);
  return slack.blocks
    .flatMap((b) => (b.type === "actions" ? b.elements : []))
    .map((e) => ids.find(([, id]) => id === (e as { action_id?: string }).action_id)?.[0] ?? "?");
}

function teamsActions(teams: ReturnType<typeof buildTeamsCard>): string[] {
  const verbs = Object.entries(CASE_VERBS);
  // Resolve, Reassign and Add note open an inline form whose submit button carries the verb.
  return (teams.actions ?? []).map((a) => {
    const action = a as { verb?: string; card?: { actions?: { verb: string }[] } };
    const verb = action.verb ?? action.card?.actions?.[0]?.verb;
    return verbs.find(([, v]) => v === verb)?.[0] ?? "?";
  });
}

/** Dates as each platform writes them, back to the instant (Slack: <!date^…|ISO>; Teams: {{DATE(ISO…)}}). */
function instants(text: string): string {
  return text
    .replace(/<!date\^\d+\^[^|]*\|([^>]+)>/g, "$1")
    .replace(/\{\{DATE\(([^,]+), SHORT\)\}\} \{\{TIME\(\1\)\}\}/g, "$1");
}

type Fact = { label: string; value: string };

/** Slack's fact fields ("*Label*\nvalue") and resolution lines ("*Label:* value"). */
function slackFacts(slack: ReturnType<typeof buildSlackCard>): { facts: Fact[]; resolution: Fact[] } {
  const facts: Fact[] = [];
  const resolution: Fact[] = [];
  for (const b of slack.blocks) {
    if (b.type !== "section") continue;
    for (const f of b.fields ?? []) {
      const m = /^\*([^*]+)\*\n([\s\S]*)$/.exec(f.text)!;
      facts.push({ label: m[1]!, value: instants(m[2]!) });
    }
    if (b.text?.type === "mrkdwn" && /^\*[^*]+:\* /.test(b.text.text)) {
      for (const line of b.text.text.split("\n")) {
        const m = /^\*([^*]+):\* (.*)$/.exec(line)!;
        resolution.push({ label: m[1]!, value: m[2]! });
      }
    }
  }
  return { facts, resolution };
}

/** Teams' FactSets: the first holds the facts, a second (after a separator) the resolution. */
function teamsFacts(teams: ReturnType<typeof buildTeamsCard>): { facts: Fact[]; resolution: Fact[] } {
  const sets = teams.body
    .filter((e) => e.type === "FactSet")
    .map((e) =>
      (e.facts as { title: string; value: string }[]).map((f) => ({ label: f.title, value: instants(f.value) })),
    );
  return { facts: sets[0] ?? [], resolution: sets[1] ?? [] };
}

describe("one neutral case card, two platforms, every state", () => {
  it.each(STATES)("%s: the same header, facts, resolution, status, actions and fallback", (_name, view) => {
    const { slack, teams, slackText, teamsText } = render(view);
    const neutral = buildCaseCardContent(view, { reassignCandidates: candidates });

    // Header and status line, word for word.
    const slackHeader = (slack.blocks[0] as { text: { text: string } }).text.text;
    expect(teams.body[0]).toMatchObject({ type: "TextBlock", text: slackHeader });
    const slackStatus = slack.blocks.filter((b) => b.type === "context").at(-1) as {
      elements: { text: string }[];
    };
    expect(slackStatus.elements[0]!.text).toBe(neutral.status);
    expect(teams.body.at(-1)).toMatchObject({ type: "TextBlock", text: neutral.status });

    // The same facts, in the same order, with the same values (dates shown in each reader's zone).
    const s = slackFacts(slack);
    const t = teamsFacts(teams);
    expect(s.facts.map((f) => f.label)).toEqual(neutral.facts.map((f) => f.label));
    expect(s.facts).toEqual(t.facts);
    expect(s.resolution).toEqual(t.resolution);
    expect(s.resolution.map((f) => f.label)).toEqual((neutral.resolution ?? []).map((f) => f.label));

    // What a reader sees of the case, on both.
    const facts = [`${view.score}/10`, view.teamName!, view.staffName!, view.touchpoint!, `Case #${view.caseId}`];
    facts.push(view.ownerName ?? "Unclaimed", view.status === "resolved" ? "Closed" : view.dueText);
    facts.push(view.erased ? "personal data was erased" : view.comment!.slice(0, 60));
    if (view.overdue) facts.push("⚠️");
    if (view.outcome) facts.push("Recovered", view.rootCause!, "Outer loop", "2 notes");
    for (const fact of facts) {
      expect(slackText, `Slack shows ${fact}`).toContain(fact);
      expect(teamsText, `Teams shows ${fact}`).toContain(fact);
    }

    // The same actions with the same labels, and the same notification text.
    expect(slackActions(slack)).toEqual(view.actions);
    expect(teamsActions(teams)).toEqual(view.actions);
    const slackLabels = slack.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
    expect(slackLabels.map((e) => (e as { text: { text: string } }).text.text)).toEqual(
      (teams.actions ?? []).map((a) => a.title),
    );
    expect(slack.text).toBe(teams.fallbackText);

    // And both stay valid for their platform.
    expect(checkBlocks(slack.blocks, 50)).toBeNull();
    expect(checkAdaptiveCard(teams)).toEqual({ parse: [], validation: [], lostOnRoundTrip: [] });
  });

  it("the resolution is laid out as facts on both, never run together on one line", () => {
    const view = STATES.find(([name]) => name === "resolved")![1];
    const { slack, teams } = render(view);
    expect(slackFacts(slack).resolution).toEqual([
      { label: "Resolved", value: "✅ Recovered" },
      { label: "Root cause", value: "communication" },
      { label: "Outer loop", value: "flagged for the company" },
    ]);
    expect(teamsFacts(teams).resolution).toEqual(slackFacts(slack).resolution);
    expect(JSON.stringify(slack)).not.toMatch(/Recovered\s+\*?Root cause/);
    expect(JSON.stringify(teams)).not.toMatch(/Recovered\s+\*?\*?Root cause/);
  });

  it("neither offers the owner to take over their own case", () => {
    const claimed = STATES.find(([name]) => name.startsWith("claimed"))![1];
    const reassign = (buildTeamsCard(claimed, { reassignCandidates: candidates }).actions ?? []).find(
      (a) => a.title === "Reassign",
    ) as { card: { body: { choices: { title: string }[] }[] } };
    expect(reassign.card.body[0]!.choices.map((c) => c.title)).toEqual(["Kate Lowe"]);
    const content = buildCaseCardContent(claimed, { reassignCandidates: candidates });
    const form = content.actions.find((a) => a.id === "reassign")!.form;
    expect(form).toMatchObject({
      kind: "reassign",
      content: { newOwner: { choices: [{ value: "2", label: "Kate Lowe" }] } },
    });
  });

  it("both cap a 40,000-character comment and mask its contacts the same way", () => {
    const comment = `Call me on +44 7700 900123 or mail me at jane@example.org. ${"Awful. ".repeat(6000)}`;
    const { slackText, teamsText } = render({ ...base, comment });
    for (const text of [slackText, teamsText]) {
      expect(text).not.toContain("7700 900123");
      expect(text).not.toContain("jane@example.org");
      expect(text).toMatch(/more characters\)/);
    }
  });
});
