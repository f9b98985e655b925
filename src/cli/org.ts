// `nps-loop org apply <file.yaml> [--dry-run] [--prune]`.
import type { Command } from "commander";
import { OrgFileError } from "../core/org-file.js";
import { applyOrgFile, formatOrgSummary } from "../services/org.js";
import { withCliContext } from "./context.js";

export function registerOrgCommands(program: Command): void {
  const org = program.command("org").description("Companies, teams, people, channels and survey tools");
  org
    .command("apply")
    .description("Make the database match an org YAML file (idempotent; see examples/org.yaml)")
    .argument("<file>", "the org file, e.g. examples/org.yaml")
    .option("--dry-run", "validate and show what would change, writing nothing")
    .option("--prune", "deactivate people, disable survey sources and delete routing rules the file leaves out")
    .action(async (file: string, opts: { dryRun?: boolean; prune?: boolean }) => {
      await withCliContext(async ({ database, log }) => {
        try {
          const summary = await applyOrgFile({ db: database.ctx, log }, file, {
            dryRun: Boolean(opts.dryRun),
            prune: Boolean(opts.prune),
          });
          console.log(formatOrgSummary(summary));
        } catch (e) {
          if (!(e instanceof OrgFileError)) throw e;
          console.error(e.message);
          process.exitCode = 1;
        }
      });
    });
}
