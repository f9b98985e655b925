// `nps-loop retention <team-or-company> | --area <name> [--period last-quarter] [--within 180] [--json]`:
// the same report as `/nps retention` in chat; --json includes the counts behind every figure.
import type { Command } from "commander";
import { systemClock } from "../core/clock.js";
import { isAppError } from "../core/errors.js";
import { retentionWords } from "../core/messages/retention.js";
import { PERIOD_FORMS } from "../core/periods.js";
import { DEFAULT_RETENTION_PERIOD, DEFAULT_WITHIN_DAYS } from "../core/retention.js";
import { buildRetentionCard } from "../core/retention-card.js";
import { createQueryService } from "../services/queries.js";
import { createRetentionService, type RetentionTarget } from "../services/retention.js";
import { withCliContext } from "./context.js";
import { cliLocale } from "./nps.js";

interface Flags {
  area?: string;
  company?: boolean;
  period: string;
  within: string;
  tz?: string;
  json?: boolean;
  locale?: string;
}

export function registerRetentionCommand(program: Command): void {
  program
    .command("retention")
    .description("Print the customer drop-out report of a team, a company or an area")
    .argument("[target]", "team or company slug (a team wins when both have it)")
    .option("--area <name>", "report on an area (programme vs non-programme companies)")
    .option("--company", "report on the company with this slug even if a team has it too")
    .option(
      "-p, --period <period>",
      `the period customers answered in: ${PERIOD_FORMS.join("; ")}`,
      DEFAULT_RETENTION_PERIOD,
    )
    .option("--within <days>", "count drop-outs within this many days of the answer", String(DEFAULT_WITHIN_DAYS))
    .option("--tz <zone>", "count the period's days in this IANA time zone instead of the scope's own")
    .option("--json", "print the report as JSON, with the counts behind every figure")
    .option("--locale <tag>", "the language of the text: en, es or zh-Hant-HK (default: LC_ALL, LC_MESSAGES or LANG)")
    .action(async (target: string | undefined, flags: Flags) => {
      const within = Number(flags.within);
      if (!/^\d+$/.test(flags.within.trim())) {
        // Before the config is read: the terminal's language, else English.
        console.error(retentionWords(cliLocale(flags.locale, process.env, "en")).withinInvalid(flags.within));
        process.exitCode = 2;
        return;
      }
      if (!target && !flags.area) {
        console.error("Name a team or company (nps-loop retention <slug>) or an area (--area <name>).");
        process.exitCode = 2;
        return;
      }
      await withCliContext(async ({ config, database }) => {
        const locale = cliLocale(flags.locale, process.env, config.DEFAULT_LOCALE);
        const T = retentionWords(locale);
        const deps = { db: database.ctx, clock: systemClock, config };
        const queries = createQueryService(deps);
        const retention = createRetentionService(deps);
        try {
          let t: RetentionTarget;
          if (flags.area) t = { kind: "area", area: flags.area };
          else if (flags.company) t = { kind: "company", slug: target! };
          else {
            const found = await queries.findTarget(target!);
            if (found.target.kind === "person" || !("slug" in found.target)) {
              throw new Error(T.personNotSupported);
            }
            t = { kind: found.target.kind as "team" | "company", slug: found.target.slug };
          }
          const report = await retention.report(t, {
            period: flags.period,
            withinDays: within,
            ...(flags.tz ? { timeZone: flags.tz } : {}),
          });
          console.log(flags.json ? JSON.stringify(report, null, 2) : buildRetentionCard(report, locale).fallback);
        } catch (e) {
          if (!isAppError(e) && !(e instanceof Error && e.message === T.personNotSupported)) throw e;
          console.error((e as Error).message);
          process.exitCode = 1;
        }
      });
    });
}
