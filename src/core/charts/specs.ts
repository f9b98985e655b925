// Chart specifications (pure): data in, a Vega-Lite spec and its alt text out. The statistics are
// core/nps's, so a chart shows the same numbers and the same minimum-sample rule as the report text:
// a week under the minimum sample has no point, no band, and breaks the line (a gap, not a zero).
import {
  chartSubtitle,
  chartWord,
  programmeAlt,
  programmeTitle,
  rootCauseAlt,
  rootCauseTitle,
  trendAlt,
  trendTitle,
} from "../messages/charts.js";
import { addCounts, EMPTY_COUNTS, hasEnoughData, marginOfError, type NpsCounts, npsOf, totalOf } from "../nps.js";
import {
  baseConfig,
  chartLocale,
  countLabel,
  dateLabel,
  GREY,
  npsDomain,
  OKABE_ITO,
  scoreLabel,
  shareLabel,
  weekLabels,
} from "./format.js";
import {
  type ChartOptions,
  type ChartSpec,
  DEFAULT_PLOT,
  type ProgrammeChartData,
  type RootCauseChartData,
  type TrendChartData,
  type VegaLiteSpec,
} from "./types.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
/** Root causes drawn in their own colour; the rest are summed as "Other". */
const MAX_CAUSES = 6;
const GAP = { invalid: "break-paths-show-domains" } as const;

interface NpsPoint {
  week: string;
  nps: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
}

/** A week's NPS and its 95% interval, or nulls under the minimum sample (the chart's gaps). */
function npsPoint(week: string, c: NpsCounts, minSample: number): NpsPoint {
  const n = totalOf(c);
  if (!hasEnoughData(n, minSample)) return { week, nps: null, lo: null, hi: null, n };
  const nps = npsOf(c)!;
  const moe = marginOfError(c)!;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { week, nps: r(nps), lo: r(Math.max(-100, nps - moe)), hi: r(Math.min(100, nps + moe)), n };
}

function frame(o: ChartOptions, title: string, subtitle: string[], locale: string): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    width: o.width ?? DEFAULT_PLOT.width,
    height: o.height ?? DEFAULT_PLOT.height,
    title: o.compact ? { text: title } : { text: title, subtitle },
    config: baseConfig(locale),
  };
}

/** Axis titles are left out of compact charts (the card around them says what they show). */
function axisTitle(o: ChartOptions, title: string): string | null {
  return o.compact ? null : title;
}

function xWeeks(locale: string, labels: string[], o: ChartOptions): Record<string, unknown> {
  return {
    field: "week",
    type: "ordinal",
    sort: labels,
    scale: { domain: labels },
    axis: {
      title: axisTitle(o, chartWord(locale, "weekAxis")),
      labelAngle: 0,
      labelOverlap: "parity",
      labelPadding: 4,
    },
  };
}

function yNps(locale: string, values: number[], o: ChartOptions): Record<string, unknown> {
  return {
    field: "nps",
    type: "quantitative",
    scale: { domain: npsDomain(values), nice: false },
    axis: { title: axisTitle(o, chartWord(locale, "npsAxis")), format: "d", tickCount: 5 },
  };
}

// NPS zero: the rule also keeps zero on the axis (its datum joins the scale), the honest reference.
const zeroRule = { mark: { type: "rule", color: GREY, strokeDash: [2, 2], clip: true }, encoding: { y: { datum: 0 } } };

