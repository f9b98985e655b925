// The dependencies every service gets, as one object (tests pass their own).
import type { Config } from "./config/env.js";
import type { Clock } from "./core/clock.js";
import type { ChatPlatform } from "./core/types.js";
import type { DbContext } from "./db/context.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";

export interface CoreDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  db: DbContext;
  metrics: Metrics;
  /** Chat platforms that can deliver (outbox rows are only enqueued for these). */
  platforms: ChatPlatform[];
  /** Called after a transaction that enqueued outbox rows commits: wakes the deliverer at once. */
  outboxKick(): void;
}
