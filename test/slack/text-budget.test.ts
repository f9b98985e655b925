// Every Slack payload the product builds stays within the per-message text budget (issue 15 item
// 9): Slack answers msg_blocks_too_long past ~12,000 UTF-16 units of block text, which the product
// treats as permanent. Inputs are the longest the org file (names 200, slugs 64), the forms (notes
// 3,000) and the survey tools (40,000-character comments) allow, in the worst shapes: emoji count
// two units, "&" renders as five.
import { describe, expect, it } from "vitest";
import { deadLetterAlert } from "../../src/core/messages/admin.js";
import { MESSAGE_TEXT_BUDGET, messageTextLength, utf16Length } from "../../src/core/messages/budget.js";
import { coachingDoneText, coachingPlannedMessage } from "../../src/core/messages/coaching.js";
import { type DigestCompany, directorDigest } from "../../src/core/messages/director-digest.js";
import { managerNudge } from "../../src/core/messages/manager-nudge.js";
import { escalationMessage, unclaimedReminder } from "../../src/core/messages/sla.js";
import { weeklyStaffReminder } from "../../src/core/messages/staff-reminder.js";
import { unassignedAlertMessage } from "../../src/core/messages/unassigned.js";
import { ownerContactMessage } from "../../src/core/messages-case.js";
import type { CaseDetail } from "../../src/core/types.js";
import type { CaseCardView, MessageView, ReportView } from "../../src/core/views.js";
import { blocksTextLength, SLACK_LIMITS } from "../../src/slack/views/blocks.js";
import { buildCaseCard } from "../../src/slack/views/case-card.js";
import { buildHome } from "../../src/slack/views/home.js";
import { renderMessage } from "../../src/slack/views/message.js";
import {
  buildCoachingDoneModal,
  buildNoteModal,
  buildNoticeModal,
  buildReassignModal,
  buildResolveModal,
} from "../../src/slack/views/modals.js";
import { buildReportMessage } from "../../src/slack/views/report.js";
import { buildMessageCard, cardBytes } from "../../src/teams/cards/message-card.js";
import { checkBlocks } from "../support/slack.js";
import { caseView, reportView } from "../support/views.js";

const NAME = "N".repeat(199) + "é";
const EMOJI_NAME = "😡".repeat(100);
const SLUG = "s".repeat(64);
const NOTE = "Boiler & flue ".repeat(300).slice(0, 3000);
/** The three worst comments: long ASCII, all emoji (two units each), all "&" (five when escaped). */
const COMMENTS = ["Awful service. ".repeat(2700).slice(0, 40_000), "😡".repeat(20_000), "&".repeat(40_000)];
const CAUSES = Array.from({ length: 30 }, (_, i) => `${i} ${"cause ".repeat(40)}`.slice(0, 200));

function longCase(over: Partial<CaseCardView> = {}): CaseCardView {
  return caseView({
    comment: COMMENTS[0]!,
    touchpoint: NAME,
    staffName: NAME,
    customerLabel: `${NAME} · j***@e***.com`,
    teamName: NAME,
    companyName: EMOJI_NAME,
    ownerName: NAME,
    note: NOTE,
    noteCount: 99,
    rootCauses: CAUSES,
    ...over,
  });
}

function longReport(over: Partial<ReportView> = {}): ReportView {
  return reportView({
    scope: { kind: "company", slug: SLUG, name: NAME },
    trend: Array.from({ length: 53 }, (_, i) => ({
      weekStart: new Date(Date.UTC(2026, 0, 1 + 7 * i)),
      n: 20,
      nps: 10,
    })),
    sparkline: "▁▂▃▄▅▆▇█".repeat(7),
    topRootCauses: CAUSES.map((cause) => ({ cause, count: 3 })),
    comparison: {
      area: NAME,
      programme: { companies: 3, n: 300, nps: 30, marginOfError: 10 },
      nonProgramme: { companies: 4, n: 400, nps: 20, marginOfError: 9 },
    },
    ...over,
  });
}

function caseDetail(comment: string): CaseDetail {
  const at = new Date("2026-11-20T09:00:00Z");
  const person = {
    id: 1,
    name: NAME,
    email: `${"e".repeat(60)}@example.com`,
    role: "staff" as const,
    companyId: 1,
    slackUserId: "U1",
    teamsAadObjectId: null,
    teamsConversationRef: null,
    timeZone: "UTC",
    locale: "en",
    remindersEnabled: true,
    active: true,
    teamIds: [1],
  };
  return {
    id: 42,
    responseId: 7,
    teamId: 1,
    companyId: 1,
    status: "claimed",
    ownerId: 1,
    dueAt: new Date("2026-11-22T09:00:00Z"),
    claimedAt: at,
    contactedAt: null,
    resolvedAt: null,
    outcome: null,
    rootCause: null,
    outerLoop: false,
    note: null,
    reminderSentAt: null,
    escalationLevel: 0,
    silent: false,
    version: 1,
    createdAt: at,
    response: {
      id: 7,
      source: SLUG,
      externalId: "x".repeat(200),
      score: 2,
      comment,
      touchpoint: NAME,
      customerRef: NAME,
      customerName: EMOJI_NAME,
      customerEmail: `${"c".repeat(64)}@${"d".repeat(60)}.example`,
      customerPhone: "+44 7700 900321",
      staffId: 1,
      teamId: 1,
      companyId: 1,
      respondedAt: at,
      receivedAt: at,
      erasedAt: null,
    },
    team: null,
    company: null,
    owner: person,
    staff: person,
    noteCount: 0,
  };
}

