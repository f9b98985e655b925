// What one round of deliveries (the rows of one claim) needs from the database, read once per
// kind for the whole round instead of once per row: the cases' links, their teams, companies and
// people, the targets of DMs and channel posts, and where each case's card already lives. A round's
// rows hold it until they are sent (at most maxHoldMs plus the send); the next claim reads afresh.
// Only the case itself (state, response, notes) is read again at send time: a card shows the case
// as it is when it goes, and an erased response never reappears from a copy.
import type {
  CaseDetail,
  ChatMessageRef,
  ChatPlatform,
  CompanyRecord,
  PersonRecord,
  TeamRecord,
} from "../../core/types.js";
import {
  type CaseLinks,
  type CaseState,
  cardMessageKey,
  DeliveryReadRepository,
} from "../../db/repositories/delivery-reads.js";
import type { OutboxRow } from "../../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../../deps.js";

export class DeliveryRound {
  private constructor(
    private readonly reads: DeliveryReadRepository,
    /** Cases of the round's card and thread rows; a case missing here no longer exists. */
    readonly cases: ReadonlyMap<number, CaseLinks>,
    readonly teams: Map<number, TeamRecord>,
    private readonly companies: Map<number, CompanyRecord>,
    readonly people: Map<number, PersonRecord>,
    private readonly cardMessages: ReadonlyMap<string, ChatMessageRef>,
  ) {}

  /** Reads what `rows` need: six statements at most, whatever their number. */
  static async read(deps: CoreDeps, rows: readonly OutboxRow[]): Promise<DeliveryRound> {
    const reads = new DeliveryReadRepository(deps.db.client);
    const caseIds = new Set<number>();
    const cardCaseIds = new Set<number>();
    const personIds = new Set<number>();
    const teamIds = new Set<number>();
    for (const { payload: p } of rows) {
      if (p.kind === "case_card" || p.kind === "case_thread") caseIds.add(p.caseId);
      if (p.kind === "case_card") cardCaseIds.add(p.caseId);
      else if (p.kind === "dm") personIds.add(p.personId);
      else if (p.kind === "channel_message") teamIds.add(p.teamId);
    }
    const [cases, cardMessages] = await Promise.all([reads.caseLinks([...caseIds]), reads.cardMessages([...caseIds])]);
    const companyIds = new Set<number>();
    for (const [id, c] of cases) {
      if (c.teamId !== null) teamIds.add(c.teamId);
      if (!cardCaseIds.has(id)) continue;
      if (c.companyId !== null) companyIds.add(c.companyId);
      if (c.ownerId !== null) personIds.add(c.ownerId);
      if (c.staffId !== null) personIds.add(c.staffId);
    }
    const [teams, companies, people] = await Promise.all([
      reads.teamsByIds([...teamIds]),
      reads.companiesByIds([...companyIds]),
      reads.peopleByIds([...personIds]),
    ]);
    return new DeliveryRound(reads, cases, teams, companies, people, cardMessages);
  }

  /** Where the case's card lives on `platform`, as read for the round (undefined: never posted). */
  cardMessage(caseId: number, platform: ChatPlatform): ChatMessageRef | undefined {
    return this.cardMessages.get(cardMessageKey(caseId, platform));
  }

  /** The case as it is now, with the team, company and people of the round. */
  async caseDetail(caseId: number): Promise<CaseDetail | null> {
    const state = await this.reads.caseState(caseId);
    return state ? this.detailOf(state) : null;
  }

  /**
   * Completes a case read at send time with what the round read. Whom it names may have changed
   * since the round's read (claimed by someone else, moved to another team): what the round lacks
   * is read then, in one statement per kind.
   */
  private async detailOf({ record, response, noteCount }: CaseState): Promise<CaseDetail> {
    const missingPeople = [record.ownerId, response.staffId].filter(
      (id): id is number => id !== null && !this.people.has(id),
    );
    const missingTeam = record.teamId !== null && !this.teams.has(record.teamId) ? [record.teamId] : [];
    const missingCompany = record.companyId !== null && !this.companies.has(record.companyId) ? [record.companyId] : [];
    const [people, teams, companies] = await Promise.all([
      this.reads.peopleByIds(missingPeople),
      this.reads.teamsByIds(missingTeam),
      this.reads.companiesByIds(missingCompany),
    ]);
    for (const [id, p] of people) this.people.set(id, p);
    for (const [id, t] of teams) this.teams.set(id, t);
    for (const [id, c] of companies) this.companies.set(id, c);
    const person = (id: number | null) => (id === null ? null : (this.people.get(id) ?? null));
    return {
      ...record,
      response,
      team: record.teamId === null ? null : (this.teams.get(record.teamId) ?? null),
      company: record.companyId === null ? null : (this.companies.get(record.companyId) ?? null),
      owner: person(record.ownerId),
      staff: person(response.staffId),
      noteCount,
    };
  }
}
