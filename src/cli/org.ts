// `nps-loop org apply <file.yaml> [--dry-run] [--prune]`.
import type { Command } from "commander";
import { OrgFileError } from "../core/org-file.js";
import { applyOrgFile, formatOrgSummary } from "../services/org.js";
import { withCliContext } from "./context.js";

/** Postgres's buffer pool for an apply that opens the embedded database itself (MB). */
export const ORG_APPLY_SHARED_BUFFERS_MB = 16;

export function registerOrgCommands(program: Command): void {
  const org = program.command("org").description("Companies, teams, people, channels and survey tools");
  org
    .command("apply")
    .description("Make the database match an org YAML file (idempotent; see examples/org.yaml)")
    .argument("<file>", "the org file, e.g. examples/org.yaml")
    .option("--dry-run", "validate and show what would change, writing nothing")
    .option("--prune", "deactivate people, disable survey sources and delete routing rules the file leaves out")
    .action(async (file: string, opts: { dryRun?: boolean; prune?: boolean }) => {
      // When this command opens the embedded files itself (no server running), a 16 MB buffer pool
      // instead of the server's 32 MB: the apply writes each table once, in set-based statements,
      // so no page is read twice, and a 20,000-person apply then peaks ~15 MB lower
      // (bench/org-apply.ts; target 300 MB).
      await withCliContext(
        async ({ database, log }) => {
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
        },
        { sharedBuffersMb: ORG_APPLY_SHARED_BUFFERS_MB },
      );
    });
}
