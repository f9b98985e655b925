// t(locale, key, values): a message of the catalogue formatted with ICU MessageFormat
// (intl-messageformat: plurals, select, numbers by the locale's CLDR rules). Compiled messages are
// cached, so a card with forty labels compiles each once per process. Numbers and dates for text we
// assemble ourselves go through Intl here too, so "+42,3" and "lun, 7 dic" follow the locale.
import { IntlMessageFormat } from "intl-messageformat";
import { CATALOGUES, type MessageKey } from "./catalogue.js";
import { type Locale, SOURCE_LOCALE } from "./locales.js";

export type MessageValues = Record<string, string | number | Date>;

const compiled = new Map<string, IntlMessageFormat>();

function compile(locale: Locale, key: string): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let f = compiled.get(id);
  if (!f) {
    // A key missing in a translation (the catalogue test forbids it) falls back to the source text.
    const text = CATALOGUES[locale][key] ?? CATALOGUES[SOURCE_LOCALE][key];
    if (text === undefined) throw new Error(`I18N_UNKNOWN_KEY: no message "${key}" in any catalogue`);
    f = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    compiled.set(id, f);
  }
  return f;
}

/** The message `key` in `locale`, with its placeholders filled. */
export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return String(compile(locale, key).format(values));
}

/** Like t, for keys made at run time (root causes, tips): null when the catalogue has no such key. */
export function tMaybe(locale: Locale, key: string, values?: MessageValues): string | null {
  if (CATALOGUES[SOURCE_LOCALE][key] === undefined) return null;
  return String(compile(locale, key).format(values));
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** One decimal at most, no grouping (as the reports always printed): "42.3", "42,3", "-5". */
export function formatNumber(locale: Locale, x: number, signed = false): string {
  const id = `${locale}${signed}`;
  let f = numberFormats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      maximumFractionDigits: 1,
      useGrouping: false,
      signDisplay: signed ? "exceptZero" : "negative",
    });
    numberFormats.set(id, f);
  }
  return f.format(x);
}

/** "Mon 30 Mar" (as before) in English; the locale's own short form elsewhere ("lun, 30 mar"). */
export function formatShortDate(locale: Locale, at: Date, timeZone: string, englishFormat: () => string): string {
  if (locale === SOURCE_LOCALE) return englishFormat();
  return new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone }).format(at);
}
