// Small wording helpers shared by the message builders (pure).
import { DateTime } from "luxon";
import { formatNumber, formatShortDate, type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import { safeZone } from "../schedule.js";

/** One decimal at most, in the locale's digits: "4.2", "4,2". */
export function num(x: number, locale: Locale = SOURCE_LOCALE): string {
  return formatNumber(locale, x);
}

/** With a sign when not zero: "+42.3", "+42,3". */
export function signed(x: number, locale: Locale = SOURCE_LOCALE): string {
  return formatNumber(locale, x, true);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function pct(share: number | null): string {
  return share === null ? "n/a" : `${Math.round(share * 100)}%`;
}

/** "Mon 30 Mar" in the reader's zone ("lun, 30 mar" in Spanish). */
export function shortDate(at: Date, timeZone: string, locale: Locale = SOURCE_LOCALE): string {
  const zone = safeZone(timeZone);
  return formatShortDate(locale, at, zone, () => DateTime.fromJSDate(at, { zone }).toFormat("ccc d LLL"));
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Whole hours, or days past 48 h: "5 h", "3 days". */
export function hoursText(ms: number, locale: Locale = SOURCE_LOCALE): string {
  const h = Math.max(0, Math.floor(ms / 3_600_000));
  return h < 48 ? t(locale, "unit.hours", { n: h }) : t(locale, "unit.days", { n: Math.floor(h / 24) });
}

/** An NPS with its margin, or why there is none. */
export function scoreText(
  r: { nps: number | null; marginOfError: number | null; n: number; minSample: number },
  locale: Locale = SOURCE_LOCALE,
): string {
  const L = locale;
  if (r.n === 0) return t(L, "score.none");
  if (r.nps === null) return t(L, "score.few", { responses: t(L, "unit.responses", { n: r.n }), min: r.minSample });
  return t(L, "score.value", { nps: signed(r.nps, L), moe: num(r.marginOfError ?? 0, L), n: r.n });
}

/** "up 8 points (a real change)" / "about the same" / "" when there is nothing to compare. */
export function changeText(c: { delta: number | null; significant: boolean } | null): string {
  if (!c || c.delta === null) return "";
  if (!c.significant) return `${signed(c.delta)} vs the period before, within the noise`;
  return `${c.delta > 0 ? "up" : "down"} ${num(Math.abs(c.delta))} points vs the period before (a real change)`;
}
