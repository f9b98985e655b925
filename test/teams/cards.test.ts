// Every card the Teams bot can send parses without errors or warnings with Microsoft's adaptivecards
// library at version 1.5, loses nothing on a round trip, and stays under Teams' 28 KB message limit
// even with a 40,000-character comment.
import { describe, expect, it } from "vitest";
import type { MessageView } from "../../src/core/views.js";
import { buildCaseCard, localDateTime } from "../../src/teams/cards/case-card.js";
import { type AdaptiveCard, TEAMS_MESSAGE_LIMIT_BYTES } from "../../src/teams/cards/common.js";
import { buildMessageCard } from "../../src/teams/cards/message-card.js";
import { buildReportCard } from "../../src/teams/cards/report-card.js";
import { buildNoteForm, buildReassignForm, buildResolveForm } from "../../src/teams/cards/resolve-form.js";
import { helpMessage } from "../../src/teams/handlers/installation.js";
import { cardActivity } from "../../src/teams/sender.js";
import { caseView, claimedView, everyBlockMessage, reportView, resolvedView } from "../support/views.js";
import { checkAdaptiveCard, utf8Bytes } from "./adaptive.js";

const candidates = [
  { personId: 1, name: "Ana Manager" },
  { personId: 2, name: "Bo Manager" },
];

const HUGE = "😡 Terrible! ".repeat(4000).slice(0, 40_000);
const NASTY = `**bold** _it_ [x](https://evil.example.com) <at>Ana</at> @channel ${"\\`|#>-".repeat(5000)}`.slice(
  0,
  40_000,
);