export function buildTrendChart(data: TrendChartData, options: ChartOptions): ChartSpec {
  const locale = chartLocale(options.locale);
  const labels = weekLabels(
    locale,
    data.weeks.map((w) => w.weekStart),
    data.timeZone,
  );
  const points = data.weeks.map((w, i) => npsPoint(labels[i]!, w.counts, data.minSample));
  const known = points.filter((p) => p.nps !== null);
  const bandValues = known.flatMap((p) => [p.lo!, p.hi!]);
  const title = trendTitle(locale, data.scopeName);
  const first = labels[0] ?? "";
  const last = labels[labels.length - 1] ?? "";
  const colour = OKABE_ITO[0];
  const spec: VegaLiteSpec = {
    ...frame(options, title, [chartSubtitle(locale, first, last, data.minSample), chartWord(locale, "band")], locale),
    data: { values: points },
    encoding: { x: xWeeks(locale, labels, options) },
    layer: [
      zeroRule,
      {
        mark: { type: "area", color: colour, opacity: 0.18, ...GAP },
        encoding: {
          y: {
            ...yNps(locale, bandValues, options),
            field: "lo",
          },
          y2: { field: "hi" },
        },
      },
      {
        mark: { type: "line", color: colour, strokeWidth: 2.5, point: { filled: true, size: 36 }, ...GAP },
        encoding: {
          y: yNps(locale, bandValues, options),
        },
      },
    ],
  };
  const extreme = (pick: (a: number, b: number) => boolean) =>
    known.length === 0 ? null : known.reduce((best, p) => (pick(p.nps!, best.nps!) ? p : best), known[0]!);
  const low = extreme((a, b) => a < b);
  const high = extreme((a, b) => a > b);
  const alt = trendAlt(locale, {
    scopeName: data.scopeName,
    weeks: points.length,
    firstWeek: first,
    lastWeek: last,
    first: known[0] ? scoreLabel(locale, known[0].nps!) : null,
    last: known.length > 0 ? scoreLabel(locale, known[known.length - 1]!.nps!) : null,
    low: low ? { score: scoreLabel(locale, low.nps!), week: low.week } : null,
    high: high ? { score: scoreLabel(locale, high.nps!), week: high.week } : null,
    gaps: points.length - known.length,
    minSample: data.minSample,
  });
  return { kind: "trend", title, alt, locale, spec };
}

export function buildProgrammeChart(data: ProgrammeChartData, options: ChartOptions): ChartSpec {
  const locale = chartLocale(options.locale);
  const labels = weekLabels(
    locale,
    data.weeks.map((w) => w.weekStart),
    data.timeZone,
  );
  const programme = chartWord(locale, "programme");
  const comparison = chartWord(locale, "comparison");
  const rows = data.weeks.flatMap((w, i) => [
    { ...npsPoint(labels[i]!, w.programme, data.minSample), group: programme },
    { ...npsPoint(labels[i]!, w.comparison, data.minSample), group: comparison },
  ]);
  const known = rows.filter((r) => r.nps !== null);
  const values = known.flatMap((p) => [p.lo!, p.hi!]);
  const colour = {
    field: "group",
    type: "nominal",
    scale: { domain: [programme, comparison], range: [OKABE_ITO[0], OKABE_ITO[1]] },
    legend: { title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 300 },
  };
  const title = programmeTitle(locale, data.area);
  const first = labels[0] ?? "";
  const last = labels[labels.length - 1] ?? "";
  const startIndex = data.programmeStart ? weekIndexOf(data.weeks, data.programmeStart) : -1;
  const layers: VegaLiteSpec[] = [
    zeroRule,
    {
      mark: { type: "area", opacity: 0.12, ...GAP },
      encoding: {
        y: { ...yNps(locale, values, options), field: "lo" },
        y2: { field: "hi" },
        // Fill as well as the lines colour: one merged legend whose symbols are the lines (stroke and dash).
        fill: colour,
      },
    },
    {
      mark: { type: "line", strokeWidth: 2.5, point: { filled: true, size: 30 }, ...GAP },
      encoding: {
        y: yNps(locale, values, options),
        color: colour,
        // Dashes as well as colour, so the two groups differ without colour vision.
        strokeDash: {
          field: "group",
          type: "nominal",
          scale: {
            domain: [programme, comparison],
            range: [
              [1, 0],
              [6, 3],
            ],
          },
          legend: { title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1, labelLimit: 300 },
        },
      },
    },
  ];
  if (startIndex >= 0) {
    layers.push({
      data: { values: [{ week: labels[startIndex], label: chartWord(locale, "programmeStart") }] },
      layer: [
        { mark: { type: "rule", color: "#000000", strokeWidth: 1.5, strokeDash: [4, 2] } },
        {
          mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 2, y: 0, fontSize: 11 },
          encoding: { text: { field: "label" } },
        },
      ],
    });
  }
  const spec: VegaLiteSpec = {
    ...frame(options, title, [chartSubtitle(locale, first, last, data.minSample), chartWord(locale, "band")], locale),
    data: { values: rows },
    encoding: { x: xWeeks(locale, labels, options) },
    layer: layers,
  };
  const total = (pick: "programme" | "comparison") => {
    const c = data.weeks.reduce((acc, w) => addCounts(acc, w[pick]), EMPTY_COUNTS);
    return hasEnoughData(totalOf(c), data.minSample) ? scoreLabel(locale, npsOf(c)!) : null;
  };
  const alt = programmeAlt(locale, {
    area: data.area,
    weeks: labels.length,
    firstWeek: first,
    lastWeek: last,
    programme: total("programme"),
    comparison: total("comparison"),
    programmeStart:
      startIndex >= 0 && data.programmeStart ? dateLabel(locale, data.programmeStart, data.timeZone) : null,
  });
  return { kind: "programme", title, alt, locale, spec };
}

