// Summary-table rows for latencies judged against a budget (Slack's 3 s): the p99 as the value, the
// median over a baseline's median (measured in the same run) as the ratio.
import type { BenchRow } from "./report.js";
import { percentile } from "./stats.js";
import { fmtMs } from "./table.js";

export interface BudgetSeries {
  figure: string;
  xs: number[];
  base: number[];
  baseName: string;
}

export function p99BudgetRows(bench: string, budgetMs: number, series: BudgetSeries[]): BenchRow[] {
  return series.map(({ figure, xs, base, baseName }) => {
    const p99 = percentile(xs, 0.99);
    return {
      bench,
      figure,
      value: fmtMs(p99),
      ratio: `${(percentile(xs, 0.5) / percentile(base, 0.5)).toFixed(2)}x ${baseName} (median)`,
      target: `< ${budgetMs / 1000} s`,
      pass: p99 < budgetMs,
    };
  });
}
