// Timing and percentiles for the benchmarks.

/** Nearest-rank percentile of `xs` (any order), `p` from 0 to 1; NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? Number.NaN;
}

/** Milliseconds `fn` took. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Milliseconds `fn` took, and its value. */
export async function timeValue<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

/** Element-wise sum of two series of the same length. */
export function sumSeries(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x + b[i]!);
}