const cases: [string, AdaptiveCard][] = [
  ["open case", buildCaseCard(caseView(), { reassignCandidates: candidates })],
  ["open case without reassign candidates", buildCaseCard(caseView())],
  ["claimed case", buildCaseCard(claimedView(), { reassignCandidates: candidates })],
  [
    "overdue contacted case",
    buildCaseCard(caseView({ status: "contacted", overdue: true, dueText: "overdue by 3 h" })),
  ],
  ["resolved case", buildCaseCard(resolvedView())],
  ["reopened case", buildCaseCard(caseView({ noteCount: 1 }), { reassignCandidates: candidates })],
  ["erased case", buildCaseCard(caseView({ erased: true, comment: null, customerLabel: "(personal data erased)" }))],
  ["case without comment", buildCaseCard(caseView({ comment: null, staffName: null, touchpoint: null }))],
  ["passive and promoter", buildCaseCard(caseView({ score: 8, category: "passive" }))],
  ["case with notice", buildCaseCard(caseView(), { notice: "Someone else claimed it first." })],
  ["40,000-char emoji comment", buildCaseCard(caseView({ comment: HUGE }), { reassignCandidates: candidates })],
  [
    "40,000-char markup comment",
    buildCaseCard(
      caseView({ comment: NASTY, note: NASTY, status: "resolved", outcome: "not_recovered", actions: ["note"] }),
    ),
  ],
  ["resolve form", buildResolveForm(caseView())],
  ["note form", buildNoteForm(caseView())],
  ["reassign form", buildReassignForm(caseView(), candidates)],
  ["report", buildReportCard(reportView(), { note: "“north” is both a team and a company; this is the team." })],
  [
    "report with too few responses",
    buildReportCard(reportView({ n: 4, enoughData: false, nps: null, marginOfError: null })),
  ],
  [
    "report with no responses",
    buildReportCard(
      reportView({
        n: 0,
        enoughData: false,
        nps: null,
        change: null,
        trend: [],
        comparison: null,
        slaShare: null,
        medianHoursToClose: null,
        topRootCauses: [],
      }),
    ),
  ],
  ["negative report", buildReportCard(reportView({ nps: -12.5, marginOfError: 25 }))],
  [
    "report with a significant change against a named period",
    buildReportCard(
      reportView({
        change: {
          previousNps: 2,
          previousN: 90,
          delta: 21.3,
          significant: true,
          period: { label: "October", from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-11-01T00:00:00Z") },
        },
      }),
    ),
  ],
  ["message with every block", buildMessageCard(everyBlockMessage())],
  ["owner DM with contacts", buildMessageCard({ ...everyBlockMessage(), personalContact: true })],
  ["help", buildMessageCard(helpMessage())],
  ["text-only message", buildMessageCard({ text: "Case #4 is overdue", blocks: [] })],
  [
    "huge message",
    buildMessageCard({
      text: HUGE,
      blocks: [
        { type: "text", text: HUGE },
        { type: "quote", text: NASTY },
      ],
    }),
  ],
];

describe("Adaptive Card 1.5 builders", () => {
  it.each(cases)("%s parses cleanly with adaptivecards 1.5 and survives a round trip", (_name, card) => {
    expect(card.version).toBe("1.5");
    expect(checkAdaptiveCard(card)).toEqual({ parse: [], validation: [], lostOnRoundTrip: [] });
  });

  it.each(cases)("%s fits in a Teams message (28 KB)", (_name, card) => {
    expect(utf8Bytes(cardActivity(card))).toBeLessThan(TEAMS_MESSAGE_LIMIT_BYTES);
  });

  it("the checker really catches mistakes", () => {
    const bad = {
      type: "AdaptiveCard",
      version: "1.5",
      body: [
        { type: "Fancy" },
        { type: "Input.Text", id: "a" },
        { type: "Input.Text", id: "a" },
        { type: "TextBlock", text: "x" },
      ],
    };
    const problems = checkAdaptiveCard(bad);
    expect(problems.parse.join()).toContain("Unknown element type");
    expect(problems.validation.join()).toContain("Duplicate Id");
    const misspelt = { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x", colour: "red" }] };
    expect(checkAdaptiveCard(misspelt).lostOnRoundTrip).toEqual([".body[0].colour"]);
  });
});

describe("case card content", () => {
  const textOf = (card: AdaptiveCard) => JSON.stringify(card);

  it("caps a 40,000-character comment with an honest marker and keeps the card small", () => {
    const card = buildCaseCard(caseView({ comment: HUGE }));
    expect(textOf(card)).toMatch(/more characters\)/);
    expect(utf8Bytes(card)).toBeLessThan(16 * 1024);
  });

  it("masks contacts and neutralises links and mentions in the comment", () => {
    const t = textOf(
      buildCaseCard(caseView({ comment: "Mail a@b.com or +34 600 123 456, see https://x.example.com @channel" })),
    );
    expect(t).not.toContain("a@b.com");
    expect(t).not.toContain("600 123 456");
    expect(t).not.toContain("https://x.example.com");
    expect(t).not.toContain("@channel");
  });

  it("keeps customer words literal (TextRun), so markdown in a comment does nothing", () => {
    const card = buildCaseCard(caseView({ comment: "**not bold** [click](https://evil.example.com)" }));
    const runs = JSON.stringify(card.body).match(/"type":"TextRun","text":"([^"]*)"/);
    expect(runs?.[1]).toContain("**not bold**");
  });

  it("shows the buttons of the state: Claim/Resolve/Reassign/Add note when open, only Add note when resolved", () => {
    const titles = (card: AdaptiveCard) => (card.actions ?? []).map((a) => a.title);
    expect(titles(buildCaseCard(caseView(), { reassignCandidates: candidates }))).toEqual([
      "Claim",
      "Resolve",
      "Reassign",
      "Add note",
    ]);
    expect(titles(buildCaseCard(claimedView(), { reassignCandidates: candidates }))).toEqual([
      "Resolve",
      "Unclaim",
      "Reassign",
      "Add note",
    ]);
    expect(titles(buildCaseCard(resolvedView()))).toEqual(["Add note"]);
  });

  it("offers the current owner no reassign to themselves", () => {
    const card = buildCaseCard(claimedView(), { reassignCandidates: candidates });
    const reassign = (card.actions ?? []).find((a) => a.title === "Reassign") as {
      card: { body: { choices: unknown[] }[] };
    };
    expect(reassign.card.body[0]!.choices).toEqual([{ title: "Bo Manager", value: "2" }]);
  });

  it("renders due and received times in the reader's zone with Adaptive Cards' DATE/TIME", () => {
    expect(localDateTime(new Date("2026-11-22T10:00:00.000Z"))).toBe(
      "{{DATE(2026-11-22T10:00:00Z, SHORT)}} {{TIME(2026-11-22T10:00:00Z)}}",
    );
    expect(textOf(buildCaseCard(caseView()))).toContain("{{DATE(2026-11-22T10:00:00Z, SHORT)}}");
  });

  it("lays the resolution out as a FactSet, never one run-together line (issue 15)", () => {
    const card = buildCaseCard(resolvedView());
    const sets = card.body.filter((e) => e.type === "FactSet");
    expect(sets[1]).toEqual({
      type: "FactSet",
      separator: true,
      facts: [
        { title: "Resolved", value: "✅ Recovered" },
        { title: "Root cause", value: "punctuality" },
        { title: "Outer loop", value: "flagged for the company" },
      ],
    });
    expect(JSON.stringify(card)).not.toMatch(/Recovered\s+\**Root cause/);
  });

  it("the resolve form asks for outcome, root cause, outer loop, note and coaching", () => {
    const form = buildResolveForm(caseView());
    const ids = form.body.map((e) => e.id).filter(Boolean);
    expect(ids).toEqual(["outcome", "rootCause", "outerLoop", "resolveNote", "coachStaff"]);
    const noStaff = buildResolveForm(caseView({ staffName: null }));
    expect(noStaff.body.map((e) => e.id)).not.toContain("coachStaff");
  });
});

