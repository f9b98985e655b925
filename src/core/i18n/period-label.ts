// Report period labels in the reader's language. core/periods.ts names periods in English ("last 30
// days", "this month (November 2026, to date)", "Q3 2026", "2026-01-01 to 2026-03-31"); each form is
// translated here from that wording, months and dates through Intl in the reader's locale
// ("noviembre de 2026", "2026年11月", "1 ene 2026"). A label of no known form shows as it is.
import { type MessageValues, t } from "./format.js";
import { type Locale, SOURCE_LOCALE } from "./locales.js";

type Key = Parameters<typeof t>[1];

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const MONTH = `(${MONTHS.join("|")}) (\\d{4})`;
const QUARTER = "Q([1-4]) (\\d{4})";
const DAY = "(\\d{4}-\\d{2}-\\d{2})";

function monthName(L: Locale, month: string, year: string): string {
  const at = new Date(Date.UTC(Number(year), MONTHS.indexOf(month), 15));
  return new Intl.DateTimeFormat(L, { month: "long", year: "numeric", timeZone: "UTC" }).format(at);
}

function quarterName(L: Locale, q: string, year: string): string {
  return t(L, "period.quarter", { q, year });
}

/** A local date ("2026-03-31") as the reader writes it ("31 mar 2026"); unchanged in English. */
export function formatDay(L: Locale, day: string): string {
  return L === SOURCE_LOCALE || !/^\d{4}-\d{2}-\d{2}$/.test(day) ? day : dayName(L, day);
}

function dayName(L: Locale, day: string): string {
  const at = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(L, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(at);
}

const FORMS: [RegExp, Key, (L: Locale, m: string[]) => MessageValues][] = [
  [/^today$/, "period.today", () => ({})],
  [/^yesterday \(same hours\)$/, "period.yesterday", () => ({})],
  [/^last (\d+) days$/, "period.lastDays", (_, m) => ({ n: Number(m[1]) })],
  [/^previous (\d+) days$/, "period.previousDays", (_, m) => ({ n: Number(m[1]) })],
  [/^this week$/, "period.thisWeek", () => ({})],
  [/^same days of last week$/, "period.sameDaysLastWeek", () => ({})],
  [/^last (\d+) weeks$/, "period.lastWeeks", (_, m) => ({ n: Number(m[1]) })],
  [/^previous (\d+) weeks$/, "period.previousWeeks", (_, m) => ({ n: Number(m[1]) })],
  [
    new RegExp(`^this month \\(${MONTH}, to date\\)$`),
    "period.thisMonth",
    (L, m) => ({ month: monthName(L, m[1]!, m[2]!) }),
  ],
  [new RegExp(`^last month \\(${MONTH}\\)$`), "period.lastMonth", (L, m) => ({ month: monthName(L, m[1]!, m[2]!) })],
  [new RegExp(`^same days of ${MONTH}$`), "period.sameDaysOf", (L, m) => ({ what: monthName(L, m[1]!, m[2]!) })],
  [new RegExp(`^${MONTH}$`), "period.plain", (L, m) => ({ what: monthName(L, m[1]!, m[2]!) })],
  [
    new RegExp(`^this quarter \\(${QUARTER}, to date\\)$`),
    "period.thisQuarter",
    (L, m) => ({ quarter: quarterName(L, m[1]!, m[2]!) }),
  ],
  [
    new RegExp(`^last quarter \\(${QUARTER}\\)$`),
    "period.lastQuarter",
    (L, m) => ({ quarter: quarterName(L, m[1]!, m[2]!) }),
  ],
  [new RegExp(`^same days of ${QUARTER}$`), "period.sameDaysOf", (L, m) => ({ what: quarterName(L, m[1]!, m[2]!) })],
  [new RegExp(`^${QUARTER}$`), "period.plain", (L, m) => ({ what: quarterName(L, m[1]!, m[2]!) })],
  [/^year to date \((\d{4})\)$/, "period.yearToDate", (_, m) => ({ year: m[1]! })],
  [/^last year \((\d{4})\)$/, "period.lastYear", (_, m) => ({ year: m[1]! })],
  [/^same days of (\d{4})$/, "period.sameDaysOf", (_, m) => ({ what: m[1]! })],
  [new RegExp(`^${DAY} to ${DAY}$`), "period.range", (L, m) => ({ from: dayName(L, m[1]!), to: dayName(L, m[2]!) })],
];

export function periodLabel(locale: Locale, label: string): string {
  if (locale === SOURCE_LOCALE) return label;
  for (const [re, key, values] of FORMS) {
    const m = re.exec(label);
    if (m) return t(locale, key, values(locale, m));
  }
  return label;
}
