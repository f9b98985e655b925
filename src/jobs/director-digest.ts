// Ticks every 5 minutes; each director gets the weekly digest on Monday at 08:00 in their own zone.
import { createDigestService } from "../services/digests.js";
import type { JobDefinition } from "./types.js";

export const directorDigestJob: JobDefinition = {
  name: "director-digest",
  description: "Weekly (Monday 08:00 local) digest to directors: NPS by team, SLA, root causes, programme comparison",
  cron: "3-59/5 * * * *",
  leaseMs: 15 * 60_000,
  run: (deps, at) => createDigestService(deps).sendDue(at),
  nextLocal: (deps, after) => createDigestService(deps).nextSlot(after),
};
