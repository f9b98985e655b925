// The pseudo-locale (accented, ~40% longer English, in brackets; core/i18n/pseudo.ts) run over the
// case card in every state, its forms, the report, the owner's DM and the staff reminder, on both
// platforms, with long outside text: everything stays within Block Kit and Adaptive Card limits
// (the validators the other tests use), and no message of ours is cut (every "[" keeps its "]").
import { describe, expect, it } from "vitest";
import { cardText } from "../../src/core/card-text.js";
import { PSEUDO_LOCALE, pseudoMessage, SUPPORTED_LOCALES } from "../../src/core/i18n/index.js";
import { coachingPlannedMessage } from "../../src/core/messages/coaching.js";
import { managerNudge } from "../../src/core/messages/manager-nudge.js";
import { escalationMessage, unclaimedReminder } from "../../src/core/messages/sla.js";
import { weeklyStaffReminder } from "../../src/core/messages/staff-reminder.js";
import { ownerContactMessage } from "../../src/core/messages-case.js";
import { formatReportText } from "../../src/core/report-text.js";
import type { CaseCardView, MessageView } from "../../src/core/views.js";
import { blocksTextLength, SLACK_LIMITS } from "../../src/slack/views/blocks.js";
import { buildCaseCard as slackCaseCard } from "../../src/slack/views/case-card.js";
import { buildHome } from "../../src/slack/views/home.js";
import { renderMessage } from "../../src/slack/views/message.js";
import { buildNoteModal, buildReassignModal, buildResolveModal } from "../../src/slack/views/modals.js";
import { buildReportMessage } from "../../src/slack/views/report.js";
import { buildCaseCard as teamsCaseCard } from "../../src/teams/cards/case-card.js";
import { TEAMS_CARD_BUDGET_BYTES } from "../../src/teams/cards/common.js";
import { buildMessageCard, cardBytes } from "../../src/teams/cards/message-card.js";
import { buildReportCard } from "../../src/teams/cards/report-card.js";
import { checkBlocks } from "../support/slack.js";
import { caseView, claimedView, HUGE_COMMENT, reportView, resolvedView } from "../support/views.js";
import { checkAdaptiveCard } from "../teams/adaptive.js";

const L = PSEUDO_LOCALE;
const LONG = "Ñ".repeat(190);
const views: [string, CaseCardView][] = [
  ["open", caseView({ locale: L, comment: HUGE_COMMENT, teamName: LONG, companyName: LONG, staffName: LONG })],
  ["claimed", { ...claimedView(), locale: L, ownerName: LONG }],
  ["resolved", { ...resolvedView(), locale: L, note: "n".repeat(3000) }],
  ["score updated", { ...resolvedView(), locale: L, outcome: "score_updated" }],
];

/** Every pseudo message keeps its closing bracket: nothing of ours was cut. */
function expectUncut(name: string, payload: unknown) {
  const text = JSON.stringify(payload);
  expect(text, `${name} shows the pseudo-locale`).toMatch(/[áéíóú]/);
  const open = text.split("[").length - 1;
  const close = text.split("]").length - 1;
  expect(close, `${name}: ${open} "[" but ${close} "]"`).toBe(open);
}

function expectSlackWithin(name: string, blocks: unknown, max: number = SLACK_LIMITS.messageBlocks) {
  expect(blocksTextLength(blocks), name).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
  expect(checkBlocks(blocks, max), name).toBeNull();
}

function expectTeamsWithin(name: string, card: Parameters<typeof cardBytes>[0]) {
  const problems = checkAdaptiveCard(card);
  expect([...problems.parse, ...problems.validation, ...problems.lostOnRoundTrip], name).toEqual([]);
  expect(cardBytes(card), name).toBeLessThanOrEqual(TEAMS_CARD_BUDGET_BYTES);
}

