// Every 5 minutes: reminders on unclaimed cards and escalations of overdue cases.
import { createSlaService } from "../services/sla.js";
import type { JobDefinition } from "./types.js";

export const slaWatchJob: JobDefinition = {
  name: "sla-watch",
  description: "Reminds the team in the thread of unclaimed cards; escalates overdue cases to directors (levels)",
  cron: "*/5 * * * *",
  leaseMs: 4 * 60_000,
  run: (deps, at) => createSlaService(deps).watch(at),
};