function digestCompanies(n: number, teams = 0): DigestCompany[] {
  return Array.from({ length: n }, (_, c) => ({
    name: `${c} ${NAME}`,
    report: longReport(),
    teams: Array.from({ length: teams }, (_, t) => ({ name: `${t} ${NAME}`, report: longReport() })),
    outerLoop: Array.from({ length: 12 }, (_, i) => ({
      caseId: 1000 + i,
      rootCause: CAUSES[i]!,
      note: NOTE,
      teamName: NAME,
    })),
  }));
}

/** Every MessageView the product sends, with the longest inputs. */
function messages(): [string, MessageView][] {
  const now = new Date("2026-11-21T09:00:00Z");
  const out: [string, MessageView][] = [];
  for (const [i, comment] of COMMENTS.entries()) {
    out.push([`owner DM ${i}`, ownerContactMessage(caseDetail(comment), now)]);
    out.push([
      `escalation ${i}`,
      escalationMessage({ view: longCase({ comment }), level: 2, maxLevel: 3, overdueMs: 9e7, recipientName: NAME }),
    ]);
    out.push([
      `staff reminder ${i}`,
      weeklyStaffReminder({
        name: NAME,
        timeZone: "Europe/London",
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
        promoterQuote: { text: comment, at: now },
        focus: { cause: NAME, focus: NAME, tip: NOTE, why: NOTE, count: 9 },
        openCoaching: Array.from({ length: 12 }, (_, k) => ({ id: k, topic: NAME, dueAt: now, managerName: NAME })),
        turnOffHint: "Type reminders off to stop these.",
      }),
    ]);
    out.push([
      `unassigned alert ${i}`,
      unassignedAlertMessage({
        responseId: 1,
        source: SLUG,
        externalId: "x".repeat(200),
        score: 1,
        comment,
        touchpoint: NAME,
        respondedAt: now,
        caseId: 9,
        reasons: Array.from({ length: 20 }, () => NAME),
      }),
    ]);
  }
  out.push(["unclaimed reminder", unclaimedReminder(longCase(), 9e7)]);
  out.push([
    "coaching planned",
    coachingPlannedMessage({
      sessionId: 1,
      staffName: NAME,
      managerName: NAME,
      topic: NOTE,
      dueAt: now,
      timeZone: "UTC",
    }),
  ]);
  const window = { from: now, to: now, n: 30, nps: 10, marginOfError: 20, minSample: 10 };
  const done = coachingDoneText({ staffName: NAME, topic: NOTE, before: window, after: window, timeZone: "UTC" });
  out.push([
    "coaching done",
    { text: done, blocks: done.split("\n").map((line) => ({ type: "text" as const, text: line })) },
  ]);
  out.push([
    "manager nudge",
    managerNudge({
      managerName: NAME,
      timeZone: "UTC",
      now,
      dueCoaching: Array.from({ length: 20 }, (_, k) => ({ id: k, staffName: NAME, topic: NOTE, dueAt: now })),
      newUncoached: Array.from({ length: 20 }, (_, k) => ({ caseId: k, staffName: NAME, rootCause: NAME })),
      olderUncoached: 40,
      quietTeams: Array.from({ length: 40 }, () => ({ name: NAME, responses: 30 })),
    }),
  ]);
  for (const [n, teams] of [
    [1, 40],
    [4, 0],
    [40, 0],
  ] as const) {
    out.push([
      `director digest (${n} companies)`,
      directorDigest({ directorName: NAME, periodLabel: "last 4 weeks", companies: digestCompanies(n, teams) }),
    ]);
  }
  out.push([
    "dead letter alert",
    deadLetterAlert({
      rowId: 1,
      platform: "slack",
      kind: "case_card",
      destination: NAME,
      error: NOTE,
      platformCode: "msg_blocks_too_long",
      attempts: 9,
    }),
  ]);
  out.push(["erased", { text: "x", blocks: [{ type: "context", text: "This message was removed." }] }]);
  return out;
}

