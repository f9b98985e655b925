// Coaching sessions: planned by managers (often from a resolved case), done with notes.
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
}
