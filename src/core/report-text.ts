// A report as plain text: what `nps-loop nps` prints and the fallback text of the chat reports.
// Honest wording: no score under the minimum sample, the margin of error beside every score, and a
// change called significant only when the test says so. Words from the catalogues, numbers by Intl
// for the report's locale (view.locale, else English).
import { formatDay, formatNumber, type Locale, periodLabel, SOURCE_LOCALE, t } from "./i18n/index.js";
import { localDate } from "./periods.js";
import type { ComparisonRow, ReportView } from "./views.js";

/** Margins wider than this many points get a warning that the score is a rough guide. */
const WIDE_MARGIN = 20;

export function formatReportText(view: ReportView): string {
  const L = view.locale ?? SOURCE_LOCALE;
  const lines: string[] = [];
  const { scope, period } = view;
  const last = new Date(period.to.getTime() - 1);
  const dates = t(L, "text.dates", {
    from: formatDay(L, localDate(period.from, period.timeZone)),
    to: formatDay(L, localDate(last, period.timeZone)),
  });
  // An explicit range's label is its dates (in English): shown once, in the reader's form.
  const sameAsDates = period.label === dates || /^\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/.test(period.label);
  lines.push(
    t(L, "text.title", { name: scope.name, kind: scope.kind, slug: scope.slug }),
    t(L, "text.period", {
      period: sameAsDates ? dates : t(L, "text.periodWithDates", { label: periodLabel(L, period.label), dates }),
      zone: period.timeZone,
    }),
  );
  lines.push(...scoreLines(view, L));
  lines.push(changeLine(view, L));
  lines.push(trendLine(view, L));
  lines.push(caseLine(view, L));
  if (view.topRootCauses.length > 0) {
    const causes = view.topRootCauses.map((c) => `${c.cause} (${c.count})`).join(", ");
    lines.push(t(L, "text.topCauses", { causes }));
  }
  const comparison = comparisonLine(view, L);
  if (comparison) lines.push(comparison);
  return lines.join("\n");
}

function scoreLines(view: ReportView, L: Locale): string[] {
  if (view.n === 0) return [t(L, "report.noResponses")];
  const responses = t(L, "unit.responses", { n: view.n });
  if (!view.enoughData || view.nps === null) return [t(L, "text.tooFew", { responses, min: view.minSample })];
  const moe = view.marginOfError ?? 0;
  const lines = [
    t(L, "text.score", { nps: signed(view.nps, L), moe: num(moe, L), responses }),
    t(L, "text.mix", {
      promoters: pct(view.promotersPct, L),
      passives: pct(view.passivesPct, L),
      detractors: pct(view.detractorsPct, L),
    }),
  ];
  if (moe > WIDE_MARGIN) {
    lines.push(
      t(L, "report.wideMargin", {
        low: signed(Math.max(-100, view.nps - moe), L),
        high: signed(Math.min(100, view.nps + moe), L),
      }),
    );
  }
  return lines;
}

function changeLine(view: ReportView, L: Locale): string {
  const c = view.change;
  if (!c) return t(L, "text.noPrevious");
  const against = c.period?.label ? periodLabel(L, c.period.label) : t(L, "report.previousPeriod");
  if (!view.enoughData) return t(L, "text.changeTooFewNow", { against });
  if (c.previousNps === null || c.delta === null) {
    return c.previousN === 0
      ? t(L, "text.changeNoneThen", { against })
      : t(L, "text.changeFewThen", {
          against,
          responses: t(L, "unit.responses", { n: c.previousN }),
          min: view.minSample,
        });
  }
  return t(L, "text.change", {
    against,
    delta: signed(c.delta, L),
    was: signed(c.previousNps, L),
    n: c.previousN,
    verdict: t(L, c.significant ? "text.significant" : "text.notSignificant"),
  });
}

function trendLine(view: ReportView, L: Locale): string {
  const weeks = view.trend.length;
  if (weeks === 0) return t(L, "text.trendNone");
  const gaps = view.trend.filter((x) => x.nps === null).length;
  if (gaps === weeks) return t(L, "text.trendAllGaps", { spark: view.sparkline, min: view.minSample });
  const legend = gaps > 0 ? t(L, "report.trendGaps", { min: view.minSample }) : "";
  return t(L, "text.trend", { spark: view.sparkline, weeks: t(L, "unit.weeks", { n: weeks }), legend });
}

function caseLine(view: ReportView, L: Locale): string {
  const overdue = view.overdueCases > 0 ? t(L, "text.overdue", { n: view.overdueCases }) : "";
  const parts = [`${t(L, "unit.openCases", { n: view.openCases })}${overdue}`];
  const closed = view.closedCases;
  if (view.slaShare === null) {
    parts.push(t(L, "report.noneClosed"));
  } else {
    const cases = closed === undefined ? t(L, "text.cases") : t(L, "unit.cases", { n: closed });
    parts.push(t(L, "text.closedInSla", { pct: pct(view.slaShare * 100, L), cases }));
  }
  if (view.medianHoursToClose !== null) parts.push(t(L, "text.median", { d: duration(view.medianHoursToClose, L) }));
  return t(L, "text.followUp", { parts: parts.join(" · ") });
}

function comparisonLine(view: ReportView, L: Locale): string | null {
  const c = view.comparison;
  if (!c) return null;
  const side = (which: "programme" | "other", r: ComparisonRow) => {
    if (r.companies === 0) return t(L, "text.noCompanies", { side: which });
    const who = t(L, "text.side", { side: which, companies: t(L, "unit.companies", { n: r.companies }), n: r.n });
    if (r.nps === null) return t(L, "text.sideTooFew", { who });
    return t(L, "text.sideScore", { who, nps: signed(r.nps, L), moe: num(r.marginOfError ?? 0, L) });
  };
  return t(L, "text.area", {
    area: c.area,
    programme: side("programme", c.programme),
    other: side("other", c.nonProgramme),
  });
}

/** One decimal at most, in the locale's digits: "4.2", "4,2". */
export function num(x: number, locale: Locale = SOURCE_LOCALE): string {
  return formatNumber(locale, x);
}

/** With a sign when not zero: "+42.3", "+42,3", "-5", "0". */
export function signed(x: number, locale: Locale = SOURCE_LOCALE): string {
  return formatNumber(locale, x, true);
}

/** A whole percentage: "42%" ("42 %" in Spanish); "n/a" when unknown. */
export function pct(x: number | null, locale: Locale = SOURCE_LOCALE): string {
  if (x === null) return t(locale, "unit.na");
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(Math.round(x) / 100);
}

/** English-only count with a noun, kept for callers not yet translated. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function duration(hours: number, locale: Locale = SOURCE_LOCALE): string {
  return hours < 48
    ? t(locale, "unit.hours", { n: num(hours, locale) })
    : t(locale, "unit.days", { n: num(hours / 24, locale) });
}
