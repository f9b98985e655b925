// The `nps-loop` command. Each sub-command lives in its own file and registers itself here.
import { Command } from "commander";
import { asAppError } from "../core/errors.js";
import { translateDbError } from "../db/errors.js";
import { registerDbCommands } from "./db.js";
import { registerDemoCommands } from "./demo.js";
import { registerImportCommands } from "./import.js";
import { registerImportEventsCommand } from "./import-events.js";
import { registerJobsCommands } from "./jobs.js";
import { registerNpsCommands } from "./nps.js";
import { registerOrgCommands } from "./org.js";
import { registerPrivacyCommands } from "./privacy.js";
import { registerRetentionCommand } from "./retention.js";

/**
 * What the CLI prints for an error no command handled: its coded message (database errors
 * translated), never a stack or a driver's text; the original only with LOG_LEVEL=debug or trace.
 */
export function cliFailureText(e: unknown, logLevel?: string): string {
  const err = asAppError(e, translateDbError);
  const text =
    err.code === "INTERNAL"
      ? "INTERNAL: the command failed unexpectedly; run it again with LOG_LEVEL=debug to see the cause"
      : err.message;
  if (logLevel !== "debug" && logLevel !== "trace") return text;
  return `${text}\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

export function buildCli(): Command {
  const program = new Command("nps-loop")
    .description("NPS Loop: close the loop on NPS feedback in Slack and Microsoft Teams")
    .showHelpAfterError();
  registerDbCommands(program);
  registerNpsCommands(program);
  registerOrgCommands(program);
  registerDemoCommands(program);
  registerImportCommands(program);
  registerImportEventsCommand(program);
  registerPrivacyCommands(program);
  registerRetentionCommand(program);
  registerJobsCommands(program);
  return program;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, "/src/"));
if (isEntry || process.env.NPS_LOOP_CLI === "1") {
  buildCli()
    .parseAsync(process.argv)
    // Exit once done: engine and driver handles must not keep a finished command waiting.
    .then(() => process.exit(process.exitCode ?? 0))
    .catch((e) => {
      console.error(cliFailureText(e, process.env.LOG_LEVEL));
      process.exit(1);
    });
}
