// Programme membership by date: companies whose org file gives programme dates have in_programme
// derived from them. `nps-loop org apply` derives it for the day of the apply; this keeps it true
// on the days after (a start date that arrives, an end date that passes) without a new apply.
import type { DbClient } from "../context.js";

export interface MembershipChange {
  slug: string;
  inProgramme: boolean;
}

export class ProgrammeRepository {
  constructor(private readonly db: DbClient) {}

  /** Sets in_programme from the dates for `today` (YYYY-MM-DD, UTC) where it differs; returns the changes. */
  async refreshMembership(today: string): Promise<MembershipChange[]> {
    const rows = await this.db.$queryRaw<{ slug: string; in_programme: boolean }[]>`
      UPDATE companies
         SET in_programme = NOT in_programme, updated_at = now()
       WHERE programme_start IS NOT NULL
         AND in_programme IS DISTINCT FROM (programme_start <= ${today}::date
                                            AND (programme_end IS NULL OR programme_end > ${today}::date))
      RETURNING slug, in_programme`;
    return rows
      .map((r) => ({ slug: r.slug, inProgramme: r.in_programme }))
      .sort((a, b) => a.slug.localeCompare(b.slug));
  }
}
