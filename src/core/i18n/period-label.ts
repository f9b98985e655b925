// Report period labels in the reader's language. core/periods.ts names periods in English ("last 30
// days"); the rolling ones (days, weeks) are translated here from that wording, the calendar ones
// ("this month (November 2026, to date)", explicit ranges) show as they are until periods.ts carries
// their parts.
import { t } from "./format.js";
import { type Locale, SOURCE_LOCALE } from "./locales.js";

const FORMS: [RegExp, Parameters<typeof t>[1]][] = [
  [/^today$/, "period.today"],
  [/^yesterday \(same hours\)$/, "period.yesterday"],
  [/^last (\d+) days$/, "period.lastDays"],
  [/^previous (\d+) days$/, "period.previousDays"],
  [/^this week$/, "period.thisWeek"],
  [/^same days of last week$/, "period.sameDaysLastWeek"],
  [/^last (\d+) weeks$/, "period.lastWeeks"],
  [/^previous (\d+) weeks$/, "period.previousWeeks"],
];

export function periodLabel(locale: Locale, label: string): string {
  if (locale === SOURCE_LOCALE) return label;
  for (const [re, key] of FORMS) {
    const m = re.exec(label);
    if (m) return t(locale, key, { n: Number(m[1] ?? 0) });
  }
  return label;
}
