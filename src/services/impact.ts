// The programme's impact (`/nps impact`, `nps impact`, `nps-loop impact`): which companies and
// windows to compare, the counts from SQL, and the view a viewer may see (rules in
// core/impact-report.ts: staff get no impact report; others see companies other than their own
// anonymised unless they are an admin or the client's director).
import type { Config } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import type { Locale } from "../core/i18n/index.js";
import { DEFAULT_IMPACT_WINDOW_DAYS, type ProgrammeCompany, planWindows } from "../core/impact.js";
import {
  buildImpactView,
  type ImpactView,
  type ImpactVisibility,
  impactVisibility,
  maySeeImpact,
} from "../core/impact-report.js";
import { windowProblemText } from "../core/messages/impact.js";
import type { PersonRecord } from "../core/types.js";
import type { DbContext } from "../db/context.js";
import { repositories } from "../db/repositories/index.js";

export interface ImpactServiceDeps {
  db: DbContext;
  clock: Clock;
  config: Pick<Config, "MIN_SAMPLE">;
}

export interface ImpactAsk {
  /** An area's name (any case); null = the viewer's area, or every area for those who see all. */
  area: string | null;
  /** Window either side of each start: "90d", "12w"; null = the default 90 days. */
  window: string | null;
  /** The reader's language, for the problem with a window (English when absent). */
  locale?: Locale;
}

export type ImpactAnswer =
  | { ok: true; view: ImpactView }
  | { ok: false; reason: "not_allowed" }
  | { ok: false; reason: "unknown_area"; area: string; areas: string[] };

/** The whole picture, every company named (the CLI, run by whoever runs the server). */
export const FULL_VISIBILITY: ImpactVisibility = { named: true, ownCompanyId: null, teamIds: null };

const MIN_WINDOW_DAYS = 7;
const MAX_WINDOW_DAYS = 365;

/** "90d", "12w" or a bare number of days, 7 to 365; throws VALIDATION_FAILED with the fix otherwise. */
export function parseWindowDays(spec: string | null, locale?: Locale): number {
  if (spec === null || spec.trim() === "") return DEFAULT_IMPACT_WINDOW_DAYS;
  const m = /^(\d{1,3})([dw]?)$/i.exec(spec.trim());
  const days = m ? Number(m[1]) * (m[2]?.toLowerCase() === "w" ? 7 : 1) : Number.NaN;
  if (!(days >= MIN_WINDOW_DAYS && days <= MAX_WINDOW_DAYS)) {
    throw new AppError("VALIDATION_FAILED", windowProblemText(spec, MIN_WINDOW_DAYS, MAX_WINDOW_DAYS, locale));
  }
  return days;
}

export type ImpactService = ReturnType<typeof createImpactService>;

export function createImpactService(deps: ImpactServiceDeps) {
  const repos = () => repositories(deps.db.client);

  /** The impact report as `viewer` may see it (null viewer: the CLI's full view). */
  async function impact(viewer: PersonRecord | null, ask: ImpactAsk): Promise<ImpactAnswer> {
    if (viewer !== null && !maySeeImpact(viewer)) return { ok: false, reason: "not_allowed" };
    const windowDays = parseWindowDays(ask.window, ask.locale);
    const vis = viewer === null ? FULL_VISIBILITY : impactVisibility(viewer);
    const { impact: repo, org } = repos();
    let area = ask.area?.trim() || null;
    if (area === null && !vis.named && vis.ownCompanyId !== null) {
      area = (await org.companyById(vis.ownCompanyId))?.area ?? null;
    }
    const data = await repo.org(area);
    if (area !== null && data.companies.length === 0) {
      return { ok: false, reason: "unknown_area", area, areas: await repo.areas() };
    }
    if (area !== null) area = data.companies.find((c) => c.area !== null)?.area ?? area;

    const programme: ProgrammeCompany[] = data.companies
      .filter((c) => c.programmeStart !== null)
      .map((c) => ({ id: c.id, area: c.area, programmeStart: c.programmeStart!, programmeEnd: c.programmeEnd }));
    const now = deps.clock.now();
    const plan = planWindows(programme, now, windowDays);
    const counts = await repo.windowCounts(plan.windows);
    // A window whose area has no comparison company measures nothing: say so instead of a line.
    const withComparison = new Set(counts.companies.filter((c) => !c.programme).map((c) => c.window));
    const keep = plan.windows.map((_, i) => withComparison.has(i));
    const renumber = new Map<number, number>();
    keep.forEach((k, i) => {
      if (k) renumber.set(i, renumber.size);
    });
    const view = buildImpactView(
      {
        area,
        windowDays,
        minSample: deps.config.MIN_SAMPLE,
        windows: plan.windows.filter((_, i) => keep[i]),
        notMeasured: [
          ...plan.notMeasured,
          ...plan.windows
            .filter((_, i) => !keep[i])
            .map((w) => ({ companyId: w.companyId, reason: "no_comparison" as const })),
        ],
        companyCounts: counts.companies
          .filter((c) => keep[c.window])
          .map((c) => ({ ...c, window: renumber.get(c.window)! })),
        teamCounts: counts.teams.filter((t) => keep[t.window]).map((t) => ({ ...t, window: renumber.get(t.window)! })),
        org: { companies: data.companies, teams: data.teams },
        withoutStartDate: data.companies.filter((c) => c.inProgramme && c.programmeStart === null).length,
      },
      vis,
    );
    return { ok: true, view };
  }

  return { impact };
}