describe("the pseudo-locale", () => {
  it("accents our words, pads them ~40% and keeps placeholders and plural forms intact", () => {
    expect(pseudoMessage("Case #{id}")).toBe("[Çásé #{id} ~~]");
    expect(pseudoMessage("{n, plural, one {# note} other {# notes}}")).toBe(
      "[{n, plural, one {# ñóté} other {# ñótés}} ~~~~]",
    );
  });

  for (const [state, view] of views) {
    it(`keeps the ${state} case card within limits on both platforms, uncut`, () => {
      const slack = slackCaseCard(view, { reassignCandidates: [{ personId: 9, name: LONG }] });
      expectSlackWithin(state, slack.blocks);
      expectUncut(`Slack ${state} card`, slack.blocks);
      const teams = teamsCaseCard(view, { reassignCandidates: [{ personId: 9, name: LONG }] });
      expectTeamsWithin(state, teams);
      expectUncut(`Teams ${state} card`, teams);
    });
  }

  it("keeps the resolve, note and reassign modals within limits, uncut", () => {
    const form = { caseId: 42, rootCauses: ["punctuality", "price", "x".repeat(150)], view: views[0]![1], locale: L };
    const meta = { caseId: 42, responseUrl: "https://hooks.slack.com/x" };
    const candidates = Array.from({ length: 120 }, (_, i) => ({ id: i + 2, name: `${i} ${LONG}` }));
    for (const [name, modal] of [
      ["resolve", buildResolveModal(form, meta)],
      ["note", buildNoteModal(form, meta)],
      ["reassign", buildReassignModal(form, candidates as never, meta)],
    ] as const) {
      expect(modal.title.text.length, name).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
      expectSlackWithin(name, modal.blocks, SLACK_LIMITS.surfaceBlocks);
      // Slack caps a modal title at 24 characters: the padded pseudo title may be cut (real titles fit: below).
      expectUncut(`${name} modal`, [modal.submit, modal.close, modal.blocks]);
    }
  });

  it("fits every real locale's modal titles and buttons in Slack's 24 characters, up to case #99999", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const X = cardText(locale);
      for (const title of [X.resolveForm.title(99999), X.noteForm.title(99999), X.reassignForm.title(99999)]) {
        expect(title.length, `${locale}: ${title}`).toBeLessThanOrEqual(SLACK_LIMITS.modalTitle);
      }
      for (const button of [X.resolveForm.submit, X.noteForm.submit, X.reassignForm.submit, X.form.cancel]) {
        expect(button.length, `${locale}: ${button}`).toBeLessThanOrEqual(SLACK_LIMITS.modalButton);
      }
    }
  });

  it("keeps App Home within Slack's limits, uncut", () => {
    const home = buildHome({
      locale: L,
      name: "Ñ".repeat(60),
      role: "manager",
      myCases: Array.from({ length: 20 }, () => views[1]![1]),
      unclaimed: Array.from({ length: 20 }, () => views[0]![1]),
      reports: Array.from({ length: 5 }, () => ({ ...reportView(), locale: L })),
      coaching: Array.from({ length: 20 }, (_, id) => ({
        id,
        topic: "t".repeat(80),
        withName: "Ñ".repeat(60),
        dueAt: new Date("2026-12-01T00:00:00Z"),
        canMarkDone: true,
      })),
    });
    expectSlackWithin("home", home.blocks, SLACK_LIMITS.surfaceBlocks);
    expectUncut("home", home.blocks);
  });

  it("keeps the report within limits on both platforms, and its text uncut", () => {
    const view = { ...reportView(), locale: L } as const;
    const slack = buildReportMessage(view, { share: { kind: "team", slug: "team-north", period: "30d" } });
    expectSlackWithin("report", slack.blocks);
    expectUncut("Slack report", slack.blocks);
    const teams = buildReportCard(view, { note: null });
    expectTeamsWithin("report", teams);
    expectUncut("Teams report", teams);
    expectUncut("CLI report", formatReportText(view));
  });

  it("keeps the owner's DM, the staff reminder, coaching, nudge and SLA messages within limits on both platforms, uncut", () => {
    const now = new Date("2026-11-21T09:00:00Z");
    const messages: [string, MessageView][] = [
      ["staff reminder", weeklyStaffReminder(reminderInput(now))],
      ["owner DM", ownerContactMessage(ownerCase(now), now, L)],
      ["unclaimed reminder", unclaimedReminder(views[0]![1], 9e7)],
      [
        "coaching planned",
        coachingPlannedMessage({
          locale: L,
          sessionId: 1,
          // A long topic and names push the notification text past its cap by themselves: moderate ones.
          staffName: "Ñ".repeat(60),
          managerName: "Ñ".repeat(60),
          topic: "t".repeat(120),
          dueAt: now,
          timeZone: "UTC",
        }),
      ],
      [
        "manager nudge",
        managerNudge({
          locale: L,
          managerName: "Ñ".repeat(60),
          timeZone: "UTC",
          now,
          dueCoaching: Array.from({ length: 20 }, (_, k) => ({ id: k, staffName: LONG, topic: LONG, dueAt: now })),
          newUncoached: Array.from({ length: 20 }, (_, k) => ({
            caseId: k,
            staffName: LONG,
            rootCause: "punctuality",
          })),
          olderUncoached: 40,
          quietTeams: Array.from({ length: 10 }, () => ({ name: LONG, responses: 30 })),
        }),
      ],
      [
        "escalation",
        escalationMessage({ view: views[1]![1], level: 2, maxLevel: 3, overdueMs: 9e7, recipientName: LONG }),
      ],
    ];
    for (const [name, m] of messages) {
      const slack = renderMessage(m, { audience: "direct" });
      expectSlackWithin(name, slack.blocks);
      expectUncut(`Slack ${name}`, slack.blocks);
      const teams = buildMessageCard(m);
      expectTeamsWithin(name, teams);
      expectUncut(`Teams ${name}`, teams);
    }
  });
});

function reminderInput(now: Date): Parameters<typeof weeklyStaffReminder>[0] {
  return {
    locale: L,
    // The header holds the name: the longest realistic one, so that only our words are measured.
    name: "Ñ".repeat(60),
    timeZone: "Europe/Madrid",
    weeks: 8,
    report: {
      n: 40,
      nps: 12.5,
      marginOfError: 25,
      enoughData: true,
      minSample: 10,
      sparkline: "▁▂▃▄▅▆▇█",
      change: { previousNps: 0, previousN: 30, delta: 12.5, significant: true },
    },
    promoterQuote: { text: HUGE_COMMENT, at: now },
    focus: { cause: "punctuality", focus: "Arrive when you said you would", tip: "tip", why: "why", count: 9 },
    openCoaching: Array.from({ length: 12 }, (_, k) => ({ id: k, topic: LONG, dueAt: now, managerName: LONG })),
    turnOffHint: pseudoMessage("Rather not get these? Type /nps reminders off."),
  };
}

function ownerCase(now: Date): Parameters<typeof ownerContactMessage>[0] {
  const person = { id: 1, name: LONG, email: null, role: "staff" as const, companyId: 1, slackUserId: "U1" };
  return {
    id: 42,
    dueAt: new Date(now.getTime() + 3_600_000),
    response: {
      score: 2,
      comment: HUGE_COMMENT,
      touchpoint: LONG,
      customerRef: LONG,
      customerName: LONG,
      customerEmail: "c@example.com",
      customerPhone: "+34 600 000 000",
      erasedAt: null,
    },
    staff: person,
  } as never;
}
