// A case closed by itself because the survey tool raised the score: both platforms say so, from the
// one neutral card, and offer no buttons.
import { expect, it } from "vitest";
import { CARD_TEXT } from "../../src/core/card-text.js";
import { buildCaseCardContent } from "../../src/core/case-card.js";
import type { CaseCardView } from "../../src/core/views.js";
import { buildCaseCard as buildSlackCard } from "../../src/slack/views/case-card.js";
import { buildCaseCard as buildTeamsCard } from "../../src/teams/cards/case-card.js";

const view: CaseCardView = {
  caseId: 77,
  status: "resolved",
  score: 9,
  category: "promoter",
  comment: "Sorted in the end, thanks",
  touchpoint: "repair",
  staffName: "Jamie Walsh",
  customerLabel: null,
  teamName: "North",
  companyName: "Acme",
  respondedAt: new Date("2026-11-20T09:30:00Z"),
  ageText: "2 h ago",
  dueAt: new Date("2026-11-21T09:30:00Z"),
  dueText: "due in 22 h",
  overdue: false,
  ownerName: null,
  ownerPlatformId: null,
  outcome: "score_updated",
  rootCause: null,
  outerLoop: false,
  note: null,
  noteCount: 0,
  erased: false,
  actions: ["note"],
  rootCauses: ["other"],
};

it("says the case closed itself, without buttons, on both platforms", () => {
  const card = buildCaseCardContent(view);
  expect(card.actions).toEqual([]);
  expect(JSON.stringify(card.resolution)).toContain(CARD_TEXT.card.scoreUpdated(9));
  const slack = JSON.stringify(buildSlackCard(view));
  const teams = JSON.stringify(buildTeamsCard(view));
  for (const rendered of [slack, teams]) {
    expect(rendered).toContain("Closed by itself: the customer changed the score to 9/10");
    expect(rendered).not.toContain('"Claim"');
    expect(rendered).not.toContain("Add note");
  }
  expect(slack).not.toContain('"type":"actions"');
  expect(teams).not.toContain("Action.Execute");
});

it("keeps the outcome out of the resolve form", async () => {
  const { OUTCOMES } = await import("../../src/core/card-text.js");
  expect(OUTCOMES).not.toContain("score_updated");
});
