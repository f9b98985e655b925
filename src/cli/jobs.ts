// `nps-loop jobs list|run|dead-letters|requeue`: see and drive the scheduled jobs and the outbox.
// `jobs run` goes through the same run coordinator as the schedules, so a slot that already ran
// (here or on a server) is refused rather than sent twice.
import type { Command } from "commander";
import { instanceId } from "../app.js";
import { systemClock } from "../core/clock.js";
import { isAppError } from "../core/errors.js";
import { JobRunRepository } from "../db/repositories/jobs.js";
import { OutboxDeliveryRepository } from "../db/repositories/outbox-delivery.js";
import { JobCoordinator, nextTick } from "../jobs/coordinator.js";
import { ALL_JOBS, findJob } from "../jobs/index.js";
import { fail, withCliContext } from "./context.js";
import { cliDeps } from "./import.js";

function parseAt(value: string | undefined): Date {
  if (value === undefined) return systemClock.now();
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    fail(
      `--at must be an ISO time with a zone, e.g. 2026-03-30T09:00:00+02:00 or 2026-03-30T07:00:00Z (got "${value}")`,
      2,
    );
  }
  return at;
}

const fmtCounts = (c: Record<string, number> | null) =>
  c
    ? Object.entries(c)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")
    : "";

export function registerJobsCommands(program: Command): void {
  const jobs = program
    .command("jobs")
    .description("Scheduled jobs (reminders, nudges, digests, SLA watch) and the outbox");

  jobs
    .command("list")
    .description("Each job with its schedule, next run and last run")
    .action(async () => {
      await withCliContext(async (ctx) => {
        const deps = cliDeps(ctx);
        const now = deps.clock.now();
        const runs = new JobRunRepository(ctx.database.prisma);
        for (const job of ALL_JOBS) {
          const [last] = await runs.latest(job.name);
          const local = job.nextLocal ? await job.nextLocal(deps, now) : null;
          console.log(`${job.name}\n  ${job.description}`);
          console.log(`  ticks: "${job.cron}" (UTC), next tick ${nextTick(job.cron, now).toISOString()}`);
          if (job.nextLocal)
            console.log(`  next send: ${local ? `${local.at.toISOString()} (${local.what})` : "nobody to send to"}`);
          console.log(
            last
              ? `  last run: slot ${last.slot} on ${last.owner}, ${last.status}${last.counts ? ` (${fmtCounts(last.counts)})` : ""}${last.error ? `: ${last.error}` : ""}`
              : "  last run: never",
          );
        }
        if (!ctx.config.JOBS_ENABLED)
          console.log("\nJOBS_ENABLED=false: this configuration does not run the schedules.");
      });
    });

  jobs
    .command("run")
    .description("Run a job now, as if at --at, through the run coordinator (a slot never runs twice)")
    .argument("<name>", `one of: ${ALL_JOBS.map((j) => j.name).join(", ")}`)
    .option("--at <iso>", "run as if at this instant (ISO 8601 with a zone); default now")
    .option("--json", "print the outcome as JSON")
    .action(async (name: string, opts: { at?: string; json?: boolean }) => {
      let job: ReturnType<typeof findJob>;
      try {
        job = findJob(name);
      } catch (e) {
        fail(isAppError(e) ? e.message : String(e), 2);
      }
      const at = parseAt(opts.at);
      await withCliContext(async (ctx) => {
        const deps = { ...cliDeps(ctx), clock: { now: () => at } };
        const coordinator = new JobCoordinator(deps, `cli-${instanceId(ctx.config)}`);
        const outcome = await coordinator.runAt(job, at);
        if (opts.json) {
          console.log(JSON.stringify(outcome, null, 2));
        } else if (outcome.status === "ok") {
          console.log(`${job.name} ran for slot ${outcome.slot}: ${fmtCounts(outcome.counts) || "nothing to do"}.`);
          console.log("Messages are in the outbox; a running server (DELIVERY_ENABLED) sends them.");
        } else {
          const h = outcome.holder;
          console.log(
            `${job.name} already ran for slot ${outcome.slot}${h ? ` (on ${h.owner}, ${h.status}${h.counts ? `: ${fmtCounts(h.counts)}` : ""})` : ""}; nothing was sent again.`,
          );
        }
      });
    });

  jobs
    .command("dead-letters")
    .description("List outbox messages that could not be delivered")
    .option("--limit <n>", "how many", "20")
    .action(async (opts: { limit: string }) => {
      await withCliContext(async ({ database }) => {
        const rows = await new OutboxDeliveryRepository(database.prisma).list({
          status: "dead",
          limit: Number(opts.limit) || 20,
        });
        if (rows.length === 0) console.log("No dead letters.");
        for (const r of rows) {
          console.log(
            `#${r.id} ${r.platform} ${r.kind} ${r.target} after ${r.attempts} attempt(s): ${r.lastError ?? "unknown error"}`,
          );
        }
      });
    });

  jobs
    .command("requeue")
    .description("Send a dead-lettered outbox message again (after fixing its cause)")
    .argument("<id>", "outbox row id, as shown in the admin alert or `jobs dead-letters`")
    .action(async (id: string) => {
      if (!/^\d+$/.test(id)) fail(`id must be a number such as 42 (got "${id}")`, 2);
      await withCliContext(async ({ database }) => {
        const ok = await new OutboxDeliveryRepository(database.prisma).requeueDead(Number(id), systemClock.now());
        if (!ok) fail(`outbox row #${id} is not a dead letter (see \`nps-loop jobs dead-letters\`)`);
        console.log(`Outbox row #${id} is queued again; a running server sends it.`);
      });
    });
}
