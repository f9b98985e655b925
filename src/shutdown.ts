// Stops an app once on SIGINT/SIGTERM, giving up after 10 s; shared by `npm start` and `demo run`.
import type { App } from "./app.js";
import type { Logger } from "./log.js";

/** Resolves after the app stopped cleanly on the first SIGINT or SIGTERM. */
export function stopOnSignal(app: App, log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "stopping");
      const force = setTimeout(() => {
        log.error("did not stop within 10 s; exiting");
        process.exit(1);
      }, 10_000);
      force.unref();
      await app.stop();
      log.info("stopped cleanly");
      resolve();
    };
    process.once("SIGINT", () => void stop("SIGINT"));
    process.once("SIGTERM", () => void stop("SIGTERM"));
  });
}
