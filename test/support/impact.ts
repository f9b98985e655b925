// A small programme story for the impact and coaching integration tests: one programme company
// (start 60 days before `now`; ask with a 20-day window) against one comparison company of the same area, and one completed
// coaching session 10 days before `now`. Rows are written straight to the tables (no cases: these
// reports count answers only), so every count below can be checked by hand.
//
//   programme, before the start (−70 d):  10 10 9 9 8 8 6 6 6 6 3 2   → P 4, D 6, n 12, NPS −16.7
//   programme, after the start (−50 d):   10 10 10 10 9 9 9 9 8 8 6 6 → P 8, D 2, n 12, NPS +50
//   comparison, both windows:             10 9 9 8 8 7 7 6 6 3 2 10  → P 4, D 4, n 12, NPS 0
//   difference in differences = (50 − (−16.7)) − (0 − 0) = +66.7 points
//
//   coached person, 10 days before the session (−15 d): 9 8 6 3 → NPS −25;  after (−5 d): 10 9 9 8 → +75
//   an uncoached colleague, both windows:               10 9 8 6 → NPS +25
//   coaching effect = (75 − (−25)) − 0 = +100 points
import type { Database } from "../../src/db/client.js";

const DAY = 86_400_000;

export const PROGRAMME_BEFORE = [10, 10, 9, 9, 8, 8, 6, 6, 6, 6, 3, 2];
export const PROGRAMME_AFTER = [10, 10, 10, 10, 9, 9, 9, 9, 8, 8, 6, 6];
export const COMPARISON = [10, 9, 9, 8, 8, 7, 7, 6, 6, 3, 2, 10];

export const START_DAYS_AGO = 60;
export const WINDOW = "20d";

/** The UTC day `days` before `now`, as the org file writes it. */
export function dayBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY).toISOString().slice(0, 10);
}

let seq = 0;

async function insert(
  db: Database,
  rows: { teamSlug: string; staffId: number | null; at: Date; scores: number[] }[],
): Promise<void> {
  const data = [];
  for (const r of rows) {
    const team = await db.prisma.team.findUniqueOrThrow({ where: { slug: r.teamSlug } });
    for (const score of r.scores) {
      data.push({
        source: "impact-test",
        externalId: `impact-${++seq}`,
        score,
        teamId: team.id,
        companyId: team.companyId,
        staffId: r.staffId,
        respondedAt: r.at,
      });
    }
  }
  await db.prisma.surveyResponse.createMany({ data });
}

/**
 * Writes the story: `programmeTeam`'s company is in the programme from 60 days before `now` (set by the caller),
 * `comparisonTeam`'s company is the comparison; `coached` had a session on `programmeTeam` 10 days
 * before `now`, `colleague` (same team) had none.
 */
export async function writeImpactStory(
  db: Database,
  o: { now: Date; programmeTeam: string; comparisonTeam: string; coached: number; colleague: number; manager: number },
): Promise<void> {
  const at = (days: number) => new Date(o.now.getTime() - days * DAY);
  await insert(db, [
    { teamSlug: o.programmeTeam, staffId: null, at: at(70), scores: PROGRAMME_BEFORE },
    { teamSlug: o.programmeTeam, staffId: null, at: at(50), scores: PROGRAMME_AFTER },
    { teamSlug: o.comparisonTeam, staffId: null, at: at(70), scores: COMPARISON },
    { teamSlug: o.comparisonTeam, staffId: null, at: at(50), scores: COMPARISON },
    { teamSlug: o.programmeTeam, staffId: o.coached, at: at(15), scores: [9, 8, 6, 3] },
    { teamSlug: o.programmeTeam, staffId: o.coached, at: at(5), scores: [10, 9, 9, 8] },
    { teamSlug: o.programmeTeam, staffId: o.colleague, at: at(15), scores: [10, 9, 8, 6] },
    { teamSlug: o.programmeTeam, staffId: o.colleague, at: at(5), scores: [10, 9, 8, 6] },
  ]);
  const team = await db.prisma.team.findUniqueOrThrow({ where: { slug: o.programmeTeam } });
  await db.prisma.coachingSession.create({
    data: {
      staffId: o.coached,
      managerId: o.manager,
      teamId: team.id,
      topic: "Calling ahead when running late",
      status: "done",
      doneAt: at(10),
      createdAt: at(12),
    },
  });
}
