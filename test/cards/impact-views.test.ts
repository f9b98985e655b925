// The impact and coaching answers: one neutral message (core/messages/impact.ts) rendered on both
// platforms with the same figures and warnings; anonymised labels never leak a company's name.
import { describe, expect, it } from "vitest";
import { coachingEffect } from "../../src/core/coaching-effect.js";
import type { GroupCounts } from "../../src/core/impact.js";
import { buildImpactView, type ImpactInput } from "../../src/core/impact-report.js";
import { coachingText, impactText } from "../../src/core/messages/impact.js";
import { buildCoachingEffectMessage, buildImpactMessage } from "../../src/slack/views/impact.js";
import { buildCoachingEffectCard, buildImpactCard } from "../../src/teams/cards/impact-card.js";

const g = (b: [number, number, number], a: [number, number, number]): GroupCounts => ({
  before: { promoters: b[0], passives: b[1], detractors: b[2] },
  after: { promoters: a[0], passives: a[1], detractors: a[2] },
});
// The worked example of test/core/impact.test.ts: effect +26, interval -42.2 to +94.2.
const input: ImpactInput = {
  area: "North",
  windowDays: 90,
  minSample: 10,
  windows: [
    {
      companyId: 1,
      area: "North",
      beforeFrom: new Date("2025-12-01T00:00:00Z"),
      start: new Date("2026-03-01T00:00:00Z"),
      afterTo: new Date("2026-05-30T00:00:00Z"),
      days: 90,
    },
  ],
  notMeasured: [],
  companyCounts: [
    { window: 0, companyId: 1, programme: true, counts: g([8, 6, 6], [12, 4, 4]) },
    { window: 0, companyId: 2, programme: false, counts: g([10, 8, 7], [11, 7, 7]) },
  ],
  teamCounts: [{ window: 0, teamId: 10, counts: g([8, 6, 6], [12, 4, 4]) }],
  org: {
    companies: [
      { id: 1, slug: "acme", name: "Acme Services", area: "North", inProgramme: true },
      { id: 2, slug: "rival", name: "Rival Repairs", area: "North", inProgramme: false },
    ],
    teams: [{ id: 10, slug: "acme-north", name: "Acme North", companyId: 1 }],
  },
  withoutStartDate: 0,
};

describe("impact answer", () => {
  it("shows the same effect, groups and warning on Slack, Teams and in the text", () => {
    const view = buildImpactView(input, { named: true, ownCompanyId: null, teamIds: null });
    const slack = JSON.stringify(buildImpactMessage(view));
    const teams = JSON.stringify(buildImpactCard(view));
    const text = impactText(view);
    for (const out of [slack, teams, text]) {
      expect(out).toContain("+26 points (95% interval -42.2 to +94.2), not significant");
      expect(out).toContain("+150%");
      expect(out).toContain("close to zero");
      expect(out).toContain("Rival Repairs");
      expect(out).toContain("Acme North");
    }
  });

  it("anonymises other companies and drops their teams for a contractor's director", () => {
    const view = buildImpactView(input, { named: false, ownCompanyId: 2, teamIds: null });
    const text = impactText(view);
    expect(text).toContain("Programme company A");
    expect(text).toContain("Rival Repairs");
    expect(text).not.toContain("Acme");
    expect(text).toContain("Companies other than yours are anonymised.");
  });
});

describe("coaching answer", () => {
  it("shows the effect and the topics on both platforms", () => {
    const effect = coachingEffect(
      [
        {
          sessionId: 1,
          staffId: 5,
          teamId: 10,
          topic: "Calling ahead",
          doneAt: new Date("2026-10-01T00:00:00Z"),
          days: 28,
          coached: g([8, 6, 6], [12, 4, 4]),
          control: g([10, 8, 7], [11, 7, 7]),
          controlStaff: 3,
        },
      ],
      { minSample: 10 },
    );
    const view = {
      scope: { kind: "team" as const, name: "Acme North", slug: "acme-north" },
      from: new Date("2026-06-01T00:00:00Z"),
      to: new Date("2026-11-28T00:00:00Z"),
      effect,
    };
    for (const out of [
      JSON.stringify(buildCoachingEffectMessage(view)),
      JSON.stringify(buildCoachingEffectCard(view)),
      coachingText(view),
    ]) {
      expect(out).toContain("Coaching effect: Acme North");
      expect(out).toContain("+26 points");
      expect(out).toContain("Calling ahead (1 session, 1 person)");
    }
  });
});
