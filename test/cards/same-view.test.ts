// Slack and Teams cards come from one view model: the same CaseCardView rendered by both builders
// shows the same facts (score, comment excerpt, owner, due, state, outcome) and the same actions.
import { describe, expect, it } from "vitest";
import type { CaseCardView } from "../../src/core/views.js";
import { buildCaseCard as buildSlackCard, CASE_ACTION_IDS } from "../../src/slack/views/case-card.js";
import { buildCaseCard as buildTeamsCard, CASE_VERBS } from "../../src/teams/cards/case-card.js";

const base: CaseCardView = {
  caseId: 812,
  status: "open",
  score: 4,
  category: "detractor",
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
  overdue: false,
  ownerName: null,
  ownerPlatformId: null,
  outcome: null,
  rootCause: null,
  outerLoop: false,
  note: null,
  noteCount: 0,
  erased: false,
  actions: ["claim", "resolve", "reassign", "note"],
  rootCauses: ["communication", "punctuality", "other"],
};

const candidates = [
  { personId: 1, name: "Claire Morgan" },
  { personId: 2, name: "Kate Lowe" },
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

describe("one CaseCardView, two platforms", () => {
  it.each([
    ["an open case", base],
    [
      "a claimed, overdue case",
      {
        ...base,
        status: "claimed",
        ownerName: "Claire Morgan",
        overdue: true,
        dueText: "overdue by 3 h",
        actions: ["resolve", "unclaim", "reassign", "note"],
      },
    ],
    [
      "a resolved case",
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
        actions: ["note"],
      },
    ],
  ] as [string, CaseCardView][])("%s shows the same facts and actions", (_name, view) => {
    const { slack, teams, slackText, teamsText } = render(view);
    const facts = [
      `${view.score}/10`,
      view.comment!.slice(0, 60),
      view.teamName!,
      view.staffName!,
      view.touchpoint!,
      `Case #${view.caseId}`,
      view.ownerName ?? "Unclaimed",
      view.status === "resolved" ? "Closed" : view.dueText,
    ];
    if (view.overdue) facts.push("⚠️");
    if (view.outcome) facts.push("Recovered", view.rootCause!, "Outer loop", "2 notes");
    for (const fact of facts) {
      expect(slackText, `Slack shows ${fact}`).toContain(fact);
      expect(teamsText, `Teams shows ${fact}`).toContain(fact);
    }
    expect(slackActions(slack)).toEqual(view.actions);
    expect(teamsActions(teams)).toEqual(view.actions);
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
