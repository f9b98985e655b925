// Statistics for proportions (pure): the Wilson 95% interval, fit for small counts and rates near 0
// or 1 where the textbook p ± 1.96·se interval leaves [0, 1] or collapses to a point; and Fisher's
// exact test for a 2x2 table, which needs no large-sample approximation (a chi-square test with
// expected counts under 5 is not to be trusted, and drop-out counts are often that small).

/** The 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval for `k` successes out of `n` (n > 0), as shares in [0, 1]. */
export function wilsonInterval(k: number, n: number, z = Z95): Interval {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n <= 0 || k < 0 || k > n) {
    throw new RangeError(`wilsonInterval needs whole counts 0 <= k <= n, n > 0 (got k=${k}, n=${n})`);
  }
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Exact ends at k = 0 and k = n (the formula gives them up to rounding).
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/**
 * A 2x2 table: rows are the two groups compared, columns "event" and "no event".
 *   group A: a with the event, b without
 *   group B: c with the event, d without
 */
export interface Table2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
}

/**
 * Two-sided p-value of Fisher's exact test: the probability, with the margins fixed, of every table
 * at most as likely as the one observed (the usual definition, as R's fisher.test). A relative
 * tolerance keeps tables that tie with the observed one in floating point.
 */
export function fisherExact(t: Table2x2): number {
  const { a, b, c, d } = t;
  for (const x of [a, b, c, d]) {
    if (!Number.isInteger(x) || x < 0) throw new RangeError(`fisherExact needs whole counts >= 0 (got ${x})`);
  }
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const lo = Math.max(0, col1 - (n - row1));
  const hi = Math.min(row1, col1);
  if (lo === hi) return 1;
  const lf = logFactorials(n);
  const logP = (x: number) =>
    lf[row1]! +
    lf[n - row1]! +
    lf[col1]! +
    lf[n - col1]! -
    lf[n]! -
    lf[x]! -
    lf[row1 - x]! -
    lf[col1 - x]! -
    lf[n - row1 - col1 + x]!;
  const observed = logP(a);
  const tolerance = 1e-7;
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= observed + Math.log1p(tolerance)) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

function logFactorials(n: number): number[] {
  const out = new Array<number>(n + 1);
  out[0] = 0;
  for (let i = 1; i <= n; i++) out[i] = out[i - 1]! + Math.log(i);
  return out;
}
