// Every user-visible word of the retention report (chat card, text form, CLI, errors), as functions,
// in one module so that the whole report can move to a message catalogue in one step.
import type { DropOutRate, GroupComparison, LoopState, RetentionScopeInfo } from "../retention.js";
import { num, plural } from "./format.js";

export const RETENTION_TEXT = {
  title: "Customer drop-outs: ",
  kind: (k: RetentionScopeInfo["kind"]) => (k === "team" ? "Team" : k === "company" ? "Company" : "Area"),
  dates: (from: string, to: string, zone: string) => `${from} to ${to} (${zone})`,
  within: (days: number) => `Drop-outs within ${plural(days, "day")} of the answer`,
  noCustomers:
    "No customers with a customer reference answered a survey in this period, so there is nothing to follow up.",
  overall: "Dropped out",
  byAnswer: "By answer",
  promoters: "Promoters (9-10)",
  passives: "Passives (7-8)",
  detractors: "Detractors (0-6)",
  loopSection: "Detractors: closed loop or not",
  closedLoop: "Closed loop (contacted and resolved)",
  notClosed: "Not closed",
  loopTest: "Difference",
  yearSection: "Against the same period a year before",
  programme: "Programme companies",
  nonProgramme: "Non-programme companies",
  /** "12.5% (95% CI 8.1-18.0%) · 20 of 160 customers". */
  rate: (r: DropOutRate, minSample: number) => rateText(r, minSample),
  breakdown: (b: Record<Exclude<LoopState, "closed">, { customers: number; droppedOut: number }>) => {
    const parts = (
      [
        ["unclaimed", "unclaimed"],
        ["in_progress", "claimed, not resolved"],
        ["closed_without_contact", "closed without contact"],
        ["no_case", "no case"],
      ] as const
    )
      .filter(([k]) => b[k].customers > 0)
      .map(([k, label]) => `${label} ${b[k].droppedOut}/${b[k].customers}`);
    return parts.length ? `of which ${parts.join(", ")}` : "";
  },
  test: (t: GroupComparison, minSample: number) => testText(t, minSample),
  yearRow: (companies: number, current: DropOutRate, before: DropOutRate, t: GroupComparison, minSample: number) =>
    `${plural(companies, "company", "companies")}: now ${rateText(current, minSample)}; a year before ${rateText(before, minSample)}; ${testText(t, minSample)}`,
  incomplete: (n: number, total: number, days: number) =>
    `${n} of ${plural(total, "customer")} answered less than ${plural(days, "day")} ago: their drop-outs are counted up to today, and the year before is counted the same way.`,
  horizonNote: "Each customer counts once, by their last answer in the period.",
  noYearBefore: "No companies to compare.",
  tooFewNote: (minSample: number) =>
    `A rate is shown only from ${plural(minSample, "customer")} up (MIN_SAMPLE); below that, the counts alone.`,
  fallbackHeader: (name: string, kind: string, slug: string) => `Customer drop-outs: ${name} (${kind} ${slug})`,
  fallbackPeriod: (label: string, dates: string) => `Period: ${label === dates ? dates : `${label}, ${dates}`}`,
  // Asking for the report.
  help: "`retention [team|company|area <name>] [period]`: customers who dropped out within 180 days of answering, by promoter, passive and detractor (default period: last quarter)",
  teamsHelpLabel: "nps retention [team|company|area <name>] [period]",
  teamsHelpValue: "Customers who dropped out after answering, by promoter, passive and detractor, and a year before",
  whichArea: (areas: string[]) =>
    areas.length ? `Which area? Areas: ${areas.join(", ")}.` : "Which area? No company has an area set.",
  areaNotVisible: (asked: string) =>
    `You can't see area “${asked}”: area figures are for admins and directors who see every company. Ask for your company or team instead.`,
  personNotSupported:
    "Drop-out figures are for teams, companies and areas, not for one person. Ask for your team, e.g. `retention <team>`.",
  tooManyWords: (text: string) =>
    `I didn't understand “${text}”. Try: retention [team|company|area <name>] [period], e.g. retention area greater-manchester last-quarter`,
  withinInvalid: (got: string) => `--within must be a whole number of days from 1 to 3660, got ${got}`,
  noArea: (asked: string, areas: string[]) =>
    `No area “${asked}”.${areas.length ? ` Areas: ${areas.join(", ")}.` : " No company has an area set."}`,
} as const;

function share(x: number): string {
  const v = x * 100;
  return `${v < 10 && v > 0 ? num(v) : String(Math.round(v))}%`;
}

function rateText(r: DropOutRate, minSample: number): string {
  const counts = `${r.droppedOut} of ${plural(r.customers, "customer")}`;
  if (r.customers === 0) return "no customers";
  if (r.rate === null || r.low === null || r.high === null)
    return `${counts} (too few for a rate; ${minSample} needed)`;
  return `${share(r.rate)} (95% CI ${share(r.low)} to ${share(r.high)}) · ${counts}`;
}

function testText(t: GroupComparison, minSample: number): string {
  if (t.pValue === null || t.differencePoints === null) return `not tested (each side needs ${minSample} customers)`;
  const p = t.pValue < 0.001 ? "p < 0.001" : `p = ${t.pValue.toFixed(3)}`;
  const diff = `${t.differencePoints > 0 ? "+" : ""}${num(t.differencePoints)} points`;
  return t.significant
    ? `${diff}, ${p} (Fisher's exact test): a real difference`
    : `${diff}, ${p} (Fisher's exact test): within the noise`;
}
