// Drives jobs the way node-cron does: every tick of a job's cron between two instants, through the
// run coordinator, with the fake clock set to the tick.
import type { FakeClock } from "../../src/core/clock.js";
import { type JobCoordinator, nextTick } from "../../src/jobs/coordinator.js";
import type { JobDefinition } from "../../src/jobs/types.js";

export async function tickThrough(
  coordinators: JobCoordinator[],
  job: JobDefinition,
  clock: FakeClock,
  from: string | Date,
  to: string | Date,
  onTick?: (at: Date) => Promise<void> | void,
): Promise<{ ticks: number; ran: number; skipped: number }> {
  let at = nextTick(job.cron, new Date(new Date(from).getTime() - 60_000));
  const end = new Date(to).getTime();
  let ticks = 0;
  let ran = 0;
  let skipped = 0;
  while (at.getTime() <= end) {
    clock.set(at);
    // Every instance ticks the same slot at once; the ledger lets one of them run it.
    const outcomes = await Promise.all(coordinators.map((c) => c.runAt(job, at)));
    for (const o of outcomes) o.status === "ok" ? ran++ : skipped++;
    ticks++;
    await onTick?.(at);
    at = nextTick(job.cron, at);
  }
  return { ticks, ran, skipped };
}
