// The impact report's content (pure): from the windows' counts to lines per area, company and team,
// with what a viewer may see applied. Admins and the client's directors (no company) see every
// company by name; anyone else sees their own company by name and every other company anonymised,
// and team lines of their own company only (a manager: of their own teams only).

import {
  addGroup,
  type CellFigure,
  type EffectLine,
  EMPTY_GROUP,
  effectLine,
  type GroupCounts,
  type ImpactWindow,
  type NotMeasuredReason,
  type RelativeFigure,
  relativeFigure,
  windowsOverlap,
} from "./impact.js";
import type { NpsCounts } from "./nps.js";
import { hasEnoughData, npsOf, totalOf } from "./nps.js";
import type { PersonRecord } from "./types.js";

/** Counts of one company (programme or comparison) in one programme company's windows. */
export interface WindowCompanyCounts {
  window: number;
  companyId: number;
  programme: boolean;
  counts: GroupCounts;
}

/** Counts of one team of a programme company in that company's windows. */
export interface WindowTeamCounts {
  window: number;
  teamId: number;
  counts: GroupCounts;
}

export interface ImpactOrg {
  companies: { id: number; slug: string; name: string; area: string | null; inProgramme: boolean }[];
  teams: { id: number; slug: string; name: string; companyId: number }[];
}

export interface ImpactInput {
  area: string | null;
  windowDays: number;
  minSample: number;
  windows: ImpactWindow[];
  notMeasured: { companyId: number; reason: NotMeasuredReason }[];
  companyCounts: WindowCompanyCounts[];
  teamCounts: WindowTeamCounts[];
  org: ImpactOrg;
  /** Programme companies (inProgramme) of the area that have no start date: not measurable. */
  withoutStartDate: number;
}

/** What the viewer may see by name. */
export interface ImpactVisibility {
  /** Every company and team by name (admins, the client's directors). */
  named: boolean;
  /** The viewer's own company, named even when others are anonymised. */
  ownCompanyId: number | null;
  /** Team lines limited to these teams (managers); null = every team the viewer may name. */
  teamIds: number[] | null;
}

export function impactVisibility(viewer: PersonRecord): ImpactVisibility {
  if (viewer.role === "admin" || (viewer.role === "director" && viewer.companyId === null)) {
    return { named: true, ownCompanyId: null, teamIds: null };
  }
  return {
    named: false,
    ownCompanyId: viewer.companyId,
    teamIds: viewer.role === "manager" ? viewer.teamIds : null,
  };
}

/** May this viewer ask for the impact report at all? Staff see only their own figures. */
export function maySeeImpact(viewer: PersonRecord): boolean {
  return viewer.active && viewer.role !== "staff";
}

export interface ImpactCompanyLine {
  /** The company's name, or an anonymous label ("Programme company A"). */
  label: string;
  slug: string | null;
  own: boolean;
  area: string;
  start: string;
  days: number;
  line: EffectLine;
}

export interface ImpactTeamLine {
  label: string;
  slug: string;
  company: string;
  line: EffectLine;
}

export interface ComparisonCompanyLine {
  label: string;
  slug: string | null;
  before: CellFigure;
  after: CellFigure;
  counts: GroupCounts;
}

export interface ImpactView {
  area: string | null;
  windowDays: number;
  minSample: number;
  /** Programme companies measured, and comparison companies behind them. */
  programmeCompanies: number;
  comparisonCompanies: number;
  overall: EffectLine;
  /** The relative figure the programme used, over all measured companies. */
  relative: RelativeFigure | null;
  areas: { area: string; line: EffectLine }[];
  companies: ImpactCompanyLine[];
  teams: ImpactTeamLine[];
  comparison: ComparisonCompanyLine[];
  notMeasured: { label: string; reason: NotMeasuredReason }[];
  withoutStartDate: number;
  /** Comparison answers counted in overlapping windows: the interval is somewhat too narrow. */
  overlapping: boolean;
  anonymised: boolean;
}

