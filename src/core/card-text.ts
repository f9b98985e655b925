// Every word a reader sees on the case card, its forms and the report card, in one place: the
// neutral card builders (core/case-card.ts, core/case-forms.ts, core/report-card.ts) take their
// labels from here, and the Slack and Teams converters only lay them out. Outcomes and root causes
// keep stable ids (stored in the database); only their labels live here, ready to be translated.
import type { CaseOutcome, CaseStatus, NpsCategory } from "./types.js";
import type { CaseActionId } from "./views.js";

/** Outcomes in the order forms offer them. */
export const OUTCOMES: readonly CaseOutcome[] = ["recovered", "not_recovered", "unreachable"];

export const CARD_TEXT = {
  category: {
    detractor: { emoji: "🔴", label: "Detractor" },
    passive: { emoji: "🟡", label: "Passive" },
    promoter: { emoji: "🟢", label: "Promoter" },
  } satisfies Record<NpsCategory, { emoji: string; label: string }>,

  outcome: {
    recovered: { label: "Recovered", hint: "the customer is satisfied now" },
    not_recovered: { label: "Not recovered", hint: "we talked, still unhappy" },
    unreachable: { label: "Could not reach", hint: "no answer by phone or email" },
    /** Set by the system, never offered in the resolve form (see OUTCOMES). */
    score_updated: { label: "Score updated", hint: "the customer raised the score; no follow-up needed" },
  } satisfies Record<CaseOutcome, { label: string; hint: string }>,

  status: {
    open: "open",
    claimed: "claimed",
    contacted: "customer contacted",
    resolved: "resolved",
  } satisfies Record<CaseStatus, string>,

  action: {
    claim: "Claim",
    unclaim: "Unclaim",
    resolve: "Resolve",
    reassign: "Reassign",
    note: "Add note",
    contacted: "Mark contacted",
  } satisfies Record<CaseActionId, string>,

  card: {
    erased: "The customer's personal data was erased; the comment is gone.",
    noComment: "No comment.",
    touchpoint: "Touchpoint",
    staff: "Staff served",
    customer: "Customer",
    received: "Received",
    sla: "SLA",
    owner: "Owner",
    unclaimed: "Unclaimed",
    closed: "Closed",
    overdueMark: "⚠️",
    outcome: "Resolved",
    resolvedMark: "✅",
    rootCause: "Root cause",
    outerLoop: "Outer loop",
    outerLoopValue: "flagged for the company",
    note: "Note",
    /** The resolution of a case closed by itself because the survey tool raised the score. */
    scoreUpdated: (score: number) =>
      `Closed by itself: the customer changed the score to ${score}/10, so no follow-up is needed.`,
    caseNumber: (id: number) => `Case #${id}`,
    notes: (n: number) => `${n} note${n === 1 ? "" : "s"}`,
  },

  fallback: {
    /** "🔴 Detractor 4/10", then " for <team>", ": “<comment>”", and the state. */
    lead: (emoji: string, label: string, score: number) => `${emoji} ${label} ${score}/10`,
    forTeam: " for ",
    resolved: " (resolved)",
    scoreUpdated: " (closed: the customer raised the score)",
    claimedBy: " (claimed by ",
    claimedByEnd: ")",
  },

  resolveForm: {
    title: (id: number) => `Resolve case #${id}`,
    submit: "Resolve",
    outcome: "Outcome",
    outcomeError: "Pick how the follow-up ended.",
    rootCause: "Root cause",
    rootCausePlaceholder: "Pick the main cause",
    rootCauseError: "Pick the main root cause.",
    rootCauseGone: "That root cause is no longer offered; pick one from the list.",
    followUp: "Follow-up",
    outerLoop: "Outer loop: needs a fix beyond this team",
    outerLoopHint: "Flags it for the company (process, pricing, product)",
    /** Followed by the staff member's name. */
    coach: "Plan a coaching session with ",
    coachHint: "For the staff member who served the customer",
    note: "Note",
    notePlaceholder: "What you learned and agreed with the customer",
    noteTooLong: (max: number, got: number) => `Keep the note under ${max} characters (it has ${got}).`,
    /** Answers to a submission that arrives without a field (a stale or hand-made card). */
    missingOutcome: "Pick an outcome (recovered, not recovered, could not reach) to resolve the case.",
    missingRootCause: "Pick a root cause to resolve the case.",
  },

  noteForm: {
    title: (id: number) => `Note on case #${id}`,
    submit: "Add note",
    note: "Note",
    placeholder: "A call, a promise, what the customer said…",
    error: "Write what happened or what was agreed.",
    missing: "Write the note before saving it.",
  },

  reassignForm: {
    title: (id: number) => `Reassign case #${id}`,
    submit: "Reassign",
    newOwner: "New owner",
    hint: "Only this team's managers can own its cases.",
    placeholder: "Pick a manager",
    error: "Pick a manager of this team.",
    missing: "Pick the manager who takes the case over.",
    truncated: (shown: number, total: number) => `Showing the first ${shown} of ${total} managers.`,
  },

  report: {
    title: "📊 NPS · ",
    noteMark: "ℹ️ ",
    kind: { team: "Team", company: "Company", person: "Person" },
    dates: (from: string, to: string, zone: string) => `${from} to ${to} (${zone})`,
    nps: "NPS",
    margin: (moe: string) => `± ${moe} (95% margin)`,
    responses: (n: number) => `n = ${n}`,
    noResponses: "No responses in this period.",
    tooFew: "Too few responses for an NPS:",
    tooFewWhy: (responses: string, min: number) =>
      ` ${responses} in this period, and a score needs at least ${min} to mean anything.`,
    wideMargin: (low: string, high: string) =>
      `The margin is wide: the true score could be anywhere from ${low} to ${high}; more responses would narrow it.`,
    mix: "Promoters · Passives · Detractors",
    change: "Change",
    noPrevious: "no previous period",
    previousPeriod: "the previous period",
    noResponsesIn: "no responses in ",
    notShown: (responses: string) => `not shown: only ${responses} in `,
    /** "+15 vs the previous period (was +20, n = 100); not significant …" */
    versusPeriod: " vs ",
    changeWas: (was: string, n: number) => ` (was ${was}, n = ${n}); `,
    significant: "significant",
    significantAt: " at 95%",
    notSignificant: "not significant (within the noise)",
    trend: "Weekly trend",
    trendWeeks: (weeks: string) => ` (${weeks}, oldest first)`,
    trendGaps: (min: number) => `; · = fewer than ${min} responses that week`,
    followUp: "Follow-up",
    openCases: "Open cases",
    overdue: (n: number) => ` (⚠️ ${n} overdue)`,
    closedInSla: "Closed within SLA",
    noneClosed: "no cases closed in this period",
    ofCases: (cases: string) => ` of ${cases}`,
    median: "Median time to close",
    none: "—",
    topCauses: "Top root causes",
    area: "Area",
    programme: "programme ",
    versus: " vs non-programme ",
    noCompanies: "no companies",
    companies: (companies: string, n: number) => `(${companies}, n = ${n})`,
    tooFewSide: " too few responses",
    sharedBy: "Shared by ",
    sharedWith: " with /nps",
    share: "Share in channel",
  },

  form: {
    cancel: "Cancel",
    close: "Close",
    servedBy: "served by",
    /** Where a form cannot show an option's hint apart (Teams choice titles). */
    withHint: (label: string, hint: string) => `${label}: ${hint}`,
    /** Where a form does not mark optional fields itself (Teams). */
    optional: (label: string) => `${label} (optional)`,
  },
} as const;
