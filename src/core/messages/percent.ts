// Percentages and p-values in the reader's locale (Intl): "+12.3%" in English, "+12,3 %" in
// Spanish. The words around them come from the catalogues; these only format the figure.
import type { Locale } from "../i18n/index.js";

const formats = new Map<string, Intl.NumberFormat>();

function fmt(locale: Locale, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${locale}${JSON.stringify(opts)}`;
  let f = formats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale, { useGrouping: false, ...opts });
    formats.set(id, f);
  }
  return f;
}

/** A figure already in percent units, signed, one decimal at most: 12.34 -> "+12.3%". */
export function signedPercent(locale: Locale, percent: number): string {
  return fmt(locale, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(percent / 100);
}

/** A share from 0 to 1: one decimal under 10%, whole percent above: 0.081 -> "8.1%", 0.5 -> "50%". */
export function sharePercent(locale: Locale, share: number): string {
  const v = share * 100;
  const digits = v < 10 && v > 0 ? 1 : 0;
  return fmt(locale, { style: "percent", maximumFractionDigits: digits }).format(share);
}

/** A p-value to three decimals: "0.042", "0,042". */
export function pValue(locale: Locale, p: number): string {
  return fmt(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(p);
}
