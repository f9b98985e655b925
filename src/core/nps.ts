// NPS statistics: score from counts, 95% margin of error, significance of a change, the
// minimum-sample rule, weekly trend and a text sparkline. Pure; every report number comes from here.
//
// The statistics treat each answer as a variable X = +1 (promoter), 0 (passive), -1 (detractor):
// NPS = 100 * mean(X). With shares p (promoters) and d (detractors), var(X) = p + d - (p - d)^2,
// so the 95% margin of error is 1.96 * sqrt(var / n) * 100 NPS points.
import { AppError } from "./errors.js";
import type { NpsCategory } from "./types.js";
import { categorize } from "./views.js";

export { categorize };

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export const DEFAULT_MIN_SAMPLE = 10;
/** Two-sided 95% critical value of the normal distribution (the customary 1.96). */
export const Z_95 = 1.96;

export const EMPTY_COUNTS: NpsCounts = Object.freeze({ promoters: 0, passives: 0, detractors: 0 });

const COUNT_KEY: Record<NpsCategory, keyof NpsCounts> = {
  promoter: "promoters",
  passive: "passives",
  detractor: "detractors",
};

export function countScores(scores: Iterable<number>): NpsCounts {
  const c = { promoters: 0, passives: 0, detractors: 0 };
  for (const s of scores) {
    if (!Number.isInteger(s) || s < 0 || s > 10) {
      throw new AppError("VALIDATION_FAILED", `score must be an integer 0-10, got ${s}`);
    }
    c[COUNT_KEY[categorize(s)]]++;
  }
  return c;
}

export function addCounts(a: NpsCounts, b: NpsCounts): NpsCounts {
  return {
    promoters: a.promoters + b.promoters,
    passives: a.passives + b.passives,
    detractors: a.detractors + b.detractors,
  };
}

export function totalOf(c: NpsCounts): number {
  return c.promoters + c.passives + c.detractors;
}

/** NPS in [-100, 100]; null when there are no responses. */
export function npsOf(c: NpsCounts): number | null {
  const n = totalOf(c);
  return n === 0 ? null : ((c.promoters - c.detractors) / n) * 100;
}

/** Population variance of the +1/0/-1 variable; null when there are no responses. */
export function varianceOf(c: NpsCounts): number | null {
  const n = totalOf(c);
  if (n === 0) return null;
  const p = c.promoters / n;
  const d = c.detractors / n;
  // Clamp float noise: the exact value is never negative.
  return Math.max(0, p + d - (p - d) ** 2);
}

/** Half-width of the 95% interval around the NPS, in NPS points; null when there are no responses. */
export function marginOfError(c: NpsCounts): number | null {
  const v = varianceOf(c);
  return v === null ? null : Z_95 * Math.sqrt(v / totalOf(c)) * 100;
}

export interface NpsSummary {
  n: number;
  /** False under the minimum sample: the numbers below are null rather than misleading. */
  enoughData: boolean;
  nps: number | null;
  promotersPct: number | null;
  passivesPct: number | null;
  detractorsPct: number | null;
  marginOfError: number | null;
}

/** What a report may show for these counts, applying the minimum-sample rule. */
export function summarize(c: NpsCounts, minSample: number = DEFAULT_MIN_SAMPLE): NpsSummary {
  const n = totalOf(c);
  if (!hasEnoughData(n, minSample)) {
    return {
      n,
      enoughData: false,
      nps: null,
      promotersPct: null,
      passivesPct: null,
      detractorsPct: null,
      marginOfError: null,
    };
  }
  return {
    n,
    enoughData: true,
    nps: npsOf(c),
    promotersPct: (c.promoters / n) * 100,
    passivesPct: (c.passives / n) * 100,
    detractorsPct: (c.detractors / n) * 100,
    marginOfError: marginOfError(c),
  };
}

/** The minimum-sample rule: at least `minSample` responses (and at least one). */
export function hasEnoughData(n: number, minSample: number = DEFAULT_MIN_SAMPLE): boolean {
  return n >= Math.max(1, minSample);
}

export interface NpsChange {
  /** Current minus previous NPS, in points; null when either side has too few responses. */
  delta: number | null;
  /** The z statistic of the two-sample test; null when it cannot be computed. */
  z: number | null;
  /** True when the change is significant at 95% (two-sided). */
  significant: boolean;
}

/**
 * Two-sample z test on the +1/0/-1 variable: z = (m1 - m2) / sqrt(v1/n1 + v2/n2). Both periods must
 * meet the minimum sample, otherwise nothing is claimed.
 */
export function compareNps(current: NpsCounts, previous: NpsCounts, minSample: number = DEFAULT_MIN_SAMPLE): NpsChange {
  const n1 = totalOf(current);
  const n2 = totalOf(previous);
  if (!hasEnoughData(n1, minSample) || !hasEnoughData(n2, minSample)) {
    return { delta: null, z: null, significant: false };
  }
  const delta = npsOf(current)! - npsOf(previous)!;
  const se = Math.sqrt(varianceOf(current)! / n1 + varianceOf(previous)! / n2);
  if (se === 0) {
    // Both periods unanimous: any difference is certain (all promoters vs all detractors).
    return { delta, z: null, significant: delta !== 0 };
  }
  const z = delta / 100 / se;
  return { delta, z, significant: Math.abs(z) > Z_95 };
}

export interface TrendPoint {
  weekStart: Date;
  n: number;
  /** Null when the week has fewer responses than the minimum sample (a gap in the sparkline). */
  nps: number | null;
}

/** One point per week start, filled from counts keyed by week key (missing weeks have n = 0). */
export function buildTrend(
  weeks: { key: string; start: Date }[],
  countsByWeek: ReadonlyMap<string, NpsCounts>,
  minSample: number = DEFAULT_MIN_SAMPLE,
): TrendPoint[] {
  return weeks.map(({ key, start }) => {
    const c = countsByWeek.get(key) ?? EMPTY_COUNTS;
    const n = totalOf(c);
    return { weekStart: start, n, nps: hasEnoughData(n, minSample) ? npsOf(c) : null };
  });
}

export const SPARK_BARS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;
/** Marks a week with too few responses; a visible dot survives chat clients that trim spaces. */
export const SPARK_GAP = "·";
/** Smallest NPS range the bars stretch over, so a few points of noise do not look like a cliff. */
export const SPARK_MIN_SPAN = 20;

/** A text sparkline: one bar per value, scaled to the series' range, SPARK_GAP for nulls. */
export function sparkline(values: readonly (number | null)[]): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return values.map(() => SPARK_GAP).join("");
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const span = Math.max(hi - lo, SPARK_MIN_SPAN);
  const base = lo - (span - (hi - lo)) / 2;
  const top = SPARK_BARS.length - 1;
  return values
    .map((v) => {
      if (v === null) return SPARK_GAP;
      const level = Math.round(((v - base) / span) * top);
      return SPARK_BARS[Math.min(top, Math.max(0, level))];
    })
    .join("");
}

/** Rounds for display and JSON (one decimal); keeps null. */
export function round1(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}
