// What the outbox deliverer reads to send: for a claimed round of rows, one set-based read per
// kind (the cases' links, their teams, companies, people and card messages); at send time, only
// the case's own state (the case and its response), so a card shows the case as it is then.
import type {
  CaseRecord,
  ChatMessageRef,
  ChatPlatform,
  CompanyRecord,
  PersonRecord,
  ResponseRecord,
  TeamRecord,
} from "../../core/types.js";
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

/** Whom and where a case concerns (the ids its card shows), as read for a round. */
export interface CaseLinks {
  teamId: number | null;
  companyId: number | null;
  ownerId: number | null;
  staffId: number | null;
}

/** A case as its card shows it at send time, without the people, team and company it names. */
export interface CaseState {
  record: CaseRecord;
  response: ResponseRecord;
  noteCount: number;
}

const stateInclude = {
  response: true,
  _count: noteCount,
} as const;

export class DeliveryReadRepository {
  constructor(private readonly db: DbClient) {}

  /** The links of each case, in one statement (a case missing from the map no longer exists). */
  async caseLinks(caseIds: number[]): Promise<Map<number, CaseLinks>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.db.$queryRaw<
      {
        id: number;
        team_id: number | null;
        company_id: number | null;
        owner_id: number | null;
        staff_id: number | null;
      }[]
    >`SELECT c.id, c.team_id, c.company_id, c.owner_id, r.staff_id
        FROM follow_up_cases c JOIN survey_responses r ON r.id = c.response_id
       WHERE c.id IN (${Prisma.join(caseIds)})`;
    const num = (v: number | null) => (v === null ? null : Number(v));
    return new Map(
      rows.map((r) => [
        Number(r.id),
        { teamId: num(r.team_id), companyId: num(r.company_id), ownerId: num(r.owner_id), staffId: num(r.staff_id) },
      ]),
    );
  }

  async teamsByIds(ids: number[]): Promise<Map<number, TeamRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.team.findMany({ where: { id: { in: ids } } });
    return new Map(rows.map((t) => [t.id, toTeam(t)]));
  }

  async companiesByIds(ids: number[]): Promise<Map<number, CompanyRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.company.findMany({ where: { id: { in: ids } } });
    return new Map(rows.map((c) => [c.id, toCompany(c)]));
  }

  async peopleByIds(ids: number[]): Promise<Map<number, PersonRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.person.findMany({
      where: { id: { in: ids } },
      include: withMemberships,
    });
    return new Map(rows.map((p) => [p.id, toPerson(p)]));
  }

  /** The latest card message of each case on each platform, keyed by cardMessageKey(). */
  async cardMessages(caseIds: number[]): Promise<Map<string, ChatMessageRef>> {
    const out = new Map<string, ChatMessageRef>();
    if (caseIds.length === 0) return out;
    const rows = await this.db.chatMessage.findMany({ where: { caseId: { in: caseIds } }, orderBy: { id: "desc" } });
    for (const r of rows) {
      const key = cardMessageKey(r.caseId, r.platform);
      if (out.has(key)) continue;
      out.set(key, toChatMessage(r));
    }
    return out;
  }

  /** The case, its response and its note count, as they are now (null: the case is gone). */
  async caseState(id: number): Promise<CaseState | null> {
    const row = await this.db.followUpCase.findUnique({ where: { id }, include: stateInclude });
    return row ? { record: toCase(row), response: toResponse(row.response), noteCount: row._count.events } : null;
  }
}

export function cardMessageKey(caseId: number, platform: ChatPlatform): string {
  return `${caseId}:${platform}`;
}
