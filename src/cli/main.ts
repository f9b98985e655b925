// The `nps-loop` command. Each sub-command lives in its own file and registers itself here.
import { Command } from "commander";
import { asAppError } from "../core/errors.js";
import { translateDbError } from "../db/errors.js";

type Register = (program: Command) => void;

/**
 * Each top-level command and the module that registers it, loaded only when that command runs (or
 * for help): `nps-loop nps` does not load the demo's server, the CSV importer or the job runner.
 * A new command adds one line here.
 */
export const COMMANDS: Record<string, () => Promise<Register>> = {
  db: async () => (await import("./db.js")).registerDbCommands,
  nps: async () => (await import("./nps.js")).registerNpsCommands,
  org: async () => (await import("./org.js")).registerOrgCommands,
  demo: async () => (await import("./demo.js")).registerDemoCommands,
  import: async () => (await import("./import.js")).registerImportCommands,
  privacy: async () => (await import("./privacy.js")).registerPrivacyCommands,
  jobs: async () => (await import("./jobs.js")).registerJobsCommands,
  impact: async () => (await import("./impact.js")).registerImpactCommands,
  coaching: async () => (await import("./impact.js")).registerImpactCommands,
  "import-events": async () => (await import("./import-events.js")).registerImportEventsCommand,
  retention: async () => (await import("./retention.js")).registerRetentionCommand,
};

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

/** The CLI with the command named in `argv` registered, or every command when none is named (help). */
export async function buildCli(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command("nps-loop")
    .description("NPS Loop: close the loop on NPS feedback in Slack and Microsoft Teams")
    .showHelpAfterError();
  const named = argv.slice(2).find((a) => !a.startsWith("-"));
  const load = named && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]!] : Object.values(COMMANDS);
  // One module may register several commands (impact and coaching): register each module once.
  for (const register of new Set(await Promise.all(load.map((l) => l())))) register(program);
  return program;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/src\//, "/src/"));
if (isEntry || process.env.NPS_LOOP_CLI === "1") {
  buildCli(process.argv)
    .then((cli) => cli.parseAsync(process.argv))
    // Exit once done: engine and driver handles must not keep a finished command waiting.
    .then(() => process.exit(process.exitCode ?? 0))
    .catch((e) => {
      console.error(cliFailureText(e, process.env.LOG_LEVEL));
      process.exit(1);
    });
}
