// Numbers, dates and the chart look for the reader's locale, from Intl (pure). Vega formats axis
// numbers with a d3 locale; numberLocale builds that from Intl so the axes read like the text.
import { DateTime } from "luxon";
import { safeZone } from "../schedule.js";

/** Okabe-Ito: eight colours that stay distinct for the common colour-vision deficiencies. */
export const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
export const GREY = "#999999";
export const INK = "#333333";

/** A locale Intl knows, else English (a person's stored locale is validated, a CLI flag may not be). */
export function chartLocale(locale: string | undefined): string {
  if (!locale) return "en";
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? "en";
  } catch {
    return "en";
  }
}

/** "+35", "-4", "0" in the reader's digits and minus sign. */
export function scoreLabel(locale: string, nps: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, signDisplay: "exceptZero" }).format(Math.round(nps));
}

export function countLabel(locale: string, n: number): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** "41%" for a share in [0, 1]. */
export function shareLabel(locale: string, share: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/**
 * The label of each week start, in the reader's language, unique within the span: day and month,
 * plus the year when the weeks cross a year boundary (so two "2 Mar"s never merge into one).
 */
export function weekLabels(locale: string, starts: Date[], timeZone: string): string[] {
  const zone = safeZone(timeZone);
  const local = starts.map((d) => DateTime.fromJSDate(d, { zone }));
  const years = new Set(local.map((d) => d.year));
  const withYear = years.size > 1;
  const format = new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    ...(withYear ? { year: "2-digit" as const } : {}),
    timeZone: "UTC",
  });
  // Format the local calendar date as a UTC date so the label is the local day whatever Intl's zone.
  return local.map((d) => format.format(new Date(Date.UTC(d.year, d.month - 1, d.day))));
}

/** A full date ("2 March 2026") for alt text and the programme start marker. */
export function dateLabel(locale: string, at: Date, timeZone: string): string {
  const d = DateTime.fromJSDate(at, { zone: safeZone(timeZone) });
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(d.year, d.month - 1, d.day)),
  );
}

/** Vega's number locale (d3-format definition) for this locale, read from Intl. */
export function numberLocale(locale: string): Record<string, unknown> {
  const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(-1234567.5);
  const part = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
  return {
    decimal: part("decimal", "."),
    thousands: part("group", ","),
    grouping: [3],
    currency: ["", ""],
    minus: part("minusSign", "-"),
  };
}

/** The common look: the reader's number locale, quiet axes, a title with a subtitle. */
export function baseConfig(locale: string): Record<string, unknown> {
  return {
    locale: { number: numberLocale(locale) },
    background: "#ffffff",
    padding: 12,
    view: { stroke: null },
    title: { anchor: "start", fontSize: 15, color: INK, subtitleColor: "#555555", subtitleFontSize: 11, offset: 10 },
    axis: {
      labelColor: INK,
      titleColor: INK,
      labelFontSize: 11,
      titleFontSize: 11,
      gridColor: "#e6e6e6",
      domainColor: GREY,
      tickColor: GREY,
    },
    legend: { labelColor: INK, titleColor: INK, labelFontSize: 11, orient: "bottom", direction: "horizontal" },
  };
}

/** An NPS axis domain around the values, padded and kept within [-100, 100]. */
export function npsDomain(values: number[]): [number, number] {
  if (values.length === 0) return [-100, 100];
  const lo = Math.max(-100, Math.floor((Math.min(...values) - 5) / 10) * 10);
  const hi = Math.min(100, Math.ceil((Math.max(...values) + 5) / 10) * 10);
  return [lo, hi];
}
