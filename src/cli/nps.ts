// `nps-loop nps <team-or-company> [--period 30d] [--json]`: the same report /nps gives in chat.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { CHART_KINDS, type ChartKind } from "../core/charts/types.js";
import { systemClock } from "../core/clock.js";
import { isAppError } from "../core/errors.js";
import { type Locale, matchLocale, resolveLocale, SUPPORTED_LOCALES } from "../core/i18n/index.js";
import { DEFAULT_PERIOD, PERIOD_FORMS } from "../core/periods.js";
import { formatReportText } from "../core/report-text.js";
import { ReportsRepository } from "../db/repositories/reports.js";
import { createChartService } from "../services/charts.js";
import { createQueryService, type ReportTarget } from "../services/queries.js";
import { withCliContext } from "./context.js";

interface NpsOptions {
  period: string;
  json?: boolean;
  company?: boolean;
  tz?: string;
  list?: boolean;
  chart?: string;
  chartKind: string;
  programmeStart?: string;
  locale?: string;
}

/** The report's language: --locale, else the terminal's (LC_ALL, LC_MESSAGES, LANG), else DEFAULT_LOCALE. */
export function cliLocale(flag: string | undefined, env: NodeJS.ProcessEnv, fallback: string): Locale {
  return resolveLocale([flag, env.LC_ALL, env.LC_MESSAGES, env.LANG], fallback);
}

const LIST_HINT = "Run `nps-loop nps --list` to see every team and company slug.";

export function registerNpsCommands(program: Command): void {
  program
    .command("nps")
    .description("Print the NPS report of a team, a company or a person (by email)")
    .argument("[target]", "team or company slug (a team wins when both have it), or a person's email")
    .option("-p, --period <period>", `report period: ${PERIOD_FORMS.join("; ")}`, DEFAULT_PERIOD)
    .option("--company", "report on the company with this slug even if a team has it too")
    .option("--tz <zone>", "count days and weeks in this IANA time zone instead of the scope's own")
    .option("--json", "print the report as JSON")
    .option("--list", "list the known team and company slugs")
    .option("--chart <file.png>", "also write a chart of the same scope and period as a PNG")
    .option("--chart-kind <kind>", `which chart: ${CHART_KINDS.join(", ")}`, "trend")
    .option("--programme-start <yyyy-mm-dd>", "mark the programme start on the programme chart")
    .option(
      "--locale <tag>",
      `language of the report and chart: ${SUPPORTED_LOCALES.join(", ")} (default: LANG, then DEFAULT_LOCALE)`,
    )
    .action(async (target: string | undefined, opts: NpsOptions) => {
      const chartProblem = opts.chart ? chartOptionProblem(opts) : null;
      if (chartProblem) {
        console.error(chartProblem);
        process.exitCode = 2;
        return;
      }
      await withCliContext(async ({ config, database }) => {
        if (opts.list) {
          const known = await new ReportsRepository(database.prisma).knownSlugs();
          console.log(`Teams: ${known.teams.join(", ") || "(none)"}`);
          console.log(`Companies: ${known.companies.join(", ") || "(none)"}`);
          return;
        }
        if (!target) {
          console.error(`Name a team or company: nps-loop nps <slug> [--period 30d]. ${LIST_HINT}`);
          process.exitCode = 2;
          return;
        }
        const queries = createQueryService({ db: database.ctx, clock: systemClock, config });
        try {
          let reportTarget: ReportTarget;
          if (opts.company) {
            reportTarget = { kind: "company", slug: target };
          } else {
            const found = await queries.findTarget(target);
            if (found.note) console.error(`Note: ${found.note.replace("ask for the company", "add --company")}`);
            reportTarget = found.target;
          }
          const view = await queries.report(reportTarget, opts.period, opts.tz ? { timeZone: opts.tz } : {});
          if (opts.locale && !matchLocale(opts.locale)) {
            console.error(
              `Note: --locale ${opts.locale} is not one of ${SUPPORTED_LOCALES.join(", ")}; using another.`,
            );
          }
          const locale = cliLocale(opts.locale, process.env, config.DEFAULT_LOCALE);
          console.log(opts.json ? JSON.stringify(view, null, 2) : formatReportText({ ...view, locale }));
          if (opts.chart) {
            const charts = createChartService({ db: database.ctx, clock: systemClock, config, queries });
            const chart = await charts.png({
              kind: opts.chartKind as ChartKind,
              target: reportTarget,
              period: opts.period,
              locale,
              ...(opts.tz ? { timeZone: opts.tz } : {}),
              ...(opts.programmeStart ? { programmeStart: new Date(`${opts.programmeStart}T00:00:00Z`) } : {}),
            });
            await writeFile(opts.chart, chart.png);
            console.error(`Chart written to ${opts.chart} (${chart.width}x${chart.height} px). Alt text: ${chart.alt}`);
          }
        } catch (e) {
          if (!isAppError(e)) throw e;
          const hint = e.code === "NOT_FOUND" && !target.includes("@") && !e.message.includes("none are set up");
          console.error(hint ? `${e.message}\n${LIST_HINT}` : e.message);
          process.exitCode = 1;
        }
      });
    });
}

/** What is wrong with the chart options, naming the option and the fix; null when they are fine. */
export function chartOptionProblem(
  opts: Pick<NpsOptions, "chart" | "chartKind" | "locale" | "programmeStart">,
): string | null {
  if (opts.chart && !opts.chart.toLowerCase().endsWith(".png")) {
    return `--chart: the file name must end in .png (got "${opts.chart}")`;
  }
  if (!(CHART_KINDS as readonly string[]).includes(opts.chartKind)) {
    return `--chart-kind: expected one of ${CHART_KINDS.join(", ")} (got "${opts.chartKind}")`;
  }
  if (opts.locale) {
    try {
      Intl.getCanonicalLocales(opts.locale);
    } catch {
      return `--locale: expected a language tag such as en-GB or zh-Hant-HK (got "${opts.locale}")`;
    }
  }
  if (opts.programmeStart !== undefined) {
    const ok =
      /^\d{4}-\d{2}-\d{2}$/.test(opts.programmeStart) && !Number.isNaN(Date.parse(`${opts.programmeStart}T00:00:00Z`));
    if (!ok) return `--programme-start: expected a date as yyyy-mm-dd, e.g. 2026-03-02 (got "${opts.programmeStart}")`;
  }
  return null;
}
