// Every word a chart shows (titles, axis and legend labels, alt text), from the catalogues
// (chart.*) in the reader's locale; a tag we have no catalogue for reads English. Numbers and dates
// arrive formatted by the caller (Intl, the chart's own locale).
import { type Locale, resolveLocale, t } from "../i18n/index.js";

/** The catalogue locale for a chart's locale tag ("es-ES" -> es, "zh-HK" -> zh-Hant-HK). */
function catalogue(locale: string): Locale {
  return resolveLocale([locale]);
}

const WORDS = {
  npsAxis: "chart.npsAxis",
  weekAxis: "chart.weekAxis",
  casesAxis: "chart.casesAxis",
  band: "chart.band",
  programme: "chart.programme",
  comparison: "chart.comparison",
  programmeStart: "chart.programmeStart",
  otherCauses: "chart.otherCauses",
  noCause: "chart.noCause",
} as const;

export type ChartWord = keyof typeof WORDS;

export function chartWord(locale: string, word: ChartWord): string {
  return t(catalogue(locale), WORDS[word]);
}

export function trendTitle(locale: string, scopeName: string): string {
  return t(catalogue(locale), "chart.trendTitle", { name: scopeName });
}

export function programmeTitle(locale: string, area: string): string {
  return t(catalogue(locale), "chart.programmeTitle", { area });
}

export function rootCauseTitle(locale: string, scopeName: string): string {
  return t(catalogue(locale), "chart.rootCauseTitle", { name: scopeName });
}

/** The subtitle: the weeks shown, and what a gap means. */
export function chartSubtitle(locale: string, firstWeek: string, lastWeek: string, minSample?: number): string {
  const v = { first: firstWeek, last: lastWeek };
  return minSample === undefined
    ? t(catalogue(locale), "chart.subtitle", v)
    : t(catalogue(locale), "chart.subtitleGaps", { ...v, min: minSample });
}

export interface TrendAltFacts {
  scopeName: string;
  weeks: number;
  firstWeek: string;
  lastWeek: string;
  /** Formatted scores, null when no week has enough responses. */
  first: string | null;
  last: string | null;
  low: { score: string; week: string } | null;
  high: { score: string; week: string } | null;
  gaps: number;
  minSample: number;
}

export function trendAlt(locale: string, f: TrendAltFacts): string {
  const L = catalogue(locale);
  const v = { name: f.scopeName, weeks: f.weeks, first: f.firstWeek, last: f.lastWeek, min: f.minSample };
  if (f.first === null || f.last === null || f.low === null || f.high === null) {
    return t(L, "chart.trendAltEmpty", v);
  }
  return t(L, "chart.trendAlt", {
    ...v,
    from: f.first,
    to: f.last,
    low: f.low.score,
    lowWeek: f.low.week,
    high: f.high.score,
    highWeek: f.high.week,
    gaps: f.gaps,
  });
}

export interface ProgrammeAltFacts {
  area: string;
  weeks: number;
  firstWeek: string;
  lastWeek: string;
  /** Formatted NPS over the whole span, null under the minimum sample. */
  programme: string | null;
  comparison: string | null;
  programmeStart: string | null;
}

export function programmeAlt(locale: string, f: ProgrammeAltFacts): string {
  const L = catalogue(locale);
  const none = t(L, "chart.tooFewResponses");
  const v = {
    area: f.area,
    weeks: f.weeks,
    first: f.firstWeek,
    last: f.lastWeek,
    programme: f.programme ?? none,
    comparison: f.comparison ?? none,
  };
  return f.programmeStart
    ? t(L, "chart.programmeAltStart", { ...v, start: f.programmeStart })
    : t(L, "chart.programmeAlt", v);
}

export interface RootCauseAltFacts {
  scopeName: string;
  weeks: number;
  firstWeek: string;
  lastWeek: string;
  total: string;
  /** The largest causes with their formatted share, largest first. */
  top: { cause: string; share: string }[];
}

export function rootCauseAlt(locale: string, f: RootCauseAltFacts): string {
  const L = catalogue(locale);
  const v = { name: f.scopeName, weeks: f.weeks, first: f.firstWeek, last: f.lastWeek, total: f.total };
  if (f.top.length === 0) return t(L, "chart.rootCauseAlt", v);
  const top = f.top
    .map((x) => t(L, "chart.causeShare", { cause: x.cause, share: x.share }))
    .join(t(L, "list.separator"));
  return t(L, "chart.rootCauseAltTop", { ...v, top });
}

/** The button under a report that sends its charts. */
export function showChartLabel(locale: string): string {
  return t(catalogue(locale), "chart.showChart");
}

/** Said after the charts went to the reader's direct messages. */
export function chartsSentText(locale: string, count: number): string {
  return t(catalogue(locale), "chart.sent", { count });
}

/** The message the chart files arrive with. */
export function chartsComment(locale: string, subjectName: string, period: string): string {
  return t(catalogue(locale), "chart.comment", { name: subjectName, period });
}
