// What every Slack listener gets: the core deps and the services it calls (never reimplemented).
import type { CoreDeps } from "../deps.js";
import type { Logger } from "../log.js";
import { type CaseService, createCaseService } from "../services/cases.js";
import { type CoachingService, createCoachingService } from "../services/coaching.js";
import { createQueryService, type QueryService } from "../services/queries.js";

export interface SlackDeps {
  core: CoreDeps;
  log: Logger;
  cases: CaseService;
  queries: QueryService;
  coaching: CoachingService;
}

export function createSlackDeps(core: CoreDeps): SlackDeps {
  return {
    core,
    log: core.log.child({ platform: "slack" }),
    cases: createCaseService(core),
    queries: createQueryService({ db: core.db, clock: core.clock, config: core.config }),
    coaching: createCoachingService(core),
  };
}

/** Seconds since `start` for the chat answer histogram. */
export function observeAnswer(deps: SlackDeps, kind: string, start: number): void {
  deps.core.metrics.chatAnswer.observe({ platform: "slack", kind }, (performance.now() - start) / 1000);
}
