// Coaching sessions: planned by managers (often from a resolved case), done with notes; plus the
// reads the coaching loop needs (a person's promoter words and root causes, uncoached cases).
import type { DbClient } from "../context.js";

export interface CoachingRecord {
  id: number;
  staffId: number;
  managerId: number | null;
  teamId: number | null;
  caseId: number | null;
  topic: string;
  rootCause: string | null;
  status: "planned" | "done" | "cancelled";
  dueAt: Date | null;
  doneAt: Date | null;
  notes: string | null;
  createdAt: Date;
}

export interface NewCoaching {
  staffId: number;
  managerId: number | null;
  teamId: number | null;
  caseId?: number | null;
  topic: string;
  rootCause?: string | null;
  dueAt?: Date | null;
  createdAt: Date;
}

export class CoachingRepository {
  constructor(private readonly db: DbClient) {}

  async create(c: NewCoaching): Promise<CoachingRecord> {
    return this.db.coachingSession.create({
      data: {
        staffId: c.staffId,
        managerId: c.managerId,
        teamId: c.teamId,
        caseId: c.caseId ?? null,
        topic: c.topic,
        rootCause: c.rootCause ?? null,
        dueAt: c.dueAt ?? null,
        createdAt: c.createdAt,
      },
    });
  }

  async findById(id: number): Promise<CoachingRecord | null> {
    return this.db.coachingSession.findUnique({ where: { id } });
  }

  async openForStaff(staffId: number): Promise<CoachingRecord[]> {
    return this.db.coachingSession.findMany({
      where: { staffId, status: "planned" },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
  }

  async openForTeams(teamIds: number[]): Promise<CoachingRecord[]> {
    return this.db.coachingSession.findMany({
      where: { teamId: { in: teamIds }, status: "planned" },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
  }

  /** Marks a planned session done; false if it was not planned (already done or cancelled). */
  async markDone(id: number, at: Date, notes: string | null): Promise<boolean> {
    const { count } = await this.db.coachingSession.updateMany({
      where: { id, status: "planned" },
      data: { status: "done", doneAt: at, notes },
    });
    return count === 1;
  }

  /** Planned sessions of some teams due before `dueBefore` (due today or overdue), oldest first. */
  async dueForTeams(teamIds: number[], dueBefore: Date): Promise<CoachingRecord[]> {
    if (teamIds.length === 0) return [];
    return this.db.coachingSession.findMany({
      where: { teamId: { in: teamIds }, status: "planned", dueAt: { lte: dueBefore } },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
  }

  /** Sessions a manager planned or that belong to their teams, planned first then recent. */
  async forManager(managerId: number, teamIds: number[], limit = 50): Promise<CoachingRecord[]> {
    return this.db.coachingSession.findMany({
      where: {
        OR: [{ managerId }, ...(teamIds.length ? [{ teamId: { in: teamIds } }] : [])],
        status: { in: ["planned", "done"] },
      },
      orderBy: [{ status: "desc" }, { dueAt: "asc" }, { id: "desc" }],
      take: limit,
    });
  }

  /** A person's sessions done since `since`, newest first. */
  async doneForStaff(staffId: number, since: Date): Promise<CoachingRecord[]> {
    return this.db.coachingSession.findMany({
      where: { staffId, status: "done", doneAt: { gte: since } },
      orderBy: { doneAt: "desc" },
    });
  }

  /** The newest promoter comment about a person in [from, to) (never an erased one). */
  async promoterQuote(
    staffId: number,
    from: Date,
    to: Date,
  ): Promise<{ text: string; at: Date; score: number } | null> {
    const r = await this.db.surveyResponse.findFirst({
      where: {
        staffId,
        score: { gte: 9 },
        erasedAt: null,
        respondedAt: { gte: from, lt: to },
        AND: [{ comment: { not: null } }, { comment: { not: "" } }],
      },
      orderBy: { respondedAt: "desc" },
      select: { comment: true, respondedAt: true, score: true },
    });
    return r?.comment?.trim() ? { text: r.comment.trim(), at: r.respondedAt, score: r.score } : null;
  }

  /** Root causes of cases about a person's visits resolved in [from, to), most frequent first. */
  async rootCausesForStaff(staffId: number, from: Date, to: Date): Promise<{ cause: string; count: number }[]> {
    const rows = await this.db.followUpCase.findMany({
      where: { status: "resolved", resolvedAt: { gte: from, lt: to }, rootCause: { not: null }, response: { staffId } },
      select: { rootCause: true },
    });
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.rootCause!, (counts.get(r.rootCause!) ?? 0) + 1);
    return [...counts].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count);
  }

  /**
   * Cases of some teams resolved in [from, to) with one of `causes`, about a known staff member,
   * for which no coaching session exists yet.
   */
  async uncoachedCases(
    teamIds: number[],
    causes: readonly string[],
    from: Date,
    to: Date,
  ): Promise<
    { caseId: number; teamId: number | null; rootCause: string; resolvedAt: Date; staffId: number; staffName: string }[]
  > {
    if (teamIds.length === 0 || causes.length === 0) return [];
    const rows = await this.db.followUpCase.findMany({
      where: {
        teamId: { in: teamIds },
        status: "resolved",
        resolvedAt: { gte: from, lt: to },
        rootCause: { in: [...causes] },
        coaching: { none: {} },
        response: { staffId: { not: null } },
      },
      include: { response: { select: { staff: { select: { id: true, name: true } } } } },
      orderBy: { resolvedAt: "asc" },
    });
    return rows.map((r) => ({
      caseId: r.id,
      teamId: r.teamId,
      rootCause: r.rootCause!,
      resolvedAt: r.resolvedAt!,
      staffId: r.response.staff!.id,
      staffName: r.response.staff!.name,
    }));
  }

  /** People's names by id (for listing sessions with who coaches whom). */
  async names(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.person.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
