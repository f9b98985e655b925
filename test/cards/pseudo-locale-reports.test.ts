// The pseudo-locale (core/i18n/pseudo.ts) over the impact, coaching-effect and retention reports and
// the chart words, on both platforms: every word is ours from the catalogue (accented, in brackets),
// nothing is cut, and the longer words still fit Block Kit and Adaptive Card limits. Companion of
// pseudo-locale.test.ts (the case card, forms, report and reminders).
import { describe, expect, it } from "vitest";
import { coachingEffect } from "../../src/core/coaching-effect.js";
import { PSEUDO_LOCALE } from "../../src/core/i18n/index.js";
import type { GroupCounts } from "../../src/core/impact.js";
import { buildImpactView } from "../../src/core/impact-report.js";
import {
  type ChartWord,
  chartSubtitle,
  chartsComment,
  chartsSentText,
  chartWord,
  programmeAlt,
  programmeTitle,
  rootCauseAlt,
  rootCauseTitle,
  showChartLabel,
  trendAlt,
  trendTitle,
} from "../../src/core/messages/charts.js";
import { coachingText, impactText, personCoachingFact } from "../../src/core/messages/impact.js";
import { buildRetentionReport, type RetentionCountRow } from "../../src/core/retention.js";
import { buildRetentionCard } from "../../src/core/retention-card.js";
import { helpText } from "../../src/slack/commands/grammar.js";
import { blocksTextLength, SLACK_LIMITS } from "../../src/slack/views/blocks.js";
import { buildCoachingEffectMessage, buildImpactMessage } from "../../src/slack/views/impact.js";
import { retentionCardToBlockKit } from "../../src/slack/views/retention.js";
import { TEAMS_CARD_BUDGET_BYTES } from "../../src/teams/cards/common.js";
import { buildCoachingEffectCard, buildImpactCard } from "../../src/teams/cards/impact-card.js";
import { cardBytes } from "../../src/teams/cards/message-card.js";
import { retentionCardToAdaptiveCard } from "../../src/teams/cards/retention-card.js";
import { helpMessage } from "../../src/teams/handlers/installation.js";
import { checkBlocks } from "../support/slack.js";
import { checkAdaptiveCard } from "../teams/adaptive.js";

const L = PSEUDO_LOCALE;
const LONG = "Ñ".repeat(120);

/** Every pseudo message keeps its closing bracket: nothing of ours was cut. */
function expectUncut(name: string, payload: unknown) {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  expect(text, `${name} shows the pseudo-locale`).toMatch(/[áéíóú]/);
  const open = text.split("[").length - 1;
  const close = text.split("]").length - 1;
  expect(close, `${name}: ${open} "[" but ${close} "]"`).toBe(open);
}

/** English words left in the output: a string the catalogue did not supply. */
function expectNoEnglish(name: string, text: string, words: string[]) {
  for (const w of words) expect(text, `${name} still says "${w}"`).not.toContain(w);
}

function expectWithin(name: string, slack: { blocks: unknown[] }, teams: Parameters<typeof cardBytes>[0]) {
  expect(blocksTextLength(slack.blocks), name).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
  expect(checkBlocks(slack.blocks, SLACK_LIMITS.messageBlocks), name).toBeNull();
  const problems = checkAdaptiveCard(teams);
  expect([...problems.parse, ...problems.validation, ...problems.lostOnRoundTrip], name).toEqual([]);
  expect(cardBytes(teams), name).toBeLessThanOrEqual(TEAMS_CARD_BUDGET_BYTES);
  expectUncut(`Slack ${name}`, slack.blocks);
  expectUncut(`Teams ${name}`, teams);
}

const g = (b: [number, number, number], a: [number, number, number]): GroupCounts => ({
  before: { promoters: b[0], passives: b[1], detractors: b[2] },
  after: { promoters: a[0], passives: a[1], detractors: a[2] },
});

const companies = Array.from({ length: 20 }, (_, k) => ({
  id: k + 1,
  slug: `c${k}`,
  name: `${LONG.slice(0, 60)} ${k}`,
  area: "North",
  inProgramme: k % 2 === 0,
}));
const start = new Date("2026-03-01T00:00:00Z");
const impactView = buildImpactView(
  {
    area: "North",
    windowDays: 90,
    minSample: 10,
    windows: companies
      .filter((c) => c.inProgramme)
      .map((c) => ({
        companyId: c.id,
        area: "North",
        beforeFrom: new Date("2025-12-01T00:00:00Z"),
        start,
        afterTo: new Date("2026-05-30T00:00:00Z"),
        days: 90,
      })),
    notMeasured: [{ companyId: 3, reason: "no_comparison" }],
    companyCounts: companies.map((c, k) => ({
      window: 0,
      companyId: c.id,
      programme: c.inProgramme,
      counts: c.inProgramme ? g([8, 6, 6], [12, 4, 4]) : g([10, 8, 7], [11, 7, 7 + (k % 3)]),
    })),
    teamCounts: [{ window: 0, teamId: 10, counts: g([8, 6, 6], [12, 4, 4]) }],
    org: { companies, teams: [{ id: 10, slug: "t", name: LONG.slice(0, 60), companyId: 1 }] },
    withoutStartDate: 2,
  },
  { named: true, ownCompanyId: null, teamIds: null },
);

