// Charts of a team, company or person: the weekly series from ChartsRepository, the spec from
// core/charts (pure), the PNG from src/charts. Platform folders and the CLI ask this for a PNG and
// its alt text; who may see whose chart is decided by the access service, as for the report.
import { DateTime } from "luxon";
import type { ChartRenderer, RenderedChart, RenderOptions } from "../charts/render.js";
import type { Config } from "../config/env.js";
import { buildProgrammeChart, buildRootCauseChart, buildTrendChart } from "../core/charts/specs.js";
import type { ChartKind, ChartSpec } from "../core/charts/types.js";
import type { Clock } from "../core/clock.js";
import { AppError } from "../core/errors.js";
import { parsePeriod, weekStarts } from "../core/periods.js";
import type { DbContext } from "../db/context.js";
import { ChartsRepository } from "../db/repositories/charts.js";
import { OrgRepository } from "../db/repositories/org.js";
import type { QueryService, ReportTarget } from "./queries.js";

/** The period a chart covers unless asked otherwise: about a quarter of weeks. */
export const DEFAULT_CHART_PERIOD = "12w";
/** A trend needs some weeks to be one: shorter periods are widened to this many weeks. */
export const MIN_CHART_WEEKS = 8;

export interface ChartRequest {
  kind: ChartKind;
  target: ReportTarget;
  period?: string;
  /** The reader's locale (words, numbers, dates, font); English when absent or unknown. */
  locale?: string;
  /** Count weeks in this zone instead of the scope's own. */
  timeZone?: string;
  /** Marked on the programme chart when given and within the weeks shown. */
  programmeStart?: Date | null;
  width?: number;
  height?: number;
  /** A small picture for a card beside the report (no subtitle, no axis titles). */
  compact?: boolean;
  /** Draw the chart as of this time (a link made earlier), not now. */
  asOf?: Date;
}

export interface ChartServiceDeps {
  db: DbContext;
  clock: Clock;
  config: Pick<Config, "MIN_SAMPLE">;
  queries: Pick<QueryService, "resolveScope">;
  /** Defaults to the resvg renderer; tests may pass another. */
  render?: ChartRenderer;
}

export type ChartService = ReturnType<typeof createChartService>;

/**
 * The resvg renderer, loaded with the first chart drawn: Vega, Vega-Lite and resvg weigh about 30 MB
 * of resident memory (bench/memory.ts) that a server drawing no chart need not carry.
 */
const renderOnDemand: ChartRenderer = async (chart, options) =>
  (await import("../charts/render.js")).renderChart(chart, options);

export function createChartService(deps: ChartServiceDeps) {
  const { db, clock, config, queries } = deps;
  const render = deps.render ?? renderOnDemand;
  const repo = () => new ChartsRepository(db.client);

  /**
   * The start marked on the programme chart when none is asked for: the scope's own company's
   * programme start, else the earliest start among the programme companies of its area (org file).
   */
  async function programmeStartOf(scope: { companyId: number | null; area: string | null }): Promise<Date | null> {
    const companies = (await new OrgRepository(db.client).listCompanies()).filter((c) => c.programmeStart);
    const own = companies.find((c) => c.id === scope.companyId);
    const starts = (own ? [own] : companies.filter((c) => c.area === scope.area)).map((c) => c.programmeStart!).sort();
    return starts[0] ? new Date(`${starts[0]}T00:00:00Z`) : null;
  }

  /** The chart's spec and alt text (no pixels): what `render` draws. */
  async function spec(req: ChartRequest): Promise<ChartSpec> {
    const scope = await queries.resolveScope(req.target);
    const timeZone = req.timeZone ?? scope.timeZone;
    const now = req.asOf ?? clock.now();
    const period = parsePeriod(req.period ?? DEFAULT_CHART_PERIOD, timeZone, now);
    let weeks = weekStarts(period.from, period.to, timeZone);
    if (weeks.length < MIN_CHART_WEEKS) {
      const from = DateTime.fromJSDate(period.to, { zone: timeZone })
        .minus({ weeks: MIN_CHART_WEEKS - 1 })
        .startOf("week")
        .toJSDate();
      weeks = weekStarts(from, period.to, timeZone);
    }
    const window = { weekStarts: weeks.map((w) => w.start), to: period.to };
    const options = {
      locale: req.locale ?? "en",
      ...(req.width ? { width: req.width } : {}),
      ...(req.height ? { height: req.height } : {}),
      ...(req.compact ? { compact: true } : {}),
    };
    switch (req.kind) {
      case "trend": {
        const counts = await repo().weeklyCounts(scope, window);
        return buildTrendChart(
          {
            scopeName: scope.name,
            timeZone,
            minSample: config.MIN_SAMPLE,
            weeks: window.weekStarts.map((weekStart, i) => ({ weekStart, counts: counts[i]! })),
          },
          options,
        );
      }
      case "programme": {
        if (scope.area === null) {
          throw new AppError(
            "VALIDATION_FAILED",
            `${scope.name} has no area, so there are no comparison companies: give its company an \`area\` in the org file`,
          );
        }
        const series = await repo().weeklyAreaCounts(scope.area, window);
        return buildProgrammeChart(
          {
            area: scope.area,
            timeZone,
            minSample: config.MIN_SAMPLE,
            programmeStart: req.programmeStart !== undefined ? req.programmeStart : await programmeStartOf(scope),
            weeks: window.weekStarts.map((weekStart, i) => ({ weekStart, ...series[i]! })),
          },
          options,
        );
      }
      case "root-causes": {
        const causes = await repo().weeklyRootCauses(scope, window);
        return buildRootCauseChart(
          {
            scopeName: scope.name,
            timeZone,
            weeks: window.weekStarts.map((weekStart, i) => ({ weekStart, causes: causes[i]! })),
          },
          options,
        );
      }
    }
  }

  /** The chart as a PNG with its alt text. */
  async function png(req: ChartRequest, options: RenderOptions = {}): Promise<RenderedChart & { kind: ChartKind }> {
    const chart = await spec(req);
    return { ...(await render(chart, options)), kind: chart.kind };
  }

  /**
   * The charts that go with a report: the trend, the programme comparison when the scope has an
   * area (teams and companies), and the root-cause mix.
   */
  async function reportCharts(
    target: ReportTarget,
    ask: Omit<ChartRequest, "kind" | "target"> = {},
    options: RenderOptions = {},
  ): Promise<(RenderedChart & { kind: ChartKind })[]> {
    const scope = await queries.resolveScope(target);
    const kinds: ChartKind[] =
      scope.kind !== "person" && scope.area !== null ? ["trend", "programme", "root-causes"] : ["trend", "root-causes"];
    const out: (RenderedChart & { kind: ChartKind })[] = [];
    // One after another: each render is CPU-bound, so parallel renders would only interleave.
    for (const kind of kinds) out.push(await png({ ...ask, kind, target }, options));
    return out;
  }

  return { spec, png, reportCharts };
}
