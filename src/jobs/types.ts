// What a scheduled job is: a node-cron tick (in UTC) that calls one idempotent, batched service
// method for an instant and returns counts. Recipients' local times are decided inside the service,
// so one tick schedule serves every time zone.
import type { CoreDeps } from "../deps.js";

export type JobCounts = Record<string, number>;

export interface JobDefinition {
  name: string;
  description: string;
  /** node-cron expression, evaluated in UTC. Jobs tick at different minutes so they do not pile up. */
  cron: string;
  /** How long a run may hold its slot before another instance may retake it (it died mid-run). */
  leaseMs: number;
  /** Does the work due at `at`; safe to repeat for the same instant. */
  run(deps: CoreDeps, at: Date): Promise<JobCounts>;
  /** When its next recipient-level slot comes after `after` (for `nps-loop jobs list`). */
  nextLocal?(deps: CoreDeps, after: Date): Promise<{ at: Date; what: string } | null>;
}
