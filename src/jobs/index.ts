// The scheduled jobs and their registration on the app: node-cron ticks in UTC, each distributed
// through the database-backed run coordinator so a slot runs on one instance only.
import { type ScheduledTask, schedule } from "node-cron";
import type { AppContext } from "../app-context.js";
import { AppError } from "../core/errors.js";
import { JobCoordinator } from "./coordinator.js";
import { directorDigestJob } from "./director-digest.js";
import { managerNudgesJob } from "./manager-nudges.js";
import { programmeDatesJob } from "./programme-dates.js";
import { slaWatchJob } from "./sla-watch.js";
import { staffRemindersJob } from "./staff-reminders.js";
import type { JobDefinition } from "./types.js";

export const ALL_JOBS: readonly JobDefinition[] = [
  slaWatchJob,
  staffRemindersJob,
  managerNudgesJob,
  directorDigestJob,
  programmeDatesJob,
];

export function findJob(name: string): JobDefinition {
  const job = ALL_JOBS.find((j) => j.name === name);
  if (!job) {
    throw new AppError("NOT_FOUND", `no job "${name}"; the jobs are: ${ALL_JOBS.map((j) => j.name).join(", ")}`);
  }
  return job;
}

/** Starts every job's schedule with the app (when JOBS_ENABLED) and stops them on shutdown. */
export function registerJobs(ctx: AppContext): void {
  const { deps } = ctx;
  if (!deps.config.JOBS_ENABLED) {
    deps.log.info("scheduled jobs are off on this instance (JOBS_ENABLED=false)");
    return;
  }
  const tasks: ScheduledTask[] = [];
  const log = deps.log.child({ component: "jobs" });
  const logger = {
    info: (m: string) => log.debug(m),
    warn: (m: string) => log.warn(m),
    error: (m: string | Error, err?: Error) => log.error({ err: err ?? m }, String(m)),
    debug: (m: string | Error) => log.debug(String(m)),
  };
  ctx.onStart(async () => {
    const coordinator = new JobCoordinator(deps, ctx.instanceId);
    // Catch up on a programme date that passed while no instance ran at 00:07 UTC (idempotent).
    await programmeDatesJob.run(deps, deps.clock.now()).catch((err: unknown) => {
      log.warn({ err }, "could not bring programme membership up to date at start; the daily job will");
    });
    for (const job of ALL_JOBS) {
      const task = schedule(job.cron, (tick) => coordinator.execute(job, tick.date), {
        name: job.name,
        timezone: "UTC",
        noOverlap: true,
        // node-cron asks the coordinator (the JobRun ledger) before each tick: one instance runs it.
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: job.leaseMs,
        logger,
      });
      tasks.push(task);
    }
    log.info({ jobs: ALL_JOBS.map((j) => j.name), instance: coordinator.owner }, "scheduled jobs started");
  });
  ctx.onStop(async () => {
    for (const t of tasks.splice(0)) await t.destroy();
  });
}
