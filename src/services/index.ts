// Every service, built once in the composition root (src/app.ts) and handed to the platform
// folders: Slack and Teams reach data and rules only through these, never through the database.

import type { CoreDeps } from "../deps.js";
import { type AccessService, createAccessService } from "./access.js";
import { type CaseService, createCaseService } from "./cases.js";
import { type ChannelService, createChannelService } from "./channels.js";
import { type ChartService, createChartService } from "./charts.js";
import { type CoachingService, createCoachingService } from "./coaching.js";
import { type CoachingEffectService, createCoachingEffectService } from "./coaching-effect.js";
import { createHomeService, type HomeService } from "./home.js";
import { createImpactService, type ImpactService } from "./impact.js";
import { createLanguageService, type LanguageService } from "./language.js";
import { createQueryService, type QueryService } from "./queries.js";
import { createRetentionService, type RetentionService } from "./retention.js";

export interface Services {
  /** Claim, resolve, reassign, notes; card views; the permission pre-check before a form opens. */
  cases: CaseService;
  /** NPS reports. */
  queries: QueryService;
  /** Planning, listing and closing coaching sessions; weekly reminders on or off. */
  coaching: CoachingService;
  /** Whose report an ask is about, and finding a person, as a given viewer. */
  access: AccessService;
  /** Linking a chat channel to a team. */
  channels: ChannelService;
  /** What a person's home shows (Slack App Home). */
  home: HomeService;
  /** Does the programme work: programme vs comparison companies, before vs after the start. */
  impact: ImpactService;
  /** NPS before vs after completed coaching sessions, against uncoached colleagues. */
  coachingEffect: CoachingEffectService;
  /** Charts (PNG with alt text) of a team, company or person. */
  charts: ChartService;
  /** Customer drop-outs after answering (the retention report). */
  retention: RetentionService;
  /** Whose language an answer is in; a person's own choice. */
  language: LanguageService;
}

export function createServices(deps: CoreDeps): Services {
  const cases = createCaseService(deps);
  const queries = createQueryService(deps);
  const coaching = createCoachingService(deps);
  const access = createAccessService(deps);
  return {
    cases,
    queries,
    coaching,
    access,
    channels: createChannelService(deps),
    language: createLanguageService(deps),
    home: createHomeService({ db: deps.db, log: deps.log, cases, queries, coaching }),
    impact: createImpactService(deps),
    coachingEffect: createCoachingEffectService({ ...deps, access }),
    charts: createChartService({ ...deps, queries }),
    retention: createRetentionService({ ...deps, access }),
  };
}

/**
 * What the platform folders (src/slack, src/teams) get: the core deps without the database, and the
 * services. Reads through to `core`, so a later change there (the deliverer's outbox kick) is seen.
 */
export interface PlatformDeps extends Omit<CoreDeps, "db"> {
  services: Services;
}

export function platformDeps(core: CoreDeps, services: Services): PlatformDeps {
  return {
    get config() {
      return core.config;
    },
    get log() {
      return core.log;
    },
    get clock() {
      return core.clock;
    },
    get metrics() {
      return core.metrics;
    },
    get platforms() {
      return core.platforms;
    },
    outboxKick: () => core.outboxKick(),
    services,
  };
}
