// Every word a reader sees on the case card, its forms and the report card, for one locale: the
// neutral card builders (core/case-card.ts, core/case-forms.ts, core/report-card.ts) take their
// labels from cardText(locale), and the Slack and Teams converters only lay them out. The words
// themselves live in the catalogues (core/i18n/locales/*.json); this file only gives them the shape
// the builders use. Outcomes and root causes keep stable ids (stored in the database); only their
// labels are translated.
import { type Locale, SOURCE_LOCALE, t, tMaybe } from "./i18n/index.js";
import type { CaseOutcome, CaseStatus, NpsCategory } from "./types.js";
import type { CaseActionId } from "./views.js";

/** Outcomes in the order forms offer them. */
export const OUTCOMES: readonly CaseOutcome[] = ["recovered", "not_recovered", "unreachable"];

const EMOJI: Record<NpsCategory, string> = { detractor: "🔴", passive: "🟡", promoter: "🟢" };

function build(L: Locale) {
  const category = (c: NpsCategory) => ({ emoji: EMOJI[c], label: t(L, `category.${c}`) });
  const outcome = (o: CaseOutcome) => ({ label: t(L, `outcome.${o}`), hint: t(L, `outcome.${o}.hint`) });
  const tt = (key: Parameters<typeof t>[1]) => t(L, key);
  return {
    locale: L,
    category: {
      detractor: category("detractor"),
      passive: category("passive"),
      promoter: category("promoter"),
    } satisfies Record<NpsCategory, { emoji: string; label: string }>,

    outcome: {
      recovered: outcome("recovered"),
      not_recovered: outcome("not_recovered"),
      unreachable: outcome("unreachable"),
      /** Set by the system, never offered in the resolve form (see OUTCOMES). */
      score_updated: outcome("score_updated"),
    } satisfies Record<CaseOutcome, { label: string; hint: string }>,

    /** A root cause's label: the catalogue's for the defaults, the id itself for a deployment's own. */
    rootCause: (id: string) => rootCauseLabel(L, id),

    status: {
      open: tt("status.open"),
      claimed: tt("status.claimed"),
      contacted: tt("status.contacted"),
      resolved: tt("status.resolved"),
    } satisfies Record<CaseStatus, string>,

    action: {
      claim: tt("action.claim"),
      unclaim: tt("action.unclaim"),
      resolve: tt("action.resolve"),
      reassign: tt("action.reassign"),
      note: tt("action.note"),
      contacted: tt("action.contacted"),
    } satisfies Record<CaseActionId, string>,

    card: {
      /** The title of Teams' refresh action (its "Refresh card" menu shows the platform's own words). */
      refresh: tt("card.refresh"),
      erased: tt("card.erased"),
      noComment: tt("card.noComment"),
      touchpoint: tt("card.touchpoint"),
      staff: tt("card.staff"),
      customer: tt("card.customer"),
      received: tt("card.received"),
      sla: tt("card.sla"),
      owner: tt("card.owner"),
      unclaimed: tt("card.unclaimed"),
      closed: tt("card.closed"),
      overdueMark: "⚠️",
      outcome: tt("card.outcome"),
      resolvedMark: "✅",
      rootCause: tt("card.rootCause"),
      outerLoop: tt("card.outerLoop"),
      outerLoopValue: tt("card.outerLoopValue"),
      note: tt("card.note"),
      /** The resolution of a case closed by itself because the survey tool raised the score. */
      scoreUpdated: (score: number) => t(L, "card.scoreUpdated", { score }),
      caseNumber: (id: number) => t(L, "card.caseNumber", { id }),
      notes: (n: number) => t(L, "card.notes", { n }),
    },

    fallback: {
      /** "🔴 Detractor 4/10", then " for <team>", ": “<comment>”", and the state. */
      lead: (emoji: string, label: string, score: number) => `${emoji} ${label} ${score}/10`,
      forTeam: tt("fallback.forTeam"),
      resolved: tt("fallback.resolved"),
      scoreUpdated: tt("fallback.scoreUpdated"),
      claimedBy: tt("fallback.claimedBy"),
      claimedByEnd: tt("fallback.claimedByEnd"),
    },

    resolveForm: {
      title: (id: number) => t(L, "resolveForm.title", { id }),
      submit: tt("resolveForm.submit"),
      outcome: tt("resolveForm.outcome"),
      outcomeError: tt("resolveForm.outcomeError"),
      rootCause: tt("resolveForm.rootCause"),
      rootCausePlaceholder: tt("resolveForm.rootCausePlaceholder"),
      rootCauseError: tt("resolveForm.rootCauseError"),
      rootCauseGone: tt("resolveForm.rootCauseGone"),
      followUp: tt("resolveForm.followUp"),
      outerLoop: tt("resolveForm.outerLoop"),
      outerLoopHint: tt("resolveForm.outerLoopHint"),
      /** Followed by the staff member's name. */
      coach: tt("resolveForm.coach"),
      coachHint: tt("resolveForm.coachHint"),
      note: tt("resolveForm.note"),
      notePlaceholder: tt("resolveForm.notePlaceholder"),
      noteTooLong: (max: number, got: number) => t(L, "resolveForm.noteTooLong", { max, got }),
    },

    noteForm: {
      title: (id: number) => t(L, "noteForm.title", { id }),
      submit: tt("noteForm.submit"),
      note: tt("noteForm.note"),
      placeholder: tt("noteForm.placeholder"),
      error: tt("noteForm.error"),
    },

    reassignForm: {
      title: (id: number) => t(L, "reassignForm.title", { id }),
      submit: tt("reassignForm.submit"),
      newOwner: tt("reassignForm.newOwner"),
      hint: tt("reassignForm.hint"),
      placeholder: tt("reassignForm.placeholder"),
      error: tt("reassignForm.error"),
      missing: tt("reassignForm.missing"),
      truncated: (shown: number, total: number) => t(L, "reassignForm.truncated", { shown, total }),
    },

    report: reportText(L),

    form: {
      cancel: tt("form.cancel"),
      close: tt("form.close"),
      servedBy: tt("form.servedBy"),
      /** Where a form cannot show an option's hint apart (Teams choice titles). */
      withHint: (label: string, hint: string) => t(L, "form.withHint", { label, hint }),
      /** Where a form does not mark optional fields itself (Teams). */
      optional: (label: string) => t(L, "form.optional", { label }),
    },
  };
}