describe("message cards", () => {
  const msg = (m: Partial<MessageView> = {}): MessageView => ({ ...everyBlockMessage(), ...m });

  it("masks contacts except in the owner's personal-contact DM", () => {
    const quote: MessageView = {
      text: "x",
      blocks: [{ type: "fields", fields: [{ label: "Phone", value: "+34 600 123 456" }] }],
    };
    expect(JSON.stringify(buildMessageCard(quote))).not.toContain("600 123 456");
    expect(JSON.stringify(buildMessageCard({ ...quote, personalContact: true }))).toContain("600 123 456");
  });

  it("turns the last actions block into card buttons and coaching_done into a form with notes", () => {
    const card = buildMessageCard(msg());
    const done = (card.actions ?? [])[0] as { type: string; card: { actions: { verb: string; data: object }[] } };
    expect(done.type).toBe("Action.ShowCard");
    expect(done.card.actions[0]!.verb).toBe("coaching_done");
    expect(done.card.actions[0]!.data).toMatchObject({ actionId: "coaching_done", value: "17" });
    const mid = card.body.find((e) => e.type === "ActionSet") as { actions: { verb: string }[] };
    expect(mid.actions[0]!.verb).toBe("open_report");
  });

  it("falls back to the text when there are no blocks", () => {
    expect(JSON.stringify(buildMessageCard({ text: "Hello **there**", blocks: [] }))).toMatch(/Hello ∗∗there∗∗/);
  });
});

describe("report card", () => {
  it("carries the same lines as the text report (score, margin, change, trend, cases, causes, comparison)", () => {
    const t = JSON.stringify(buildReportCard(reportView()));
    for (const fact of ["23", "13", "120", "Follow-up", "punctuality", "programme", "▃▅"]) expect(t).toContain(fact);
  });

  it("shows the figure once, with its margin and n in the main line (issue 15)", () => {
    const card = buildReportCard(reportView({ nps: 47.7, marginOfError: 13.7, n: 128 }));
    const body = JSON.stringify(card.body);
    expect(body.match(/47\.7/g)).toHaveLength(1);
    expect(body).toContain('"text":"+47.7"');
    expect(body).toContain("NPS ± 13.7 (95% margin) · n = 128");
    expect(body).not.toContain("from 128 responses");
    // The text form stays the notification fallback.
    expect(card.fallbackText).toContain("NPS +47.7 ± 13.7 (95% margin of error) from 128 responses");
  });

  it("shows no score under the minimum sample", () => {
    const t = JSON.stringify(buildReportCard(reportView({ n: 4, enoughData: false, nps: null, marginOfError: null })));
    expect(t).toContain("Too few responses");
    expect(t).not.toContain("ExtraLarge");
  });
});
