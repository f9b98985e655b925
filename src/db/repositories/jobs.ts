// Scheduled jobs: the run ledger (one JobRun per job and slot: the instance that inserts it runs
// the slot) and the scans the jobs make (cases past their SLA, recipients, outer-loop issues).
import type { CaseRecord, PersonRecord, TeamRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";
import { toCase, toPerson, toTeam } from "./mappers.js";

export interface JobRunRecord {
  id: number;
  job: string;
  slot: string;
  status: string;
  owner: string;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Record<string, number> | null;
  error: string | null;
}

export type StartResult = { won: true; run: JobRunRecord } | { won: false; holder: JobRunRecord };

const OPEN_STATUSES = ["open", "claimed", "contacted"] as const;

export class JobRunRepository {
  constructor(private readonly db: DbClient) {}

  /**
   * Claims a slot for `owner`. The unique (job, slot) row decides between instances; a run still
   * marked running but started before `staleBefore` (its instance died) may be taken over.
   */
  async tryStart(job: string, slot: string, owner: string, now: Date, staleBefore: Date): Promise<StartResult> {
    // One statement decides the race: the unique (job, slot) lets exactly one insert through.
    const inserted = await this.db.$queryRaw<{ id: number }[]>`
      INSERT INTO job_runs (job, slot, owner, status, started_at) VALUES (${job}, ${slot}, ${owner}, 'running', ${now})
      ON CONFLICT (job, slot) DO NOTHING RETURNING id`;
    if (inserted.length === 0) {
      const taken = await this.db.jobRun.updateMany({
        where: { job, slot, status: "running", startedAt: { lt: staleBefore } },
        data: { owner, startedAt: now, error: null },
      });
      const row = (await this.db.jobRun.findUnique({ where: { job_slot: { job, slot } } }))!;
      return taken.count === 1 ? { won: true, run: toRun(row) } : { won: false, holder: toRun(row) };
    }
    return {
      won: true,
      run: {
        id: Number(inserted[0]!.id),
        job,
        slot,
        owner,
        status: "running",
        startedAt: now,
        finishedAt: null,
        counts: null,
        error: null,
      },
    };
  }

  async finish(
    job: string,
    slot: string,
    owner: string,
    outcome: { status: "ok" | "failed"; at: Date; counts?: Record<string, number>; error?: string },
  ): Promise<void> {
    await this.db.jobRun.updateMany({
      where: { job, slot, owner },
      data: {
        status: outcome.status,
        finishedAt: outcome.at,
        counts: outcome.counts ? (outcome.counts as Prisma.InputJsonValue) : Prisma.DbNull,
        error: outcome.error ?? null,
      },
    });
  }

  async find(job: string, slot: string): Promise<JobRunRecord | null> {
    const row = await this.db.jobRun.findUnique({ where: { job_slot: { job, slot } } });
    return row ? toRun(row) : null;
  }

  /** A job's latest runs, newest first. */
  async latest(job: string, opts: { limit?: number } = {}): Promise<JobRunRecord[]> {
    const rows = await this.db.jobRun.findMany({
      where: { job },
      orderBy: { startedAt: "desc" },
      take: opts.limit ?? 1,
    });
    return rows.map(toRun);
  }
}

function toRun(r: {
  id: number;
  job: string;
  slot: string;
  status: string;
  owner: string;
  startedAt: Date;
  finishedAt: Date | null;
  counts: unknown;
  error: string | null;
}): JobRunRecord {
  return { ...r, counts: (r.counts as Record<string, number> | null) ?? null };
}

export interface CaseWithTeam extends CaseRecord {
  team: TeamRecord | null;
}

/** What the SLA watch and the digests read. */
export class ScheduleScanRepository {
  constructor(private readonly db: DbClient) {}

  /** Open (unclaimed) cases created before `createdBefore` whose reminder has not gone out. */
  async unclaimedWithoutReminder(createdBefore: Date, limit: number): Promise<CaseWithTeam[]> {
    const rows = await this.db.followUpCase.findMany({
      where: { status: "open", reminderSentAt: null, silent: false, createdAt: { lte: createdBefore } },
      include: { team: true },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    return rows.map((r) => ({ ...toCase(r), team: r.team ? toTeam(r.team) : null }));
  }

  /**
   * Unresolved cases that may be due their next escalation level: level L+1 comes `stepMs` of wall
   * time after level L at the earliest (business time only ever counts less).
   */
  async overdueForEscalation(now: Date, maxLevel: number, stepMs: number, limit: number): Promise<CaseWithTeam[]> {
    const levels = Array.from({ length: maxLevel }, (_, level) => ({
      escalationLevel: level,
      dueAt: { lte: new Date(now.getTime() - level * stepMs) },
    }));
    const rows = await this.db.followUpCase.findMany({
      where: { status: { in: [...OPEN_STATUSES] }, silent: false, OR: levels },
      include: { team: true },
      orderBy: { dueAt: "asc" },
      take: limit,
    });
    return rows.map((r) => ({ ...toCase(r), team: r.team ? toTeam(r.team) : null }));
  }

  /** Active people of a role, with their teams (for recipient scans). */
  async activePeople(roles: PersonRecord["role"][], opts: { remindersOnly?: boolean } = {}): Promise<PersonRecord[]> {
    const rows = await this.db.person.findMany({
      where: { role: { in: roles }, active: true, ...(opts.remindersOnly ? { remindersEnabled: true } : {}) },
      include: { memberships: { select: { teamId: true }, orderBy: { teamId: "asc" } } },
      orderBy: { id: "asc" },
    });
    return rows.map(toPerson);
  }

  async allTeams(): Promise<TeamRecord[]> {
    return (await this.db.team.findMany({ orderBy: { id: "asc" } })).map(toTeam);
  }

  /** Cases opened and responses received per team in [from, to). */
  async teamActivity(
    teamIds: number[],
    from: Date,
    to: Date,
  ): Promise<Map<number, { cases: number; responses: number }>> {
    const out = new Map<number, { cases: number; responses: number }>(
      teamIds.map((id) => [id, { cases: 0, responses: 0 }]),
    );
    if (teamIds.length === 0) return out;
    const [cases, responses] = await Promise.all([
      this.db.followUpCase.groupBy({
        by: ["teamId"],
        where: { teamId: { in: teamIds }, createdAt: { gte: from, lt: to } },
        _count: { _all: true },
      }),
      this.db.surveyResponse.groupBy({
        by: ["teamId"],
        where: { teamId: { in: teamIds }, respondedAt: { gte: from, lt: to }, erasedAt: null },
        _count: { _all: true },
      }),
    ]);
    for (const c of cases) if (c.teamId !== null) out.get(c.teamId)!.cases = c._count._all;
    for (const r of responses) if (r.teamId !== null) out.get(r.teamId)!.responses = r._count._all;
    return out;
  }

  /** Cases resolved in [from, to) and flagged as outer-loop (a cause beyond the team's reach). */
  async outerLoopIssues(
    companyId: number,
    from: Date,
    to: Date,
    limit = 5,
  ): Promise<{ caseId: number; rootCause: string | null; note: string | null; teamName: string | null }[]> {
    const rows = await this.db.followUpCase.findMany({
      where: { companyId, outerLoop: true, resolvedAt: { gte: from, lt: to } },
      include: { team: { select: { name: true } } },
      orderBy: { resolvedAt: "desc" },
      take: limit,
    });
    return rows.map((r) => ({ caseId: r.id, rootCause: r.rootCause, note: r.note, teamName: r.team?.name ?? null }));
  }
}