function expectWithin(name: string, blocks: unknown, maxBlocks: number = SLACK_LIMITS.messageBlocks) {
  const units = blocksTextLength(blocks);
  expect(units, `${name}: ${units} UTF-16 units of block text`).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
  expect(checkBlocks(blocks, maxBlocks), name).toBeNull();
}

describe("the per-message text budget", () => {
  it("counts as Slack may: UTF-16 code units, so 3,000 emoji are 6,000", () => {
    expect(utf16Length("😡".repeat(3000))).toBe(6000);
    expect(blocksTextLength([{ type: "section", text: { type: "mrkdwn", text: "😡".repeat(3000) } }])).toBe(6000);
  });

  it("keeps every message kind (DMs, digests, coaching, SLA, admin alerts) within it, channel and direct", () => {
    for (const [name, view] of messages()) {
      for (const audience of ["channel", "direct"] as const) {
        const out = renderMessage(view, { audience });
        expectWithin(`${name} (${audience})`, out.blocks);
        expect(Array.from(out.text).length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
      }
      // Teams has its own limit: 28 KB a message, the card kept under 24 KB.
      expect(cardBytes(buildMessageCard(view)), `${name} (Teams)`).toBeLessThanOrEqual(24 * 1024);
    }
  });

  it("summarises the weekly digest that used to reach ~12,800 characters (four companies, long notes)", () => {
    const digest = directorDigest({ directorName: NAME, periodLabel: "last 4 weeks", companies: digestCompanies(4) });
    expect(messageTextLength(digest)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    const all = JSON.stringify(digest);
    expect(all).toContain("and 7 more flagged outer loop");
    const forty = directorDigest({ directorName: NAME, periodLabel: "w", companies: digestCompanies(40) });
    expect(messageTextLength(forty)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    expect(JSON.stringify(forty.blocks.at(-1))).toMatch(/and \d+ more companies: ask \/nps <company>/);
  });

  it("keeps case cards in every state within it", () => {
    const states: Partial<CaseCardView>[] = [
      { status: "open", actions: ["claim", "resolve", "reassign", "note"] },
      { status: "open", overdue: true, dueText: "overdue by 3 days" },
      { status: "claimed", ownerPlatformId: "U1", actions: ["resolve", "unclaim", "reassign", "note", "contacted"] },
      { status: "contacted", actions: ["resolve", "note"] },
      { status: "resolved", outcome: "recovered", rootCause: CAUSES[0]!, outerLoop: true, actions: ["note"] },
      { status: "resolved", outcome: "unreachable", erased: true, comment: null, actions: [] },
      { category: "passive", score: 7 },
      { category: "promoter", score: 9, status: "resolved", actions: [] },
    ];
    for (const [i, s] of states.entries())
      for (const comment of i === 0 ? COMMENTS : COMMENTS.slice(1, 2))
        expectWithin(`case card ${i}`, buildCaseCard(longCase({ ...s, comment })).blocks);
  });

  it("keeps reports, modals and App Home within it", () => {
    for (const over of [{}, { n: 3, enoughData: false, nps: null, marginOfError: null }]) {
      const r = buildReportMessage(longReport(over), {
        share: { kind: "company", slug: SLUG, period: "last-quarter" },
        sharedBy: "U123",
        note: NOTE,
      });
      expectWithin("report", r.blocks);
    }
    const meta = { caseId: 42, channelId: "C1", responseUrl: `https://hooks.slack.com/${"x".repeat(200)}` };
    for (const comment of COMMENTS) {
      const form = { caseId: 42, rootCauses: CAUSES, view: longCase({ comment }) };
      const people = Array.from({ length: 100 }, (_, id) => ({ id, name: NAME }));
      for (const [name, view] of [
        ["resolve modal", buildResolveModal(form, meta)],
        ["reassign modal", buildReassignModal(form, people, meta)],
        ["note modal", buildNoteModal(form, meta)],
        ["coaching done modal", buildCoachingDoneModal({ id: 1, topic: NOTE, staffName: NAME }, meta)],
        ["notice modal", buildNoticeModal("Notice", NOTE)],
      ] as const)
        expectWithin(name, view.blocks, SLACK_LIMITS.surfaceBlocks);
      const home = buildHome({
        name: NAME,
        role: "manager",
        myCases: Array.from({ length: 16 }, () => longCase({ comment })),
        unclaimed: Array.from({ length: 16 }, () => longCase({ comment })),
        reports: Array.from({ length: 16 }, () => longReport()),
        coaching: Array.from({ length: 16 }, (_, id) => ({
          id,
          topic: NOTE,
          withName: NAME,
          dueAt: new Date(),
          canMarkDone: true,
        })),
        channelOfCase: { 42: "C123" },
      });
      expectWithin("App Home", home.blocks, SLACK_LIMITS.surfaceBlocks);
    }
  });
});
