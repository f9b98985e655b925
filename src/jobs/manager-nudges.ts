// Ticks every 5 minutes; each manager gets a nudge at 09:00 on weekdays in their own time zone,
// only when there is coaching due, an uncoached behavioural case, or a quiet week to celebrate.
import { createNudgeService } from "../services/nudges.js";
import type { JobDefinition } from "./types.js";

export const managerNudgesJob: JobDefinition = {
  name: "manager-nudges",
  description: "Daily (weekdays 09:00 local) nudge to managers: coaching due, uncoached cases, quiet-week thanks",
  cron: "2-59/5 * * * *",
  leaseMs: 10 * 60_000,
  run: (deps, at) => createNudgeService(deps).sendDue(at),
  nextLocal: (deps, after) => createNudgeService(deps).nextSlot(after),
};
