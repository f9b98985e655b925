// t(locale, key, values): a message of the catalogue formatted with ICU MessageFormat
// (intl-messageformat: plurals, select, numbers by the locale's CLDR rules). Compiled messages are
// cached, so a card with forty labels compiles each once per process. Numbers and dates for text we
// assemble ourselves go through Intl here too, so "+42,3" and "lun, 7 dic" follow the locale.
import { IntlMessageFormat } from "intl-messageformat";
import { CATALOGUES, type MessageKey } from "./catalogue.js";
import { type Locale, SOURCE_LOCALE } from "./locales.js";

export type MessageValues = Record<string, string | number | Date>;

interface Compiled {
  format: IntlMessageFormat;
  /** Arguments used as numbers (plural, number): the others get numbers as written ("Case #1234"). */
  numeric: Set<string>;
}

const compiled = new Map<string, Compiled>();

/** AST element types of @formatjs/icu-messageformat-parser (number, select, plural, tag). */
const NUMBER = 2;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

type Element = { type: number; value?: unknown; options?: Record<string, { value: Element[] }>; children?: Element[] };

function numericArgs(elements: Element[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if ((e.type === NUMBER || e.type === PLURAL) && typeof e.value === "string") out.add(e.value);
    if (e.type === SELECT || e.type === PLURAL)
      for (const o of Object.values(e.options ?? {})) numericArgs(o.value, out);
    if (e.type === TAG) numericArgs(e.children ?? [], out);
  }
  return out;
}

function compile(locale: Locale, key: string): Compiled {
  const id = `${locale}\u0000${key}`;
  let c = compiled.get(id);
  if (!c) {
    // A key missing in a translation (the catalogue test forbids it) falls back to the source text.
    const text = CATALOGUES[locale][key] ?? CATALOGUES[SOURCE_LOCALE][key];
    if (text === undefined) throw new Error(`I18N_UNKNOWN_KEY: no message "${key}" in any catalogue`);
    const format = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    c = { format, numeric: numericArgs(format.getAst() as unknown as Element[]) };
    compiled.set(id, c);
  }
  return c;
}

function run(c: Compiled, values?: MessageValues): string {
  if (!values) return String(c.format.format());
  // Ids and counts in plain placeholders stay as written; callers format measures themselves.
  const plain = Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === "number" && !c.numeric.has(k) ? String(v) : v]),
  );
  return String(c.format.format(plain));
}

/** The message `key` in `locale`, with its placeholders filled. */
export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  return run(compile(locale, key), values);
}

/** Like t, for keys made at run time (root causes, tips): null when the catalogue has no such key. */
export function tMaybe(locale: Locale, key: string, values?: MessageValues): string | null {
  if (CATALOGUES[SOURCE_LOCALE][key] === undefined) return null;
  return run(compile(locale, key), values);
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
