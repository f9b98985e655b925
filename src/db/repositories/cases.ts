// Follow-up cases, their audit trail and the chat messages that show them.
import type { CaseChange } from "../../core/case-machine.js";
import type { CaseDetail, CaseRecord, ChatMessageRef, ChatPlatform } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";
import {
  noteCount,
  toCase,
  toChatMessage,
  toCompany,
  toPerson,
  toResponse,
  toTeam,
  withMemberships,
} from "./mappers.js";

const personWithMemberships = { include: withMemberships } as const;

const detailInclude = {
  response: { include: { staff: personWithMemberships } },
  team: true,
  company: true,
  owner: personWithMemberships,
  _count: noteCount,
} as const;

type DetailRow = Prisma.FollowUpCaseGetPayload<{ include: typeof detailInclude }>;

function toDetail(row: DetailRow): CaseDetail {
  return {
    ...toCase(row),
    response: toResponse(row.response),
    team: row.team ? toTeam(row.team) : null,
    company: row.company ? toCompany(row.company) : null,
    owner: row.owner ? toPerson(row.owner) : null,
    staff: row.response.staff ? toPerson(row.response.staff) : null,
    noteCount: row._count.events,
  };
}

export interface NewCase {
  responseId: number;
  teamId: number | null;
  companyId: number | null;
  dueAt: Date;
  silent?: boolean;
  createdAt?: Date;
}

export interface CaseEventInput {
  caseId: number;
  actorId: number | null;
  actor: string;
  action: string;
  allowed: boolean;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  at: Date;
}

export class CaseRepository {
  constructor(private readonly db: DbClient) {}

  async create(c: NewCase): Promise<CaseRecord> {
    const row = await this.db.followUpCase.create({
      data: {
        responseId: c.responseId,
        teamId: c.teamId,
        companyId: c.companyId,
        dueAt: c.dueAt,
        silent: c.silent ?? false,
        ...(c.createdAt ? { createdAt: c.createdAt } : {}),
      },
    });
    return toCase(row);
  }

  async findById(id: number): Promise<CaseRecord | null> {
    const row = await this.db.followUpCase.findUnique({ where: { id } });
    return row ? toCase(row) : null;
  }

  async findByResponseId(responseId: number): Promise<CaseRecord | null> {
    const row = await this.db.followUpCase.findUnique({ where: { responseId } });
    return row ? toCase(row) : null;
  }

  /** A case with everything its card shows. */
  async findDetail(id: number): Promise<CaseDetail | null> {
    const row = await this.db.followUpCase.findUnique({ where: { id }, include: detailInclude });
    return row ? toDetail(row) : null;
  }

  /** Several cases with everything their cards show, in one query, in the order of `ids`. */
  async findDetails(ids: number[]): Promise<CaseDetail[]> {
    if (!ids.length) return [];
    const rows = await this.db.followUpCase.findMany({ where: { id: { in: ids } }, include: detailInclude });
    const byId = new Map(rows.map((r) => [r.id, toDetail(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Applies a change only if nobody changed the case since `version` was read (optimistic
   * concurrency). Returns the new record, or null when another writer got there first.
   */
  async applyChange(id: number, version: number, change: CaseChange): Promise<CaseRecord | null> {
    const { count } = await this.db.followUpCase.updateMany({
      where: { id, version },
      data: { ...change, version: { increment: 1 } },
    });
    if (count === 0) return null;
    return this.findById(id);
  }

  async setReminderSent(id: number, at: Date): Promise<boolean> {
    const { count } = await this.db.followUpCase.updateMany({
      where: { id, reminderSentAt: null },
      data: { reminderSentAt: at },
    });
    return count === 1;
  }

  /** Raises the escalation level from `from` to `to`; false if another run already did. */
  async raiseEscalation(id: number, from: number, to: number): Promise<boolean> {
    const { count } = await this.db.followUpCase.updateMany({
      where: { id, escalationLevel: from },
      data: { escalationLevel: to },
    });
    return count === 1;
  }

  async addEvent(e: CaseEventInput): Promise<void> {
    await this.db.caseEvent.create({
      data: {
        caseId: e.caseId,
        actorId: e.actorId,
        actor: e.actor,
        action: e.action,
        allowed: e.allowed,
        reason: e.reason ?? null,
        before: e.before === undefined ? Prisma.DbNull : (e.before as Prisma.InputJsonValue),
        after: e.after === undefined ? Prisma.DbNull : (e.after as Prisma.InputJsonValue),
        at: e.at,
      },
    });
  }

  async events(caseId: number) {
    return this.db.caseEvent.findMany({ where: { caseId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  }

  async notes(caseId: number): Promise<{ at: Date; actor: string; text: string }[]> {
    const rows = await this.db.caseEvent.findMany({
      where: { caseId, action: "note", allowed: true },
      orderBy: { at: "asc" },
    });
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      text: String((r.after as { text?: string } | null)?.text ?? ""),
    }));
  }

  async chatMessages(caseId: number): Promise<ChatMessageRef[]> {
    const rows = await this.db.chatMessage.findMany({ where: { caseId }, orderBy: { id: "asc" } });
    return rows.map(toChatMessage);
  }

  /** The latest message of each case on one platform, in one query (case id to its reference). */
  async latestChatMessages(caseIds: number[], platform: ChatPlatform): Promise<Map<number, ChatMessageRef>> {
    const out = new Map<number, ChatMessageRef>();
    if (!caseIds.length) return out;
    const rows = await this.db.chatMessage.findMany({
      where: { caseId: { in: caseIds }, platform },
      orderBy: { id: "desc" },
    });
    for (const r of rows) {
      if (out.has(r.caseId)) continue;
      out.set(r.caseId, toChatMessage(r));
    }
    return out;
  }

  async caseIdForMessage(platform: ChatPlatform, channelId: string, messageId: string): Promise<number | null> {
    const r = await this.db.chatMessage.findFirst({ where: { platform, channelId, messageId } });
    return r?.caseId ?? null;
  }

  async saveChatMessage(caseId: number, ref: ChatMessageRef): Promise<void> {
    const conversationRef =
      ref.conversationRef === undefined ? Prisma.DbNull : (ref.conversationRef as Prisma.InputJsonValue);
    await this.db.chatMessage.upsert({
      where: { caseId_platform_channelId: { caseId, platform: ref.platform, channelId: ref.channelId } },
      create: { caseId, platform: ref.platform, channelId: ref.channelId, messageId: ref.messageId, conversationRef },
      update: { messageId: ref.messageId, conversationRef },
    });
  }

  /** Open cases owned by a person, oldest due first. */
  async openByOwner(ownerId: number, limit = 20): Promise<CaseRecord[]> {
    const rows = await this.db.followUpCase.findMany({
      where: { ownerId, status: { in: ["open", "claimed", "contacted"] } },
      orderBy: { dueAt: "asc" },
      take: limit,
    });
    return rows.map(toCase);
  }

  /** Open cases of some teams, oldest due first. */
  async openByTeams(teamIds: number[], limit = 20): Promise<CaseRecord[]> {
    const rows = await this.db.followUpCase.findMany({
      where: { teamId: { in: teamIds }, status: { in: ["open", "claimed", "contacted"] } },
      orderBy: { dueAt: "asc" },
      take: limit,
    });
    return rows.map(toCase);
  }
}
