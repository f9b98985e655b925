// `npm start`: parse the environment, build the app, serve until SIGTERM/SIGINT.
import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/env.js";
import { asAppError } from "./core/errors.js";
import { openDatabase } from "./db/client.js";
import { translateDbError } from "./db/errors.js";
import { createLogger } from "./log.js";
import { stopOnSignal } from "./shutdown.js";

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  // The server owns DATA_DIR's embedded database (a lock; a second server is refused) and serves it
  // on a local socket for the CLI and psql.
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolSize: config.DATABASE_POOL_SIZE,
    holder: "nps-loop server",
  });
  const app = await buildApp({ config, log, database });
  await app.start();
  if (database.share) log.info({ psql: database.share.url }, `embedded database served at ${database.share.url}`);
  await stopOnSignal(app, log);
  process.exit(0);
}

main().catch((err) => {
  // Coded errors (a bad ORG_FILE, an unreachable database) are the user's to fix: say what, not a stack.
  // Driver errors (database down at start-up) are translated; anything else is a bug: logged in full.
  const e = asAppError(err, translateDbError);
  if (e.code !== "INTERNAL") {
    console.error(e.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
