// Shared start-up for CLI commands: config, logger, database (migrated), and a clean close.
import { type Config, ConfigError, loadConfig } from "../config/env.js";
import { isAppError } from "../core/errors.js";
import { type Database, openDatabase } from "../db/client.js";
import { createLogger, type Logger } from "../log.js";

export interface CliContext {
  config: Config;
  log: Logger;
  database: Database;
}

export async function withCliContext<T>(
  fn: (ctx: CliContext) => Promise<T>,
  opts: { migrate?: boolean; sharedBuffersMb?: number } = {},
): Promise<T> {
  let config: Config;
  try {
    config = loadConfig({ LOG_LEVEL: "warn", ...process.env });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  let database: Database;
  try {
    // On the embedded database, a running server owns DATA_DIR: commands then go through its socket.
    database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      poolSize: 4,
      whenLocked: "connect",
      ...(opts.sharedBuffersMb ? { sharedBuffersMb: opts.sharedBuffersMb } : {}),
      holder: `nps-loop ${process.argv.slice(2, 4).join(" ")}`.trim(),
    });
  } catch (e) {
    if (isAppError(e, "DATABASE_UNAVAILABLE")) fail(e.message, 3);
    throw e;
  }
  try {
    if (opts.migrate !== false) await database.migrate();
    return await fn({ config, log, database });
  } finally {
    await database.close();
  }
}

/** Exit with a message and code for errors users can fix. */
export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}
