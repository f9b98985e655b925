// Sample view models for the Block Kit builder and sender tests.
import type { CaseCardView, MessageView, ReportView } from "../../src/core/views.js";

export function caseView(over: Partial<CaseCardView> = {}): CaseCardView {
  return {
    caseId: 42,
    status: "open",
    score: 3,
    category: "detractor",
    comment: "The technician arrived two hours late.",
    touchpoint: "boiler repair",
    staffName: "Luis Pérez",
    customerLabel: "C-1001 · M. G. · m***@e***.com",
    teamName: "Madrid North",
    companyName: "Acme Services",
    respondedAt: new Date("2026-03-02T08:00:00Z"),
    ageText: "3 h ago",
    dueAt: new Date("2026-03-04T08:00:00Z"),
    dueText: "due in 45 h",
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
    rootCauses: ["punctuality", "price", "other"],
    ...over,
  };
}

export function reportView(over: Partial<ReportView> = {}): ReportView {
  return {
    scope: { kind: "team", slug: "madrid-north", name: "Madrid North" },
    period: {
      label: "last 30 days",
      from: new Date("2026-02-01T00:00:00Z"),
      to: new Date("2026-03-03T00:00:00Z"),
      timeZone: "Europe/Madrid",
    },
    n: 120,
    enoughData: true,
    minSample: 10,
    nps: 35,
    promotersPct: 55,
    passivesPct: 25,
    detractorsPct: 20,
    marginOfError: 14.2,
    change: { previousNps: 20, previousN: 100, delta: 15, significant: false },
    trend: [],
    sparkline: "▁▃▅▇",
    openCases: 4,
    overdueCases: 1,
    slaShare: 0.8,
    medianHoursToClose: 20,
    topRootCauses: [
      { cause: "punctuality", count: 5 },
      { cause: "price", count: 2 },
    ],
    comparison: null,
    ...over,
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
