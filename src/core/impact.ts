// Does the programme work? A difference in differences (pure): programme companies against the
// non-programme companies of the same area, NPS in equal windows before and after each programme
// company's start. The change of the comparison group is what would have happened anyway (season,
// the client's own changes); the programme's effect is the difference of the two changes.
//
// Each of the four NPS estimates (programme before/after, comparison before/after) has the variance
// core/nps.ts gives it: var(X)/n for X = +1/0/-1. The four samples are independent, so the variance
// of the difference of changes is their sum, and the 95% interval is DiD ± 1.96 · sqrt(sum) (in
// points). When an area's programme companies started on different days, the comparison answers are
// counted once per start day ("stacked"); overlapping windows then make the interval somewhat too
// narrow, and the report says so.
import {
  DEFAULT_MIN_SAMPLE,
  EMPTY_COUNTS,
  hasEnoughData,
  type NpsCounts,
  npsOf,
  totalOf,
  varianceOf,
  Z_95,
} from "./nps.js";

export { EMPTY_COUNTS, type NpsCounts };

export const DEFAULT_IMPACT_WINDOW_DAYS = 90;
/** Below this many NPS points (either sign), a percentage of the comparison NPS means little. */
export const NEAR_ZERO_NPS = 10;
const DAY_MS = 86_400_000;

/** One NPS estimate: the score in points and the variance of that score (points²). */
export interface NpsEstimate {
  n: number;
  nps: number;
  /** Variance of the NPS estimate in points²: 100² · var(X) / n. */
  variance: number;
}

/** The estimate for these counts; null when there are none. */
export function estimateOf(c: NpsCounts): NpsEstimate | null {
  const n = totalOf(c);
  if (n === 0) return null;
  return { n, nps: npsOf(c)!, variance: (10_000 * varianceOf(c)!) / n };
}

export interface DiffInDiff {
  /** After minus before, in points, for each group. */
  programmeChange: number;
  comparisonChange: number;
  /** programmeChange - comparisonChange. */
  did: number;
  /** Standard error of `did` in points: sqrt of the four variances summed. */
  se: number;
  low: number;
  high: number;
  significant: boolean;
}

/** The difference of the changes with its 95% interval, from four independent estimates. */
export function diffInDiff(
  programme: { before: NpsEstimate; after: NpsEstimate },
  comparison: { before: NpsEstimate; after: NpsEstimate },
): DiffInDiff {
  const programmeChange = programme.after.nps - programme.before.nps;
  const comparisonChange = comparison.after.nps - comparison.before.nps;
  const did = programmeChange - comparisonChange;
  const se = Math.sqrt(
    programme.before.variance + programme.after.variance + comparison.before.variance + comparison.after.variance,
  );
  const half = Z_95 * se;
  // Every group unanimous: there is no noise, any difference is certain.
  const significant = se === 0 ? did !== 0 : Math.abs(did) > half;
  return { programmeChange, comparisonChange, did, se, low: did - half, high: did + half, significant };
}

/** Counts of one group in its two windows. */
export interface GroupCounts {
  before: NpsCounts;
  after: NpsCounts;
}

export function addGroup(a: GroupCounts, b: GroupCounts): GroupCounts {
  return { before: add(a.before, b.before), after: add(a.after, b.after) };
}

export const EMPTY_GROUP: GroupCounts = Object.freeze({ before: EMPTY_COUNTS, after: EMPTY_COUNTS });

function add(a: NpsCounts, b: NpsCounts): NpsCounts {
  return {
    promoters: a.promoters + b.promoters,
    passives: a.passives + b.passives,
    detractors: a.detractors + b.detractors,
  };
}

/** One cell as a report shows it: n always, the NPS only when n meets the minimum sample. */
export interface CellFigure {
  n: number;
  nps: number | null;
}

/** A line of an impact (or coaching) report: the four cells, the changes and the DiD, with counts. */
export interface EffectLine {
  programme: { before: CellFigure; after: CellFigure; change: number | null };
  comparison: { before: CellFigure; after: CellFigure; change: number | null };
  /** Null when any of the four cells is under the minimum sample (then `tooFew` is true). */
  effect: DiffInDiff | null;
  tooFew: boolean;
  /** The counts behind every figure (for --json and anyone who wants to check). */
  counts: { programme: GroupCounts; comparison: GroupCounts };
}

/** The line for two groups' counts, applying the minimum-sample rule to each of the four cells. */
export function effectLine(
  programme: GroupCounts,
  comparison: GroupCounts,
  minSample: number = DEFAULT_MIN_SAMPLE,
): EffectLine {
  const cells = [programme.before, programme.after, comparison.before, comparison.after];
  const enough = cells.every((c) => hasEnoughData(totalOf(c), minSample));
  const fig = (c: NpsCounts): CellFigure => ({
    n: totalOf(c),
    nps: hasEnoughData(totalOf(c), minSample) ? npsOf(c) : null,
  });
  const change = (g: GroupCounts) => {
    const b = fig(g.before).nps;
    const a = fig(g.after).nps;
    return a === null || b === null ? null : a - b;
  };
  const effect = enough
    ? diffInDiff(
        { before: estimateOf(programme.before)!, after: estimateOf(programme.after)! },
        { before: estimateOf(comparison.before)!, after: estimateOf(comparison.after)! },
      )
    : null;
  return {
    programme: { before: fig(programme.before), after: fig(programme.after), change: change(programme) },
    comparison: { before: fig(comparison.before), after: fig(comparison.after), change: change(comparison) },
    effect,
    tooFew: !enough,
    counts: { programme, comparison },
  };
}

