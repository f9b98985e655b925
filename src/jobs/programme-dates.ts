// Daily, just after midnight UTC: companies join or leave the programme on their org-file dates.
import { createProgrammeService } from "../services/programme.js";
import type { JobDefinition } from "./types.js";

export const programmeDatesJob: JobDefinition = {
  name: "programme-dates",
  description: "Companies join or leave the programme on the dates in the org file (no new apply needed)",
  cron: "7 0 * * *",
  leaseMs: 10 * 60_000,
  run: (deps, at) => createProgrammeService(deps).refresh(at),
};
