// The one set of view-model fixtures for the card, message and report tests of both platforms: a
// fresh detractor case (on the org that test/support/org.ts seeds as seedBasicOrg), a claimed and a
// resolved one, reports and messages. Tests that assert other details pass them as overrides.
import type { CaseCardView, MessageView, ReportView } from "../../src/core/views.js";

export function caseView(overrides: Partial<CaseCardView> = {}): CaseCardView {
  return {
    caseId: 42,
    status: "open",
    score: 3,
    category: "detractor",
    comment: "The technician arrived late and the bill was unexpected. Call me: +34 600 123 456",
    touchpoint: "maintenance visit",
    staffName: "Dee Technician",
    customerLabel: "CUST-42 · J. C. · j***@e***.org",
    teamName: "North Maintenance",
    companyName: "Acme Services",
    respondedAt: new Date("2026-11-20T10:00:00Z"),
    ageText: "2 h ago",
    dueAt: new Date("2026-11-22T10:00:00Z"),
    dueText: "due in 46 h",
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
    rootCauses: ["unexpected budget", "punctuality", "technician treatment", "other"],
    ...overrides,
  };
}

export const claimedView = () =>
  caseView({ status: "claimed", ownerName: "Ana Manager", actions: ["resolve", "unclaim", "reassign", "note"] });

export const resolvedView = () =>
  caseView({
    status: "resolved",
    ownerName: "Ana Manager",
    outcome: "recovered",
    rootCause: "punctuality",
    outerLoop: true,
    note: "Apologised and refunded the call-out fee.",
    noteCount: 2,
    dueText: "closed",
    actions: ["note"],
  });

export function reportView(overrides: Partial<ReportView> = {}): ReportView {
  return {
    scope: { kind: "team", slug: "team-north", name: "North Maintenance" },
    period: {
      label: "last 30 days",
      from: new Date("2026-10-22T00:00:00Z"),
      to: new Date("2026-11-20T12:00:00Z"),
      timeZone: "Europe/Madrid",
    },
    n: 120,
    enoughData: true,
    minSample: 10,
    nps: 23.3,
    promotersPct: 45,
    passivesPct: 33.3,
    detractorsPct: 21.7,
    marginOfError: 13.6,
    change: { previousNps: 15, previousN: 98, delta: 8.3, significant: false },
    trend: [
      { weekStart: new Date("2026-10-26T00:00:00Z"), n: 30, nps: 20 },
      { weekStart: new Date("2026-11-02T00:00:00Z"), n: 28, nps: 25 },
    ],
    sparkline: "▃▅",
    openCases: 4,
    overdueCases: 1,
    slaShare: 0.85,
    medianHoursToClose: 20.5,
    topRootCauses: [
      { cause: "punctuality", count: 5 },
      { cause: "unexpected budget", count: 3 },
    ],
    comparison: {
      area: "north",
      programme: { companies: 3, n: 300, nps: 21, marginOfError: 8 },
      nonProgramme: { companies: 2, n: 150, nps: 5, marginOfError: 12 },
    },
    ...overrides,
  };
}

export function everyBlockMessage(): MessageView {
  return {
    text: "Your week in NPS: +30 (n = 14)",
    blocks: [
      { type: "header", text: "Your week in NPS" },
      { type: "text", text: "Customers gave you **+30** this month (n = 14). Thank you!" },
      { type: "divider" },
      {
        type: "fields",
        fields: [
          { label: "NPS", value: "+30 ± 20" },
          { label: "Trend", value: "▃▅▇" },
        ],
      },
      { type: "quote", text: "Dee was kind and quick <@channel> https://evil.example.com", attribution: "A customer" },
      { type: "context", text: "You can turn these reminders off with “reminders off”." },
      { type: "actions", actions: [{ id: "open_report", label: "Open report", value: "team-north" }] },
      { type: "text", text: "One thing to work on: punctuality." },
      {
        type: "actions",
        actions: [{ id: "coaching_done", label: "Mark done", value: "17", style: "primary" }],
      },
    ],
  };
}

export function messageView(over: Partial<MessageView> = {}): MessageView {
  return {
    text: "Your weekly NPS",
    blocks: [
      { type: "header", text: "Your week" },
      { type: "text", text: "NPS 40 over 12 answers." },
    ],
    ...over,
  };
}

/** Hostile customer text: a broadcast, a user mention, markup, RTL override and zero-width chars. */
export const HOSTILE_COMMENT =
  "<!channel> <@U123> *urgent* call me at +34 612 345 678 or bob@evil.com <https://evil.example|click>" +
  " \u202Eevil\u202C \u200Bhidden\u200F\u200E @here _x_ ~y~ `z`";

export const HUGE_COMMENT = "Awful service. ".repeat(2700).slice(0, 40_000);

/** The Madrid North sample the Slack view tests assert on: pass it (and more) as overrides. */
export const MADRID_NORTH_CASE: Partial<CaseCardView> = {
  comment: "The technician arrived two hours late.",
  touchpoint: "boiler repair",
  staffName: "Luis Pérez",
  customerLabel: "C-1001 · M. G. · m***@e***.com",
  teamName: "Madrid North",
  respondedAt: new Date("2026-03-02T08:00:00Z"),
  ageText: "3 h ago",
  dueAt: new Date("2026-03-04T08:00:00Z"),
  dueText: "due in 45 h",
  rootCauses: ["punctuality", "price", "other"],
};

export const MADRID_NORTH_REPORT: Partial<ReportView> = {
  scope: { kind: "team", slug: "madrid-north", name: "Madrid North" },
  period: {
    label: "last 30 days",
    from: new Date("2026-02-01T00:00:00Z"),
    to: new Date("2026-03-03T00:00:00Z"),
    timeZone: "Europe/Madrid",
  },
  nps: 35,
  promotersPct: 55,
  passivesPct: 25,
  detractorsPct: 20,
  marginOfError: 14.2,
  change: { previousNps: 20, previousN: 100, delta: 15, significant: false },
  trend: [],
  sparkline: "▁▃▅▇",
  slaShare: 0.8,
  medianHoursToClose: 20,
  topRootCauses: [
    { cause: "punctuality", count: 5 },
    { cause: "price", count: 2 },
  ],
  comparison: null,
};

/** The shared builders with the Madrid North sample as defaults (the Slack view tests' sample). */
export const madridNorth = {
  caseView: (over: Partial<CaseCardView> = {}) => caseView({ ...MADRID_NORTH_CASE, ...over }),
  reportView: (over: Partial<ReportView> = {}) => reportView({ ...MADRID_NORTH_REPORT, ...over }),
};