function reportText(L: Locale) {
  const tt = (key: Parameters<typeof t>[1]) => t(L, key);
  return {
    title: tt("report.title"),
    noteMark: "ℹ️ ",
    kind: { team: tt("report.kind.team"), company: tt("report.kind.company"), person: tt("report.kind.person") },
    dates: (from: string, to: string, zone: string) => t(L, "report.dates", { from, to, zone }),
    nps: tt("report.nps"),
    margin: (moe: string) => t(L, "report.margin", { moe }),
    responses: (n: number) => t(L, "report.responses", { n }),
    noResponses: tt("report.noResponses"),
    tooFew: tt("report.tooFew"),
    tooFewWhy: (responses: string, min: number) => t(L, "report.tooFewWhy", { responses, min }),
    wideMargin: (low: string, high: string) => t(L, "report.wideMargin", { low, high }),
    mix: tt("report.mix"),
    change: tt("report.change"),
    noPrevious: tt("report.noPrevious"),
    previousPeriod: tt("report.previousPeriod"),
    noResponsesIn: tt("report.noResponsesIn"),
    notShown: (responses: string) => t(L, "report.notShown", { responses }),
    /** "+15 vs the previous period (was +20, n = 100); not significant …" */
    versusPeriod: tt("report.versusPeriod"),
    changeWas: (was: string, n: number) => t(L, "report.changeWas", { was, n }),
    significant: tt("report.significant"),
    significantAt: tt("report.significantAt"),
    notSignificant: tt("report.notSignificant"),
    trend: tt("report.trend"),
    trendWeeks: (weeks: string) => t(L, "report.trendWeeks", { weeks }),
    trendGaps: (min: number) => t(L, "report.trendGaps", { min }),
    followUp: tt("report.followUp"),
    openCases: tt("report.openCases"),
    overdue: (n: number) => t(L, "report.overdue", { n }),
    closedInSla: tt("report.closedInSla"),
    noneClosed: tt("report.noneClosed"),
    ofCases: (cases: string) => t(L, "report.ofCases", { cases }),
    median: tt("report.median"),
    none: "—",
    topCauses: tt("report.topCauses"),
    area: tt("report.area"),
    programme: tt("report.programme"),
    versus: tt("report.versus"),
    noCompanies: tt("report.noCompanies"),
    companies: (companies: string, n: number) => t(L, "report.companies", { companies, n }),
    tooFewSide: tt("report.tooFewSide"),
    sharedBy: tt("report.sharedBy"),
    sharedWith: tt("report.sharedWith"),
    share: tt("report.share"),
  };
}

/** Normalised as the coaching rules compare causes: "Unexpected_Budget" -> "unexpected budget". */
export function rootCauseKey(id: string): string {
  return id.trim().toLowerCase().replace(/[_-]+/g, " ").replace(/\s+/g, " ");
}

/**
 * A root cause's label in a locale. Per deployment, ROOT_CAUSE_LABELS-style overrides can be passed
 * as `overrides` (id -> label); otherwise the catalogue's `rootCause.<id>`, else the id as written.
 */
export function rootCauseLabel(locale: Locale, id: string, overrides?: Record<string, string>): string {
  return overrides?.[id] ?? tMaybe(locale, `rootCause.${rootCauseKey(id)}`) ?? id;
}

export type CardText = ReturnType<typeof build>;

const built = new Map<Locale, CardText>();

/** The card words of one locale (built once per locale). */
export function cardText(locale: Locale = SOURCE_LOCALE): CardText {
  let c = built.get(locale);
  if (!c) {
    c = build(locale);
    built.set(locale, c);
  }
  return c;
}

/** The source locale's words, for code that has no reader yet (logs' neighbours, tests). */
export const CARD_TEXT = cardText(SOURCE_LOCALE);