export function buildImpactView(input: ImpactInput, vis: ImpactVisibility): ImpactView {
  const { minSample } = input;
  const company = new Map(input.org.companies.map((c) => [c.id, c]));
  const team = new Map(input.org.teams.map((t) => [t.id, t]));
  const comparisonOf = new Map<number, GroupCounts>();
  const programmeOf = new Map<number, GroupCounts>();
  const perComparisonCompany = new Map<number, GroupCounts>();
  for (const r of input.companyCounts) {
    if (r.programme) {
      programmeOf.set(r.window, addGroup(programmeOf.get(r.window) ?? EMPTY_GROUP, r.counts));
    } else {
      comparisonOf.set(r.window, addGroup(comparisonOf.get(r.window) ?? EMPTY_GROUP, r.counts));
      perComparisonCompany.set(r.companyId, addGroup(perComparisonCompany.get(r.companyId) ?? EMPTY_GROUP, r.counts));
    }
  }

  let programmeAll = EMPTY_GROUP;
  let comparisonAll = EMPTY_GROUP;
  const byArea = new Map<string, { p: GroupCounts; c: GroupCounts }>();
  const canName = (companyId: number) => vis.named || companyId === vis.ownCompanyId;
  const programmeLabels = anonymousLabels(
    input.windows.map((w) => w.companyId).filter((id) => !canName(id)),
    "Programme company",
  );
  const companies: ImpactCompanyLine[] = [];
  const teams: ImpactTeamLine[] = [];
  input.windows.forEach((w, i) => {
    const p = programmeOf.get(i) ?? EMPTY_GROUP;
    const c = comparisonOf.get(i) ?? EMPTY_GROUP;
    programmeAll = addGroup(programmeAll, p);
    comparisonAll = addGroup(comparisonAll, c);
    const a = byArea.get(w.area) ?? { p: EMPTY_GROUP, c: EMPTY_GROUP };
    byArea.set(w.area, { p: addGroup(a.p, p), c: addGroup(a.c, c) });
    const co = company.get(w.companyId);
    const named = canName(w.companyId);
    companies.push({
      label: named ? (co?.name ?? `#${w.companyId}`) : programmeLabels.get(w.companyId)!,
      slug: named ? (co?.slug ?? null) : null,
      own: w.companyId === vis.ownCompanyId,
      area: w.area,
      start: w.start.toISOString().slice(0, 10),
      days: w.days,
      line: effectLine(p, c, minSample),
    });
    if (!named) return;
    for (const t of input.teamCounts.filter((x) => x.window === i)) {
      const tm = team.get(t.teamId);
      if (!tm || (vis.teamIds !== null && !vis.teamIds.includes(t.teamId))) continue;
      teams.push({ label: tm.name, slug: tm.slug, company: co?.name ?? "", line: effectLine(t.counts, c, minSample) });
    }
  });

  const comparisonIds = [...perComparisonCompany.keys()];
  const comparisonLabels = anonymousLabels(
    comparisonIds.filter((id) => !canName(id)),
    "Comparison company",
  );
  const comparison = comparisonIds.map((id) => {
    const g = perComparisonCompany.get(id)!;
    const named = canName(id);
    return {
      label: named ? (company.get(id)?.name ?? `#${id}`) : comparisonLabels.get(id)!,
      slug: named ? (company.get(id)?.slug ?? null) : null,
      before: figure(g.before, minSample),
      after: figure(g.after, minSample),
      counts: g,
    };
  });
  const notLabels = anonymousLabels(
    input.notMeasured.map((n) => n.companyId).filter((id) => !canName(id)),
    "Programme company",
    programmeLabels.size,
  );

  return {
    area: input.area,
    windowDays: input.windowDays,
    minSample,
    programmeCompanies: input.windows.length,
    comparisonCompanies: comparisonIds.length,
    overall: effectLine(programmeAll, comparisonAll, minSample),
    relative: relativeFigure(programmeAll.after, comparisonAll.after, minSample),
    areas: [...byArea].map(([area, g]) => ({ area, line: effectLine(g.p, g.c, minSample) })),
    companies,
    teams,
    comparison,
    notMeasured: input.notMeasured.map((n) => ({
      label: canName(n.companyId) ? (company.get(n.companyId)?.name ?? `#${n.companyId}`) : notLabels.get(n.companyId)!,
      reason: n.reason,
    })),
    withoutStartDate: input.withoutStartDate,
    overlapping: windowsOverlap(input.windows),
    anonymised: !vis.named,
  };
}

function figure(c: NpsCounts, minSample: number): CellFigure {
  return { n: totalOf(c), nps: hasEnoughData(totalOf(c), minSample) ? npsOf(c) : null };
}

/**
 * "Comparison company A", "B", ... in id order (ids say nothing about a company's name or size), the
 * same company getting the same letter throughout one report.
 */
function anonymousLabels(ids: number[], prefix: string, offset = 0): Map<number, string> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  return new Map(unique.map((id, i) => [id, `${prefix} ${letter(i + offset)}`]));
}

function letter(i: number): string {
  return i < 26
    ? String.fromCharCode(65 + i)
    : `${letter(Math.floor(i / 26) - 1)}${String.fromCharCode(65 + (i % 26))}`;
}