/** The week a date falls in (the last week starting at or before it), or -1 outside the weeks. */
function weekIndexOf(weeks: { weekStart: Date }[], at: Date): number {
  if (weeks.length === 0 || at < weeks[0]!.weekStart) return -1;
  const end = weeks[weeks.length - 1]!.weekStart.getTime() + 7 * 86_400_000;
  if (at.getTime() >= end) return -1;
  let found = 0;
  weeks.forEach((w, i) => {
    if (w.weekStart <= at) found = i;
  });
  return found;
}

export function buildRootCauseChart(data: RootCauseChartData, options: ChartOptions): ChartSpec {
  const locale = chartLocale(options.locale);
  const labels = weekLabels(
    locale,
    data.weeks.map((w) => w.weekStart),
    data.timeZone,
  );
  const name = (cause: string | null) => cause ?? chartWord(locale, "noCause");
  const totals = new Map<string, number>();
  for (const w of data.weeks) {
    for (const c of w.causes) totals.set(name(c.cause), (totals.get(name(c.cause)) ?? 0) + c.count);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], locale));
  const other = chartWord(locale, "otherCauses");
  const shown = ranked.length > MAX_CAUSES ? ranked.slice(0, MAX_CAUSES - 1).map(([c]) => c) : ranked.map(([c]) => c);
  const domain = ranked.length > MAX_CAUSES ? [...shown, other] : shown;
  const rows = data.weeks.flatMap((w, i) => {
    const byCause = new Map<string, number>();
    for (const c of w.causes) {
      const key = shown.includes(name(c.cause)) ? name(c.cause) : other;
      byCause.set(key, (byCause.get(key) ?? 0) + c.count);
    }
    return [...byCause.entries()].map(([cause, count]) => ({
      week: labels[i]!,
      cause,
      count,
      order: domain.indexOf(cause),
    }));
  });
  const title = rootCauseTitle(locale, data.scopeName);
  const first = labels[0] ?? "";
  const last = labels[labels.length - 1] ?? "";
  const range = domain.map((c, i) => (c === other ? GREY : OKABE_ITO[i % OKABE_ITO.length]!));
  const spec: VegaLiteSpec = {
    ...frame(options, title, [chartSubtitle(locale, first, last)], locale),
    data: { values: rows },
    mark: { type: "bar", stroke: "#ffffff", strokeWidth: 0.5 },
    encoding: {
      x: xWeeks(locale, labels, options),
      y: {
        field: "count",
        type: "quantitative",
        stack: "zero",
        axis: { title: axisTitle(options, chartWord(locale, "casesAxis")), format: "d", tickMinStep: 1 },
      },
      color: {
        field: "cause",
        type: "nominal",
        scale: { domain, range },
        legend: { title: null, columns: 3, labelLimit: 240 },
      },
      order: { field: "order", type: "quantitative", sort: "ascending" },
    },
  };
  const total = [...totals.values()].reduce((a, b) => a + b, 0);
  const alt = rootCauseAlt(locale, {
    scopeName: data.scopeName,
    weeks: labels.length,
    firstWeek: first,
    lastWeek: last,
    total: countLabel(locale, total),
    top: ranked.slice(0, 3).map(([cause, n]) => ({ cause, share: shareLabel(locale, total === 0 ? 0 : n / total) })),
  });
  return { kind: "root-causes", title, alt, locale, spec };
}
