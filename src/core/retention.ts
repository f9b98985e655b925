// The retention report (pure): of the customers who answered a survey in a period, the share who
// dropped out within N days, by promoter / passive / detractor; for detractors, closed loop vs not;
// and the period's drop-out rate against the same period a year before, programme vs non-programme.
// The counting is done in SQL (db/repositories/retention.ts); this turns counts into honest figures:
// Wilson 95% intervals, Fisher's exact test, no rate under the minimum sample.
//
// Follow-up: a customer counts as dropped out when a `dropped_out` event falls on the day they
// answered or within N days after. Days not yet lived cannot be counted, so each customer's window
// ends at the latest at the report's horizon (today); the year-before figures use the horizon a year
// earlier, so both periods are measured alike. `incomplete` says how many windows were cut short.
import { DateTime } from "luxon";
import { fisherExact, wilsonInterval } from "./proportions.js";

export const DEFAULT_WITHIN_DAYS = 180;
export const MAX_WITHIN_DAYS = 3660;
/** The quarter before this one: most of its customers have months of follow-up behind them. */
export const DEFAULT_RETENTION_PERIOD = "last-quarter";
export const SIGNIFICANCE_LEVEL = 0.05;

/** What happened to a detractor's follow-up case. */
export type LoopState =
  /** Contacted and resolved: resolved with the customer reached (outcome recovered or not recovered). */
  | "closed"
  /** Nobody claimed it. */
  | "unclaimed"
  /** Claimed (or contacted), not resolved yet. */
  | "in_progress"
  /** Resolved without reaching the customer (unreachable, even after calls; or closed by a score update). */
  | "closed_without_contact"
  /** No case (the response arrived before cases existed, or its case was removed). */
  | "no_case";

export type RetentionCategory = "promoter" | "passive" | "detractor";

/** One group of customers as the SQL counts them. */
export interface RetentionCountRow {
  /** True for the year-before period. */
  yearBefore: boolean;
  inProgramme: boolean;
  category: RetentionCategory;
  /** Null for promoters and passives. */
  loop: LoopState | null;
  customers: number;
  droppedOut: number;
  /** Customers whose N-day window was cut short by the horizon. */
  incomplete: number;
}

export interface RetentionScopeInfo {
  kind: "team" | "company" | "area";
  slug: string;
  name: string;
}

export interface RetentionInput {
  scope: RetentionScopeInfo;
  period: { label: string; from: Date; to: Date; timeZone: string };
  yearBefore: { from: Date; to: Date };
  withinDays: number;
  horizon: Date;
  minSample: number;
  rows: RetentionCountRow[];
  /** Companies in the scope by programme, for the labels. */
  companies: { inProgramme: boolean; count: number }[];
}