const effect = coachingEffect(
  Array.from({ length: 15 }, (_, k) => ({
    sessionId: k + 1,
    staffId: 5 + k,
    teamId: 10,
    topic: `${LONG.slice(0, 50)} ${k}`,
    doneAt: new Date("2026-10-01T00:00:00Z"),
    days: 28,
    coached: g([8, 6, 6], [12, 4, 4]),
    control: g([10, 8, 7], [11, 7, 7]),
    controlStaff: 3,
  })),
  { minSample: 10 },
);
const coachingView = {
  scope: { kind: "team" as const, name: LONG.slice(0, 60), slug: "acme-north" },
  from: new Date("2026-06-01T00:00:00Z"),
  to: new Date("2026-11-28T00:00:00Z"),
  effect,
};

const row = (r: Partial<RetentionCountRow>): RetentionCountRow => ({
  yearBefore: false,
  inProgramme: true,
  category: "promoter",
  loop: null,
  customers: 0,
  droppedOut: 0,
  incomplete: 0,
  ...r,
});
const retention = buildRetentionReport({
  scope: { kind: "team" as const, slug: "prog-a", name: LONG.slice(0, 60) },
  period: { label: "last-quarter", from: new Date("2026-07-01Z"), to: new Date("2026-10-01Z"), timeZone: "UTC" },
  yearBefore: { from: new Date("2025-07-01Z"), to: new Date("2025-10-01Z") },
  withinDays: 30,
  horizon: new Date("2026-11-20Z"),
  minSample: 4,
  rows: [
    row({ category: "promoter", customers: 40, droppedOut: 2 }),
    row({ category: "passive", customers: 20, droppedOut: 3, incomplete: 2 }),
    row({ category: "detractor", loop: "closed", customers: 10, droppedOut: 1 }),
    row({ category: "detractor", loop: "unclaimed", customers: 5, droppedOut: 4 }),
    row({ category: "detractor", loop: "in_progress", customers: 3, droppedOut: 1 }),
    row({ yearBefore: true, customers: 60, droppedOut: 9 }),
    row({ inProgramme: false, customers: 30, droppedOut: 6 }),
    row({ inProgramme: false, yearBefore: true, customers: 30, droppedOut: 3 }),
  ],
  companies: [
    { inProgramme: true, count: 3 },
    { inProgramme: false, count: 2 },
  ],
});

describe("the pseudo-locale over the impact, coaching and retention reports", () => {
  it("impact: every word from the catalogue, within both platforms' limits", () => {
    expectWithin("impact", buildImpactMessage(impactView, L), buildImpactCard(impactView, L));
    const text = impactText(impactView, L);
    expectUncut("impact text", text);
    expectNoEnglish("impact text", text, ["Programme impact", "Effect:", "By company", "Not measured", " before "]);
  });

  it("coaching effect: the message, the text and the person's line", () => {
    expectWithin("coaching", buildCoachingEffectMessage(coachingView, L), buildCoachingEffectCard(coachingView, L));
    const text = coachingText(coachingView, L);
    expectUncut("coaching text", text);
    expectNoEnglish("coaching text", text, ["Coaching effect", "By topic", "Colleagues not coached", " points"]);
    const fact = personCoachingFact(effect, L);
    expectUncut("person's coaching line", `${fact.label} ${fact.value}`);
  });

  it("retention: the card on both platforms and its text form", () => {
    const card = buildRetentionCard(retention, L);
    expectWithin("retention", retentionCardToBlockKit(card), retentionCardToAdaptiveCard(card));
    expectUncut("retention text", card.fallback);
    expectNoEnglish("retention text", card.fallback, ["Customer drop-outs", "Dropped out", "of which", "customers"]);
  });

  it("the help lines for retention, impact and coaching on Slack and Teams", () => {
    const slack = helpText(L);
    expectUncut("Slack help", slack);
    expectNoEnglish("Slack help", slack, ["does the programme work", "customers who dropped out"]);
    expectUncut("Teams help", helpMessage(undefined, L));
  });
});

describe("the pseudo-locale over the chart words", () => {
  const words: ChartWord[] = [
    "npsAxis",
    "weekAxis",
    "casesAxis",
    "band",
    "programme",
    "comparison",
    "programmeStart",
    "otherCauses",
    "noCause",
  ];
  it("labels, titles, alt texts, the button and the upload messages are all translated", () => {
    const weeks = { weeks: 12, firstWeek: "5 Jan", lastWeek: "23 Mar" };
    const all = [
      ...words.map((w) => chartWord(L, w)),
      trendTitle(L, "Acme"),
      programmeTitle(L, "North"),
      rootCauseTitle(L, "Acme"),
      chartSubtitle(L, "5 Jan", "23 Mar"),
      chartSubtitle(L, "5 Jan", "23 Mar", 10),
      trendAlt(L, {
        scopeName: "Acme",
        ...weeks,
        first: null,
        last: null,
        low: null,
        high: null,
        gaps: 12,
        minSample: 10,
      }),
      trendAlt(L, {
        scopeName: "Acme",
        ...weeks,
        first: "+10",
        last: "+20",
        low: { score: "+5", week: "9 Feb" },
        high: { score: "+30", week: "2 Mar" },
        gaps: 2,
        minSample: 10,
      }),
      programmeAlt(L, { area: "North", ...weeks, programme: null, comparison: "+12", programmeStart: "1 Mar" }),
      rootCauseAlt(L, { scopeName: "Acme", ...weeks, total: "40", top: [{ cause: "price", share: "40%" }] }),
      showChartLabel(L),
      chartsSentText(L, 3),
      chartsComment(L, "Acme", "30d"),
    ];
    for (const w of all) {
      expect(w, w).toMatch(/^\[.*\]$/s);
      expect(w.split("[").length, w).toBe(w.split("]").length);
    }
    expect(showChartLabel("es-ES")).toBe("Ver gráfico");
    expect(showChartLabel("zh-HK")).toBe("顯示圖表");
    expect(showChartLabel("fr-FR")).toBe("Show chart");
  });
});