/**
 * The relative figure the programme itself reported: programme NPS against comparison NPS after the
 * start, as a percentage of the comparison NPS. It is not the effect (it ignores where each group
 * started), and near a comparison NPS of zero any small difference becomes a huge percentage.
 */
export interface RelativeFigure {
  programmeNps: number;
  comparisonNps: number;
  /** (programme - comparison) / |comparison| · 100; null when the comparison NPS is exactly 0. */
  percent: number | null;
  /** The comparison NPS is within NEAR_ZERO_NPS of zero, or its interval includes zero. */
  nearZero: boolean;
}

export function relativeFigure(
  programmeAfter: NpsCounts,
  comparisonAfter: NpsCounts,
  minSample: number = DEFAULT_MIN_SAMPLE,
): RelativeFigure | null {
  if (!hasEnoughData(totalOf(programmeAfter), minSample) || !hasEnoughData(totalOf(comparisonAfter), minSample)) {
    return null;
  }
  const p = npsOf(programmeAfter)!;
  const c = estimateOf(comparisonAfter)!;
  const margin = Z_95 * Math.sqrt(c.variance);
  return {
    programmeNps: p,
    comparisonNps: c.nps,
    percent: c.nps === 0 ? null : ((p - c.nps) / Math.abs(c.nps)) * 100,
    nearZero: Math.abs(c.nps) < NEAR_ZERO_NPS || Math.abs(c.nps) <= margin,
  };
}

/** A programme company as the impact report needs it. */
export interface ProgrammeCompany {
  id: number;
  area: string | null;
  /** UTC dates YYYY-MM-DD. */
  programmeStart: string;
  programmeEnd: string | null;
}

/** The equal windows of one programme company: [beforeFrom, start) and [start, afterTo). */
export interface ImpactWindow {
  companyId: number;
  area: string;
  beforeFrom: Date;
  start: Date;
  afterTo: Date;
  /** Length of each window in days (shorter than asked when the start is recent or the company left). */
  days: number;
}

export type NotMeasuredReason = "no_area" | "not_started" | "no_comparison";

/**
 * Each programme company's windows: `windowDays` either side of its start, both cut to the same
 * length when the after-window would run past now or past the company's end date.
 */
export function planWindows(
  companies: ProgrammeCompany[],
  now: Date,
  windowDays: number = DEFAULT_IMPACT_WINDOW_DAYS,
): { windows: ImpactWindow[]; notMeasured: { companyId: number; reason: NotMeasuredReason }[] } {
  const windows: ImpactWindow[] = [];
  const notMeasured: { companyId: number; reason: NotMeasuredReason }[] = [];
  for (const c of companies) {
    if (c.area === null) {
      notMeasured.push({ companyId: c.id, reason: "no_area" });
      continue;
    }
    const start = new Date(`${c.programmeStart}T00:00:00Z`);
    const end = c.programmeEnd ? new Date(`${c.programmeEnd}T00:00:00Z`).getTime() : Number.POSITIVE_INFINITY;
    const afterEnd = Math.min(start.getTime() + windowDays * DAY_MS, end, now.getTime());
    const length = afterEnd - start.getTime();
    // Less than a day after the start: nothing after it to compare yet.
    if (length < DAY_MS) {
      notMeasured.push({ companyId: c.id, reason: "not_started" });
      continue;
    }
    windows.push({
      companyId: c.id,
      area: c.area,
      beforeFrom: new Date(start.getTime() - length),
      start,
      afterTo: new Date(afterEnd),
      days: Math.round((length / DAY_MS) * 10) / 10,
    });
  }
  return { windows, notMeasured };
}

/**
 * True when the comparison answers of an area are counted in overlapping windows (two programme
 * starts closer than the two windows' span): the interval is then somewhat too narrow.
 */
export function windowsOverlap(windows: ImpactWindow[]): boolean {
  const byArea = new Map<string, ImpactWindow[]>();
  for (const w of windows) byArea.set(w.area, [...(byArea.get(w.area) ?? []), w]);
  for (const list of byArea.values()) {
    const sorted = [...list].sort((a, b) => a.beforeFrom.getTime() - b.beforeFrom.getTime());
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.beforeFrom.getTime() < sorted[i - 1]!.afterTo.getTime()) return true;
    }
  }
  return false;
}

/** `[area words...] [window]`: a last word like 90d or 12w is the window; the rest (quotes dropped) the area. */
export function parseImpactArgs(words: string[]): { area: string | null; window: string | null } {
  const last = words.at(-1);
  // A last word starting with a digit is meant as the window (a bad one is explained, not taken as area).
  const window = last && /^\d/.test(last) ? last.toLowerCase() : null;
  const area = (window ? words.slice(0, -1) : words)
    .join(" ")
    .replace(/^["“']|["”']$/g, "")
    .trim();
  return { area: area || null, window };
}
