// The run coordinator: each job slot runs once across every instance sharing the database. It is
// node-cron's RunCoordinator (node-cron asks shouldRun(`<job>:<slot ISO>`) before each distributed
// tick), backed by the JobRun table's unique (job, slot): the instance whose insert succeeds runs
// the slot. `nps-loop jobs run` goes through the same ledger, so a manual run of a slot that
// already ran is refused instead of sending twice.
import { createTask, type RunCoordinator, type ScheduledTask } from "node-cron";
import { AppError } from "../core/errors.js";
import { type JobRunRecord, JobRunRepository } from "../db/repositories/jobs.js";
import type { CoreDeps } from "../deps.js";
import type { JobCounts, JobDefinition } from "./types.js";

export type RunOutcome =
  | { status: "ok"; slot: string; counts: JobCounts }
  | { status: "skipped"; slot: string; holder: JobRunRecord | null };

export function slotKey(job: string, slot: Date): string {
  return `${job}:${slot.toISOString()}`;
}

function parseKey(key: string): { job: string; slot: string } {
  const i = key.indexOf(":");
  if (i <= 0) throw new AppError("VALIDATION_FAILED", `run coordinator key must be "<job>:<slot>", got "${key}"`);
  return { job: key.slice(0, i), slot: key.slice(i + 1) };
}

export class JobCoordinator implements RunCoordinator {
  constructor(
    private readonly deps: CoreDeps,
    readonly owner: string,
  ) {}

  private repo() {
    return new JobRunRepository(this.deps.db.client);
  }

  /** node-cron's hook: true for exactly one instance per job and slot. */
  async shouldRun(key: string, ttlMs: number): Promise<boolean> {
    const { job, slot } = parseKey(key);
    const now = this.deps.clock.now();
    const r = await this.repo().tryStart(job, slot, this.owner, now, new Date(now.getTime() - ttlMs));
    if (!r.won) this.deps.metrics.jobRuns.inc({ job, status: "skipped" });
    return r.won;
  }

  /** Runs an elected slot and records its counts or error in the ledger. */
  async execute(job: JobDefinition, slot: Date, at: Date = slot): Promise<JobCounts> {
    const slotIso = slot.toISOString();
    const log = this.deps.log.child({ job: job.name, slot: slotIso });
    try {
      const counts = await job.run(this.deps, at);
      await this.repo().finish(job.name, slotIso, this.owner, { status: "ok", at: this.deps.clock.now(), counts });
      this.deps.metrics.jobRuns.inc({ job: job.name, status: "ok" });
      log.info({ counts }, `job ${job.name} done`);
      return counts;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      await this.repo()
        .finish(job.name, slotIso, this.owner, { status: "failed", at: this.deps.clock.now(), error })
        .catch(() => {});
      this.deps.metrics.jobRuns.inc({ job: job.name, status: "failed" });
      log.error({ err }, `job ${job.name} failed`);
      throw err;
    }
  }

  /**
   * Runs `job` as if at `at`: elects the slot the schedule has at that instant (the latest tick at
   * or before it), then runs. Both instances of a pair calling this for one slot run it once.
   */
  async runAt(job: JobDefinition, at: Date): Promise<RunOutcome> {
    const slot = latestTick(job.cron, at);
    const slotIso = slot.toISOString();
    if (!(await this.shouldRun(slotKey(job.name, slot), job.leaseMs))) {
      return { status: "skipped", slot: slotIso, holder: await this.repo().find(job.name, slotIso) };
    }
    return { status: "ok", slot: slotIso, counts: await this.execute(job, slot, at) };
  }
}

// Matchers for cron expressions (never started: only their match() is used), one per expression.
const matchers = new Map<string, ScheduledTask>();
function matcher(cron: string): ScheduledTask {
  let task = matchers.get(cron);
  if (!task) {
    task = createTask(cron, () => {}, { timezone: "UTC" });
    matchers.set(cron, task);
  }
  return task;
}

const MINUTE = 60_000;
const SEARCH_MINUTES = 8 * 24 * 60;

/** The latest instant at or before `at` that matches a UTC cron expression (searched back 8 days). */
export function latestTick(cron: string, at: Date): Date {
  const task = matcher(cron);
  let t = Math.floor(at.getTime() / MINUTE) * MINUTE;
  for (let i = 0; i < SEARCH_MINUTES; i++, t -= MINUTE) {
    const d = new Date(t);
    if (task.match(d)) return d;
  }
  throw new AppError("VALIDATION_FAILED", `cron "${cron}" has no tick in the 8 days before ${at.toISOString()}`);
}

/** The next instant after `after` that matches a UTC cron expression. */
export function nextTick(cron: string, after: Date): Date {
  const task = matcher(cron);
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < SEARCH_MINUTES; i++, t += MINUTE) {
    const d = new Date(t);
    if (task.match(d)) return d;
  }
  throw new AppError("VALIDATION_FAILED", `cron "${cron}" has no tick in the 8 days after ${after.toISOString()}`);
}
