// Every user-visible word of the retention report (chat card, text form, CLI, errors), from the
// catalogues (retention.*) in the reader's locale: retentionWords(locale) gives them all at once.
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import type { DropOutRate, GroupComparison, LoopState, RetentionScopeInfo } from "../retention.js";
import { num } from "./format.js";
import { pValue, sharePercent } from "./percent.js";

type Breakdown = Record<Exclude<LoopState, "closed">, { customers: number; droppedOut: number }>;
const NOT_CLOSED = ["unclaimed", "in_progress", "closed_without_contact", "no_case"] as const;

export function retentionWords(L: Locale = SOURCE_LOCALE) {
  const sep = t(L, "list.separator");
  const rate = (r: DropOutRate, minSample: number) => rateText(r, minSample, L);
  const test = (x: GroupComparison, minSample: number) => testText(x, minSample, L);
  return {
    title: t(L, "retention.title"),
    kind: (k: RetentionScopeInfo["kind"]) => t(L, "retention.kind", { kind: k }),
    dates: (from: string, to: string, zone: string) => t(L, "retention.dates", { from, to, zone }),
    within: (days: number) => t(L, "retention.within", { days }),
    noCustomers: t(L, "retention.noCustomers"),
    overall: t(L, "retention.overall"),
    byAnswer: t(L, "retention.byAnswer"),
    promoters: t(L, "retention.promoters"),
    passives: t(L, "retention.passives"),
    detractors: t(L, "retention.detractors"),
    loopSection: t(L, "retention.loopSection"),
    closedLoop: t(L, "retention.closedLoop"),
    notClosed: t(L, "retention.notClosed"),
    loopTest: t(L, "retention.loopTest"),
    yearSection: t(L, "retention.yearSection"),
    programme: t(L, "retention.programme"),
    nonProgramme: t(L, "retention.nonProgramme"),
    /** "12.5% (95% CI 8.1-18.0%) · 20 of 160 customers". */
    rate,
    breakdown: (b: Breakdown) => {
      const parts = NOT_CLOSED.filter((k) => b[k].customers > 0).map((k) =>
        t(L, "retention.breakdownItem", {
          label: t(L, `retention.breakdown.${k}`),
          dropped: b[k].droppedOut,
          customers: b[k].customers,
        }),
      );
      return parts.length ? t(L, "retention.breakdown", { parts: parts.join(sep) }) : "";
    },
    test,
    /** " (of which …)" after a rate; full-width brackets in Chinese. */
    aside: (text: string) => t(L, "retention.aside", { text }),
    /** ": " between a label and its figures in the text form ("：" in Chinese). */
    colon: L.startsWith("zh") ? "：" : ": ",
    yearRow: (companies: number, current: DropOutRate, before: DropOutRate, x: GroupComparison, minSample: number) =>
      t(L, "retention.yearRow", {
        companies: t(L, "impact.companies", { n: companies }),
        current: rate(current, minSample),
        before: rate(before, minSample),
        test: test(x, minSample),
      }),
    incomplete: (n: number, total: number, days: number) => t(L, "retention.incomplete", { n, total, days }),
    horizonNote: t(L, "retention.horizonNote"),
    noYearBefore: t(L, "retention.noYearBefore"),
    tooFewNote: (minSample: number) => t(L, "retention.tooFewNote", { min: minSample }),
    fallbackHeader: (name: string, kind: string, slug: string) =>
      t(L, "retention.fallbackHeader", { name, kind: t(L, "retention.kindWord", { kind }), slug }),
    fallbackPeriod: (label: string, dates: string) =>
      t(L, "retention.fallbackPeriod", {
        period: label === dates ? dates : t(L, "retention.periodWithDates", { label, dates }),
      }),
    // Asking for the report.
    whichArea: (areas: string[]) =>
      areas.length ? t(L, "retention.whichArea", { areas: areas.join(sep) }) : t(L, "retention.whichAreaNone"),
    areaNotVisible: (asked: string) => t(L, "retention.areaNotVisible", { area: asked }),
    personNotSupported: t(L, "retention.personNotSupported"),
    tooManyWords: (text: string) => t(L, "retention.tooManyWords", { text }),
    withinInvalid: (got: string) => t(L, "retention.withinInvalid", { got }),
    noArea: (asked: string, areas: string[]) =>
      areas.length
        ? t(L, "retention.noArea", { area: asked, areas: areas.join(sep) })
        : t(L, "retention.noAreaNone", { area: asked }),
  };
}

export type RetentionWords = ReturnType<typeof retentionWords>;

/** The English words (services' refusals, logs of the CLI); views use retentionWords(locale). */
export const RETENTION_TEXT: RetentionWords = retentionWords(SOURCE_LOCALE);

function rateText(r: DropOutRate, minSample: number, L: Locale): string {
  if (r.customers === 0) return t(L, "retention.noneCustomers");
  const counts = t(L, "retention.counts", {
    dropped: r.droppedOut,
    customers: t(L, "retention.customers", { n: r.customers }),
  });
  if (r.rate === null || r.low === null || r.high === null) return t(L, "retention.tooFew", { counts, min: minSample });
  return t(L, "retention.rate", {
    share: sharePercent(L, r.rate),
    low: sharePercent(L, r.low),
    high: sharePercent(L, r.high),
    counts,
  });
}

function testText(x: GroupComparison, minSample: number, L: Locale): string {
  if (x.pValue === null || x.differencePoints === null) return t(L, "retention.notTested", { min: minSample });
  const p = x.pValue < 0.001 ? `p < ${pValue(L, 0.001)}` : `p = ${pValue(L, x.pValue)}`;
  const sign = x.differencePoints > 0 ? "+" : "";
  const diff = t(L, "retention.points", { diff: `${sign}${num(x.differencePoints, L)}` });
  return t(L, x.significant ? "retention.real" : "retention.noise", { diff, p });
}
