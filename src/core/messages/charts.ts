// Every word a chart shows (titles, axis and legend labels, alt text), as functions of the reader's
// locale. English is the default; zh-Hant (Hong Kong) is here to prove CJK labels render. The lead
// moves these into the ICU catalogue with the other messages; numbers and dates come from Intl.

/** The languages these words exist in; any other locale reads English with its own number format. */
type ChartLanguage = "en" | "zh";

function language(locale: string): ChartLanguage {
  return locale.toLowerCase().startsWith("zh") ? "zh" : "en";
}

const WORDS = {
  en: {
    npsAxis: "NPS",
    weekAxis: "Week starting",
    casesAxis: "Closed cases",
    band: "Shaded band: 95% interval of each week's NPS",
    programme: "Programme companies",
    comparison: "Comparison companies",
    programmeStart: "Programme start",
    otherCauses: "Other",
    noCause: "No root cause",
  },
  zh: {
    npsAxis: "淨推薦值",
    weekAxis: "週開始日",
    casesAxis: "已結案個案",
    band: "陰影：每週淨推薦值的 95% 區間",
    programme: "計劃內公司",
    comparison: "對照公司",
    programmeStart: "計劃開始",
    otherCauses: "其他",
    noCause: "未填根本原因",
  },
} as const satisfies Record<ChartLanguage, Record<string, string>>;

export type ChartWord = keyof (typeof WORDS)["en"];

export function chartWord(locale: string, word: ChartWord): string {
  return WORDS[language(locale)][word];
}

export function trendTitle(locale: string, scopeName: string): string {
  return language(locale) === "zh" ? `${scopeName}：每週淨推薦值` : `Weekly NPS: ${scopeName}`;
}

export function programmeTitle(locale: string, area: string): string {
  return language(locale) === "zh"
    ? `${area}：計劃內與對照公司的每週淨推薦值`
    : `Programme vs comparison companies: ${area}`;
}

export function rootCauseTitle(locale: string, scopeName: string): string {
  return language(locale) === "zh" ? `${scopeName}：已結案個案的根本原因` : `Root causes of closed cases: ${scopeName}`;
}

/** The subtitle: the weeks shown, and what a gap means. */
export function chartSubtitle(locale: string, firstWeek: string, lastWeek: string, minSample?: number): string {
  if (language(locale) === "zh") {
    const gap = minSample === undefined ? "" : `；少於 ${minSample} 個回應的週份留空`;
    return `${firstWeek} 至 ${lastWeek} 的每週數據${gap}`;
  }
  const gap = minSample === undefined ? "" : `; gaps are weeks with fewer than ${minSample} responses`;
  return `Weeks from ${firstWeek} to ${lastWeek}${gap}`;
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
  const zh = language(locale) === "zh";
  if (f.first === null || f.last === null || f.low === null || f.high === null) {
    return zh
      ? `${f.scopeName} 的每週淨推薦值圖表：${f.weeks} 週內沒有一週達到 ${f.minSample} 個回應。`
      : `Chart of the weekly NPS of ${f.scopeName}: none of the ${f.weeks} weeks from ${f.firstWeek} to ${f.lastWeek} has ${f.minSample} responses, so no score is shown.`;
  }
  if (zh) {
    return `${f.scopeName} 由 ${f.firstWeek} 至 ${f.lastWeek} 共 ${f.weeks} 週的淨推薦值，連 95% 區間：由 ${f.first} 至 ${f.last}；最低 ${f.low.score}（${f.low.week}），最高 ${f.high.score}（${f.high.week}）；${f.gaps} 週回應不足。`;
  }
  const gaps =
    f.gaps === 0
      ? ""
      : ` ${f.gaps} ${f.gaps === 1 ? "week has" : "weeks have"} fewer than ${f.minSample} responses and ${f.gaps === 1 ? "is a gap" : "are gaps"}.`;
  return `Chart of the weekly NPS of ${f.scopeName} with its 95% interval, ${f.weeks} weeks from ${f.firstWeek} to ${f.lastWeek}: from ${f.first} to ${f.last}, lowest ${f.low.score} (week of ${f.low.week}), highest ${f.high.score} (week of ${f.high.week}).${gaps}`;
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
  const none = language(locale) === "zh" ? "回應不足" : "too few responses";
  if (language(locale) === "zh") {
    const start = f.programmeStart ? `；計劃於 ${f.programmeStart} 開始` : "";
    return `${f.area} 計劃內公司與對照公司由 ${f.firstWeek} 至 ${f.lastWeek} 共 ${f.weeks} 週的每週淨推薦值：整段期間計劃內 ${f.programme ?? none}，對照 ${f.comparison ?? none}${start}。`;
  }
  const start = f.programmeStart ? ` A line marks the programme start on ${f.programmeStart}.` : "";
  return `Chart of the weekly NPS of programme and comparison companies in ${f.area}, ${f.weeks} weeks from ${f.firstWeek} to ${f.lastWeek}. Over the whole span: programme ${f.programme ?? none}, comparison ${f.comparison ?? none}.${start}`;
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
  if (language(locale) === "zh") {
    const top = f.top.map((t) => `${t.cause} ${t.share}`).join("、");
    return `${f.scopeName} 由 ${f.firstWeek} 至 ${f.lastWeek} 每週已結案個案的根本原因（共 ${f.total} 宗）${top ? `：${top}` : ""}。`;
  }
  const top = f.top.map((t) => `${t.cause} ${t.share}`).join(", ");
  return `Stacked bar chart of the root causes of ${f.total} cases of ${f.scopeName} closed in the ${f.weeks} weeks from ${f.firstWeek} to ${f.lastWeek}${top ? `; largest: ${top}` : ""}.`;
}

/** The button under a report that sends its charts. */
export function showChartLabel(locale: string): string {
  return language(locale) === "zh" ? "顯示圖表" : "Show chart";
}

/** Said after the charts went to the reader's direct messages. */
export function chartsSentText(locale: string, count: number): string {
  if (language(locale) === "zh") return `已將 ${count} 個圖表傳送到你與 NPS Loop 的私人訊息。`;
  return `Sent ${count === 1 ? "the chart" : `${count} charts`} to your direct messages with NPS Loop.`;
}

/** The message the chart files arrive with. */
export function chartsComment(locale: string, subjectName: string, period: string): string {
  return language(locale) === "zh" ? `${subjectName} 的圖表（${period}）` : `Charts of ${subjectName} (${period})`;
}
