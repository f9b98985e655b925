// What every Slack listener gets: the platform deps (no database) and the services it calls (never
// reimplemented). The services are built once in src/app.ts.
import type { ChartLinks } from "../charts/links.js";
import type { Logger } from "../log.js";
import type { AccessService } from "../services/access.js";
import type { CaseService } from "../services/cases.js";
import type { CoachingService } from "../services/coaching.js";
import type { PlatformDeps, Services } from "../services/index.js";
import type { QueryService } from "../services/queries.js";

export interface SlackDeps {
  core: PlatformDeps;
  log: Logger;
  services: Services;
  cases: CaseService;
  queries: QueryService;
  coaching: CoachingService;
  access: AccessService;
  /** Signed links to chart PNGs this server serves (the App Home's chart); null without PUBLIC_URL. */
  chartLinks: ChartLinks | null;
}

export function createSlackDeps(core: PlatformDeps, chartLinks: ChartLinks | null = null): SlackDeps {
  const { services } = core;
  return {
    core,
    log: core.log.child({ platform: "slack" }),
    services,
    cases: services.cases,
    queries: services.queries,
    coaching: services.coaching,
    access: services.access,
    chartLinks,
  };
}

/** Seconds since `start` for the chat answer histogram. */
export function observeAnswer(deps: SlackDeps, kind: string, start: number): void {
  deps.core.metrics.chatAnswer.observe({ platform: "slack", kind }, (performance.now() - start) / 1000);
}
