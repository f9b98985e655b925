// The one place that builds every repository, for a client or for a transaction: services ask for
// `repositories(db.client)` (reads) or run `inTransaction(db, (repos) => ...)` (atomic writes), so a
// new repository is added here once and every service can reach it the same way.
import type { DbClient, DbContext } from "../context.js";
import { CaseRepository } from "./cases.js";
import { CoachingRepository } from "./coaching.js";
import { DemoRepository } from "./demo.js";
import { ImpactRepository } from "./impact.js";
import { JobRunRepository, ScheduleScanRepository } from "./jobs.js";
import { OrgRepository } from "./org.js";
import { OrgAdminRepository } from "./org-admin.js";
import { OutboxRepository } from "./outbox.js";
import { OutboxDeliveryRepository } from "./outbox-delivery.js";
import { PrivacyRepository } from "./privacy.js";
import { ReportsRepository } from "./reports.js";
import { ResponseRepository, SurveySourceRepository } from "./responses.js";
import { RetentionRepository } from "./retention.js";
import { StatsRepository } from "./stats.js";

export interface Repositories {
  cases: CaseRepository;
  coaching: CoachingRepository;
  demo: DemoRepository;
  impact: ImpactRepository;
  jobRuns: JobRunRepository;
  scheduleScan: ScheduleScanRepository;
  org: OrgRepository;
  orgAdmin: OrgAdminRepository;
  outbox: OutboxRepository;
  outboxDelivery: OutboxDeliveryRepository;
  privacy: PrivacyRepository;
  reports: ReportsRepository;
  responses: ResponseRepository;
  retention: RetentionRepository;
  surveySources: SurveySourceRepository;
  stats: StatsRepository;
}

/** Every repository over one client (the pool, or a transaction's client); each built on first use. */
export function repositories(client: DbClient): Repositories {
  const made = new Map<keyof Repositories, unknown>();
  const lazy = <K extends keyof Repositories>(key: K, build: () => Repositories[K]) => ({
    get: () => {
      if (!made.has(key)) made.set(key, build());
      return made.get(key) as Repositories[K];
    },
    enumerable: true,
  });
  const repos = {} as Repositories;
  Object.defineProperties(repos, {
    cases: lazy("cases", () => new CaseRepository(client)),
    coaching: lazy("coaching", () => new CoachingRepository(client)),
    demo: lazy("demo", () => new DemoRepository(client)),
    impact: lazy("impact", () => new ImpactRepository(client)),
    jobRuns: lazy("jobRuns", () => new JobRunRepository(client)),
    scheduleScan: lazy("scheduleScan", () => new ScheduleScanRepository(client)),
    org: lazy("org", () => new OrgRepository(client)),
    orgAdmin: lazy("orgAdmin", () => new OrgAdminRepository(client)),
    outbox: lazy("outbox", () => new OutboxRepository(client)),
    outboxDelivery: lazy("outboxDelivery", () => new OutboxDeliveryRepository(client)),
    privacy: lazy("privacy", () => new PrivacyRepository(client)),
    reports: lazy("reports", () => new ReportsRepository(client)),
    responses: lazy("responses", () => new ResponseRepository(client)),
    retention: lazy("retention", () => new RetentionRepository(client)),
    surveySources: lazy("surveySources", () => new SurveySourceRepository(client)),
    stats: lazy("stats", () => new StatsRepository(client)),
  });
  return repos;
}

/** Runs `fn` in one transaction with every repository bound to it. */
export function inTransaction<T>(
  db: DbContext,
  fn: (repos: Repositories) => Promise<T>,
  opts?: { timeoutMs?: number },
): Promise<T> {
  return db.transaction((tx) => fn(repositories(tx)), opts);
}
