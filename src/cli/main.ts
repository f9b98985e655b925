// The `nps-loop` command. Each sub-command lives in its own file and registers itself here.
import { Command } from "commander";
import { registerDbCommands } from "./db.js";
import { registerDemoCommands } from "./demo.js";
import { registerImportCommands } from "./import.js";
import { registerJobsCommands } from "./jobs.js";
import { registerNpsCommands } from "./nps.js";
import { registerOrgCommands } from "./org.js";
import { registerPrivacyCommands } from "./privacy.js";

export function buildCli(): Command {
  const program = new Command("nps-loop")
    .description("NPS Loop: close the loop on NPS feedback in Slack and Microsoft Teams")
    .showHelpAfterError();
  registerDbCommands(program);
  registerNpsCommands(program);
  registerOrgCommands(program);
  registerDemoCommands(program);
  registerImportCommands(program);
  registerPrivacyCommands(program);
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
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