/** A drop-out share with the counts behind it. `rate`, `low` and `high` are null under the minimum sample. */
export interface DropOutRate {
  customers: number;
  droppedOut: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface GroupComparison {
  /** The table the test ran on: first group's drop-outs / stays, second group's drop-outs / stays. */
  table: { a: number; b: number; c: number; d: number };
  /** Fisher's exact test, two-sided; null when either group is under the minimum sample. */
  pValue: number | null;
  significant: boolean;
  /** First group's rate minus the second's, in percentage points (null as pValue). */
  differencePoints: number | null;
}

export interface ProgrammeYearRow {
  inProgramme: boolean;
  companies: number;
  current: DropOutRate;
  yearBefore: DropOutRate;
  /** Current vs year before. */
  test: GroupComparison;
}

export interface RetentionReport {
  scope: RetentionScopeInfo;
  period: { label: string; from: Date; to: Date; timeZone: string };
  yearBefore: { from: Date; to: Date };
  withinDays: number;
  horizon: Date;
  minSample: number;
  overall: DropOutRate;
  incomplete: number;
  byCategory: Record<"promoters" | "passives" | "detractors", DropOutRate>;
  detractorLoop: {
    closed: DropOutRate;
    notClosed: DropOutRate;
    /** Customers in each "not closed" state, and how many of them dropped out. */
    notClosedBreakdown: Record<Exclude<LoopState, "closed">, { customers: number; droppedOut: number }>;
    /** Closed loop (first) vs not (second). */
    test: GroupComparison;
  };
  programme: ProgrammeYearRow[];
}

export function dropOutRate(droppedOut: number, customers: number, minSample: number): DropOutRate {
  if (customers < Math.max(1, minSample)) return { customers, droppedOut, rate: null, low: null, high: null };
  const ci = wilsonInterval(droppedOut, customers);
  return { customers, droppedOut, rate: droppedOut / customers, low: ci.low, high: ci.high };
}

/** Fisher's exact test of two groups' drop-outs; untested when either is under the minimum sample. */
export function compareRates(first: DropOutRate, second: DropOutRate, minSample: number): GroupComparison {
  const table = {
    a: first.droppedOut,
    b: first.customers - first.droppedOut,
    c: second.droppedOut,
    d: second.customers - second.droppedOut,
  };
  const enough = Math.min(first.customers, second.customers) >= Math.max(1, minSample);
  if (!enough) return { table, pValue: null, significant: false, differencePoints: null };
  const pValue = fisherExact(table);
  return {
    table,
    pValue,
    significant: pValue < SIGNIFICANCE_LEVEL,
    differencePoints: (first.droppedOut / first.customers - second.droppedOut / second.customers) * 100,
  };
}

export function buildRetentionReport(input: RetentionInput): RetentionReport {
  const { rows, minSample } = input;
  const sum = (keep: (r: RetentionCountRow) => boolean) => {
    let customers = 0;
    let droppedOut = 0;
    let incomplete = 0;
    for (const r of rows) {
      if (!keep(r)) continue;
      customers += r.customers;
      droppedOut += r.droppedOut;
      incomplete += r.incomplete;
    }
    return { customers, droppedOut, incomplete };
  };
  const rate = (keep: (r: RetentionCountRow) => boolean) => {
    const s = sum(keep);
    return dropOutRate(s.droppedOut, s.customers, minSample);
  };
  const now = (r: RetentionCountRow) => !r.yearBefore;
  const closed = rate((r) => now(r) && r.category === "detractor" && r.loop === "closed");
  const notClosed = rate((r) => now(r) && r.category === "detractor" && r.loop !== "closed");
  const breakdownOf = (loop: LoopState) => {
    const s = sum((r) => now(r) && r.category === "detractor" && r.loop === loop);
    return { customers: s.customers, droppedOut: s.droppedOut };
  };
  const programme: ProgrammeYearRow[] = [true, false].flatMap((inProgramme) => {
    const companies = input.companies.find((c) => c.inProgramme === inProgramme)?.count ?? 0;
    if (companies === 0) return [];
    const current = rate((r) => now(r) && r.inProgramme === inProgramme);
    const yearBefore = rate((r) => r.yearBefore && r.inProgramme === inProgramme);
    return [{ inProgramme, companies, current, yearBefore, test: compareRates(current, yearBefore, minSample) }];
  });
  return {
    scope: input.scope,
    period: input.period,
    yearBefore: input.yearBefore,
    withinDays: input.withinDays,
    horizon: input.horizon,
    minSample,
    overall: rate(now),
    incomplete: sum(now).incomplete,
    byCategory: {
      promoters: rate((r) => now(r) && r.category === "promoter"),
      passives: rate((r) => now(r) && r.category === "passive"),
      detractors: rate((r) => now(r) && r.category === "detractor"),
    },
    detractorLoop: {
      closed,
      notClosed,
      notClosedBreakdown: {
        unclaimed: breakdownOf("unclaimed"),
        in_progress: breakdownOf("in_progress"),
        closed_without_contact: breakdownOf("closed_without_contact"),
        no_case: breakdownOf("no_case"),
      },
      test: compareRates(closed, notClosed, minSample),
    },
    programme,
  };
}

/** The same local dates one year earlier (29 February falls back to the 28th). */
export function sameDatesYearBefore(period: { from: Date; to: Date }, timeZone: string): { from: Date; to: Date } {
  const back = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).minus({ years: 1 }).toJSDate();
  return { from: back(period.from), to: back(period.to) };
}

/** Who may see an area's figures: those who may see every company (admins, client-side directors). */
export function canSeeArea(viewer: { active: boolean; role: string; companyId: number | null } | null): boolean {
  if (!viewer?.active) return false;
  return viewer.role === "admin" || (viewer.role === "director" && viewer.companyId === null);
}
