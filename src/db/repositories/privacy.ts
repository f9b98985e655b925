// What erasing a customer's personal data touches: their responses, the cases opened for them,
// the cases' audit trail and notes, outbox messages about them, and the record that it happened.
import type { ChatPlatform } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";

export interface SubjectResponse {
  id: number;
  comment: string | null;
  customerRef: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
}

export interface OutboxForErasure {
  id: number;
  kind: string;
  status: string;
  payload: unknown;
}

export const ERASED = "[erased]";

export class PrivacyRepository {
  constructor(private readonly db: DbClient) {}

  /** Responses of a customer named by their reference (exact) or email (any case), not yet erased. */
  async responsesOf(subject: string): Promise<SubjectResponse[]> {
    const rows = await this.db.surveyResponse.findMany({
      where: {
        erasedAt: null,
        OR: [{ customerRef: subject }, { customerEmail: { equals: subject, mode: "insensitive" } }],
      },
      select: {
        id: true,
        comment: true,
        customerRef: true,
        customerName: true,
        customerEmail: true,
        customerPhone: true,
      },
      orderBy: { id: "asc" },
    });
    return rows;
  }

  /** Removes the personal data of responses, keeping score, times and routing for statistics. */
  async eraseResponses(ids: number[], now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.$executeRaw`
      UPDATE survey_responses
      SET customer_ref = NULL, customer_name = NULL, customer_email = NULL, customer_phone = NULL,
          comment = CASE WHEN comment IS NULL THEN NULL ELSE ${ERASED} END,
          attributes = NULL, erased_at = ${now}, updated_at = ${now}
      WHERE id IN (${Prisma.join(ids)})`;
  }

  async casesOf(responseIds: number[]): Promise<{ id: number; note: string | null }[]> {
    if (responseIds.length === 0) return [];
    return this.db.followUpCase.findMany({
      where: { responseId: { in: responseIds } },
      select: { id: true, note: true },
      orderBy: { id: "asc" },
    });
  }

  async eraseCaseNotes(caseIds: number[]): Promise<number> {
    if (caseIds.length === 0) return 0;
    const { count } = await this.db.followUpCase.updateMany({
      where: { id: { in: caseIds }, note: { not: null } },
      data: { note: ERASED, version: { increment: 1 } },
    });
    return count;
  }

  async eventsOf(caseIds: number[]) {
    if (caseIds.length === 0) return [];
    return this.db.caseEvent.findMany({
      where: { caseId: { in: caseIds } },
      select: { id: true, reason: true, before: true, after: true },
      orderBy: { id: "asc" },
    });
  }

  async rewriteEvent(id: number, data: { reason: string | null; before: unknown; after: unknown }): Promise<void> {
    const json = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue));
    await this.db.caseEvent.update({
      where: { id },
      data: { reason: data.reason, before: json(data.before), after: json(data.after) },
    });
  }

  async eraseCoachingNotes(caseIds: number[]): Promise<number> {
    if (caseIds.length === 0) return 0;
    const { count } = await this.db.coachingSession.updateMany({
      where: { caseId: { in: caseIds }, notes: { not: null } },
      data: { notes: ERASED },
    });
    return count;
  }

  /**
   * Outbox rows about the subject: those of their cases, the alerts keyed by their responses, and
   * any other whose payload mentions one of the given texts (e.g. their email in a digest).
   */
  async outboxAbout(caseIds: number[], responseIds: number[], texts: string[]): Promise<OutboxForErasure[]> {
    const or: Prisma.Sql[] = [];
    if (caseIds.length) or.push(Prisma.sql`case_id IN (${Prisma.join(caseIds)})`);
    for (const id of responseIds) or.push(Prisma.sql`dedupe_key LIKE ${`response:${id}:%`}`);
    for (const t of texts) or.push(Prisma.sql`payload::text ILIKE ${`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (or.length === 0) return [];
    return this.db.$queryRaw<OutboxForErasure[]>`
      SELECT id, kind, status::text AS status, payload FROM outbox_deliveries
      WHERE kind <> 'case_card' AND (${Prisma.join(or, " OR ")})
      ORDER BY id`;
  }

  /** Replaces a message's payload; a message not yet sent is cancelled instead of sent. */
  async rewriteOutbox(id: number, payload: unknown, cancel: boolean, now: Date): Promise<void> {
    await this.db.outboxDelivery.update({
      where: { id },
      data: {
        payload: payload as Prisma.InputJsonValue,
        ...(cancel
          ? { status: "dead", lastError: "cancelled: the customer's personal data was erased", lockedUntil: null }
          : {}),
        updatedAt: now,
      },
    });
  }

  async cardPlatforms(caseIds: number[]): Promise<{ caseId: number; platform: ChatPlatform }[]> {
    if (caseIds.length === 0) return [];
    const rows = await this.db.chatMessage.findMany({
      where: { caseId: { in: caseIds } },
      select: { caseId: true, platform: true },
      distinct: ["caseId", "platform"],
    });
    return rows;
  }

  async recordErasure(subjectHash: string, requestedBy: string, counts: Record<string, number>, at: Date) {
    return this.db.erasureRecord.create({ data: { subjectHash, requestedBy, counts, at } });
  }

  async erasuresOf(subjectHash: string) {
    return this.db.erasureRecord.findMany({ where: { subjectHash }, orderBy: { at: "asc" } });
  }
}
