// Keeps each company's programme membership true to its programme dates as days pass (run daily by
// the programme-dates job and once at start-up). Idempotent: a second run on the same day changes
// nothing. The rule itself (start <= day < end) is core's inProgrammeOn, mirrored in the SQL.
import { ProgrammeRepository } from "../db/repositories/programme.js";
import type { CoreDeps } from "../deps.js";

export type ProgrammeService = ReturnType<typeof createProgrammeService>;

export function createProgrammeService(deps: Pick<CoreDeps, "db" | "log">) {
  return {
    /** Brings in_programme in line with the dates for the UTC day of `at`. */
    async refresh(at: Date): Promise<{ joined: number; left: number }> {
      const changes = await new ProgrammeRepository(deps.db.client).refreshMembership(at.toISOString().slice(0, 10));
      const joined = changes.filter((c) => c.inProgramme).map((c) => c.slug);
      const left = changes.filter((c) => !c.inProgramme).map((c) => c.slug);
      if (changes.length > 0) deps.log.info({ joined, left }, "programme membership follows the programme dates");
      return { joined: joined.length, left: left.length };
    },
  };
}
