// The report card's whole content, decided once (pure): title, scope and period, the score once with
// its margin and n, the facts, and the text form for notifications. src/slack/views/report.ts and
// src/teams/cards/report-card.ts only convert it. Honest numbers: no score under the minimum
// sample, the margin beside the score, a change called significant only when the test says so.
import type { CardFact, CardLine, OutsidePart } from "./card-parts.js";
import { cardText } from "./card-text.js";
import { type Locale, periodLabel, SOURCE_LOCALE, t } from "./i18n/index.js";
import { localDate } from "./periods.js";
import { duration, formatReportText, num, pct, signed } from "./report-text.js";
import type { ComparisonRow, ReportView } from "./views.js";

/** Margins wider than this many points get a warning that the score is a rough guide. */
const WIDE_MARGIN = 20;

export interface ReportHeadline {
  label: string;
  /** "+35": the score, shown once. */
  figure: string;
  /** "± 14.2 (95% margin) · n = 120". */
  detail: string;
  tone: "good" | "neutral" | "bad";
}

export interface ReportCard {
  /** The language its words are in. */
  locale?: Locale;
  title: CardLine;
  /** "Team `slug` · last 30 days · 1 Feb 2026 to 2 Mar 2026 (Europe/Madrid)". */
  scope: CardLine;
  /** A note above the numbers (e.g. "x is both a team and a company"); our own service's wording. */
  note: CardLine | null;
  /** The score with its margin and n; null under the minimum sample (then `absent` says why). */
  headline: ReportHeadline | null;
  absent: CardLine | null;
  /** Said under a score whose margin is wide. */
  warning: string | null;
  /** Response mix, change, trend, area comparison. */
  facts: CardFact[];
  /** Open cases, closed within SLA, median time to close, root causes. */
  followUp: { label: string; facts: CardFact[] };
  /** The whole report as text: notification fallback, screen readers, the CLI. */
  fallback: string;
}

export interface ReportCardOptions {
  note?: string | null;
  /** Facts added after the report's own (e.g. a person's coaching effect in a manager's view). */
  extraFacts?: CardFact[];
}

const outside = (text: string, max = 100): OutsidePart => ({ outside: text, mask: false, max });

export function buildReportCardContent(view: ReportView, opts: ReportCardOptions = {}): ReportCard {
  const L = view.locale ?? SOURCE_LOCALE;
  const R = cardText(L).report;
  const { scope, period } = view;
  const last = new Date(period.to.getTime() - 1);
  const enough = view.n > 0 && view.enoughData && view.nps !== null;

  let headline: ReportHeadline | null = null;
  let absent: CardLine | null = null;
  let warning: string | null = null;
  const facts: CardFact[] = [];
  if (view.n === 0) {
    absent = [{ strong: R.noResponses }];
  } else if (!enough) {
    absent = [{ strong: R.tooFew }, R.tooFewWhy(t(L, "unit.responses", { n: view.n }), view.minSample)];
  } else {
    const nps = view.nps!;
    const moe = view.marginOfError ?? 0;
    headline = {
      label: R.nps,
      figure: signed(nps, L),
      detail: `${R.margin(num(moe, L))} · ${R.responses(view.n)}`,
      tone: nps >= 30 ? "good" : nps < 0 ? "bad" : "neutral",
    };
    if (moe > WIDE_MARGIN) {
      warning = R.wideMargin(signed(Math.max(-100, nps - moe), L), signed(Math.min(100, nps + moe), L));
    }
    facts.push(
      {
        label: R.mix,
        value: [`${pct(view.promotersPct, L)} · ${pct(view.passivesPct, L)} · ${pct(view.detractorsPct, L)}`],
      },
      { label: R.change, value: changeLine(view, L) },
    );
  }

  if (view.trend.length > 0) {
    const gaps = view.trend.some((t) => t.nps === null);
    facts.push({
      label: R.trend,
      value: [
        outside(view.sparkline, 200),
        R.trendWeeks(t(L, "unit.weeks", { n: view.trend.length })),
        ...(gaps ? [R.trendGaps(view.minSample)] : []),
      ],
    });
  }
  if (view.comparison) {
    const c = view.comparison;
    facts.push({
      label: R.area,
      value: ["“", outside(c.area), "”: ", R.programme, ...side(c.programme, L), R.versus, ...side(c.nonProgramme, L)],
    });
  }

  facts.push(...(opts.extraFacts ?? []));

  const closed = view.closedCases;
  const followUp: CardFact[] = [
    { label: R.openCases, value: [`${view.openCases}${view.overdueCases ? R.overdue(view.overdueCases) : ""}`] },
    {
      label: R.closedInSla,
      value: [
        view.slaShare === null
          ? R.noneClosed
          : `${pct(view.slaShare * 100, L)}${closed === undefined ? "" : R.ofCases(t(L, "unit.cases", { n: closed }))}`,
      ],
    },
    { label: R.median, value: [view.medianHoursToClose === null ? R.none : duration(view.medianHoursToClose, L)] },
    {
      label: R.topCauses,
      value: view.topRootCauses.length
        ? view.topRootCauses.flatMap((c, i) => [...(i ? [", "] : []), outside(c.cause), ` (${c.count})`])
        : [R.none],
    },
  ];

  return {
    locale: L,
    title: [R.title, outside(scope.name, 120)],
    scope: [
      `${R.kind[scope.kind]} `,
      outside(scope.slug),
      " · ",
      outside(periodLabel(L, period.label)),
      " · ",
      R.dates(localDate(period.from, period.timeZone), localDate(last, period.timeZone), period.timeZone),
    ],
    note: opts.note ? [R.noteMark, outside(opts.note, 500)] : null,
    headline,
    absent,
    warning,
    facts,
    followUp: { label: R.followUp, facts: followUp },
    fallback: formatReportText(view),
  };
}

function changeLine(view: ReportView, L: Locale): CardLine {
  const R = cardText(L).report;
  const c = view.change;
  if (!c) return [R.noPrevious];
  const against: CardLine = [c.period?.label ? outside(periodLabel(L, c.period.label)) : R.previousPeriod];
  if (c.previousNps === null || c.delta === null) {
    return c.previousN === 0
      ? [R.noResponsesIn, ...against]
      : [R.notShown(t(L, "unit.responses", { n: c.previousN })), ...against];
  }
  const verdict: CardLine = c.significant ? [{ strong: R.significant }, R.significantAt] : [R.notSignificant];
  return [
    signed(c.delta, L),
    R.versusPeriod,
    ...against,
    R.changeWas(signed(c.previousNps, L), c.previousN),
    ...verdict,
  ];
}

function side(r: ComparisonRow, L: Locale): CardLine {
  const R = cardText(L).report;
  if (r.companies === 0) return [R.noCompanies];
  const who = R.companies(t(L, "unit.companies", { n: r.companies }), r.n);
  return r.nps === null ? [who, R.tooFewSide] : [`${signed(r.nps, L)} ± ${num(r.marginOfError ?? 0, L)} ${who}`];
}
