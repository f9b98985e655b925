// `nps-loop impact [area] [--window 90d] [--json]` and `nps-loop coaching <team|company> [--json]`:
// the same reports as `/nps impact` and `/nps coaching`, every company named (whoever runs the CLI
// runs the server). --json carries the counts behind every figure, so each can be checked by hand.
import type { Command } from "commander";
import { systemClock } from "../core/clock.js";
import { isAppError } from "../core/errors.js";
import type { AnswerStyle } from "../core/messages/access.js";
import { coachingText, impactText, unknownAreaText, unknownTeamOrCompanyText } from "../core/messages/impact.js";
import { repositories } from "../db/repositories/index.js";
import { createAccessService } from "../services/access.js";
import { createCoachingEffectService } from "../services/coaching-effect.js";
import { createImpactService } from "../services/impact.js";
import { withCliContext } from "./context.js";
import { cliLocale } from "./nps.js";

const CLI_STYLE: AnswerStyle = {
  quote: (t) => `"${t}"`,
  code: (t) => t,
  command: (a) => `nps-loop ${a}`,
  strong: (t) => t,
};

export function registerImpactCommands(program: Command): void {
  program
    .command("impact")
    .description("Does the programme work? Programme vs comparison companies, NPS before vs after each start")
    .argument("[area]", "an area's name (default: every area)")
    .option("-w, --window <days>", "days or weeks either side of each start, e.g. 90d or 12w", "90d")
    .option("--json", "print the report as JSON, with the counts behind every figure")
    .option("--locale <tag>", "the language of the text: en, es or zh-Hant-HK (default: LC_ALL, LC_MESSAGES or LANG)")
    .action(async (area: string | undefined, opts: { window: string; json?: boolean; locale?: string }) => {
      await withCliContext(async ({ config, database }) => {
        const locale = cliLocale(opts.locale, process.env, config.DEFAULT_LOCALE);
        const impact = createImpactService({ db: database.ctx, clock: systemClock, config });
        try {
          const answer = await impact.impact(null, { area: area ?? null, window: opts.window });
          if (!answer.ok) {
            console.error(
              answer.reason === "unknown_area"
                ? unknownAreaText(answer.area, answer.areas, CLI_STYLE, locale)
                : answer.reason,
            );
            process.exitCode = 1;
            return;
          }
          console.log(opts.json ? JSON.stringify(answer.view, null, 2) : impactText(answer.view, locale));
        } catch (e) {
          if (!isAppError(e)) throw e;
          console.error(e.message);
          process.exitCode = 2;
        }
      });
    });

  program
    .command("coaching")
    .description("The coaching effect of a team or company: NPS before vs after completed sessions")
    .argument("<target>", "team or company slug (a team wins when both have it)")
    .option("--json", "print the report as JSON, with the counts behind every figure")
    .option("--locale <tag>", "the language of the text: en, es or zh-Hant-HK (default: LC_ALL, LC_MESSAGES or LANG)")
    .action(async (target: string, opts: { json?: boolean; locale?: string }) => {
      await withCliContext(async ({ config, database }) => {
        const locale = cliLocale(opts.locale, process.env, config.DEFAULT_LOCALE);
        const { org } = repositories(database.ctx.client);
        const slug = target.toLowerCase();
        const team = await org.teamBySlug(slug);
        const company = team ? null : await org.companyBySlug(slug);
        if (!team && !company) {
          console.error(unknownTeamOrCompanyText(target, locale));
          process.exitCode = 1;
          return;
        }
        const service = createCoachingEffectService({
          db: database.ctx,
          clock: systemClock,
          config,
          access: createAccessService({ db: database.ctx }),
        });
        const view = await service.forSubject(team ? { kind: "team", team } : { kind: "company", company: company! });
        console.log(opts.json ? JSON.stringify(view, null, 2) : coachingText(view, locale));
      });
    });
}
