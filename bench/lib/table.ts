// Number formats and the plain-text tables the benchmarks print.

/** 1,234,567 (en-US grouping), `digits` decimals; "-" for NaN or infinity. */
export function fmtNum(n: number, digits = 0): string {
  return Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : "-";
}

export function fmtInt(n: number): string {
  return n.toLocaleString("en-US");
}

/** Milliseconds with a fixed number of decimals ("12.34 ms"). */
export function fmtMs(ms: number, digits = 2): string {
  return `${ms.toFixed(digits)} ms`;
}

/**
 * A table with a header and a rule; the first `textColumns` columns are left-aligned (labels), the
 * others right-aligned (figures).
 */
export function formatTable(header: string[], rows: string[][], textColumns = 1): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function printTable(header: string[], rows: string[][], textColumns = 1): void {
  console.log(formatTable(header, rows, textColumns));
}
