// Companies, teams and people: lookups every capability needs (who is this Slack user, which team
// owns this channel, who manages this team).
import type { CompanyRecord, PersonRecord, PersonRole, TeamRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";
import { toCompany, toPerson, toTeam, withMemberships } from "./mappers.js";

export class OrgRepository {
  constructor(private readonly db: DbClient) {}

  async companyBySlug(slug: string): Promise<CompanyRecord | null> {
    const c = await this.db.company.findUnique({ where: { slug } });
    return c ? toCompany(c) : null;
  }

  async companyById(id: number): Promise<CompanyRecord | null> {
    const c = await this.db.company.findUnique({ where: { id } });
    return c ? toCompany(c) : null;
  }

  async listCompanies(): Promise<CompanyRecord[]> {
    return (await this.db.company.findMany({ orderBy: { slug: "asc" } })).map(toCompany);
  }

  async teamBySlug(slug: string): Promise<TeamRecord | null> {
    const t = await this.db.team.findUnique({ where: { slug } });
    return t ? toTeam(t) : null;
  }

  async teamById(id: number): Promise<TeamRecord | null> {
    const t = await this.db.team.findUnique({ where: { id } });
    return t ? toTeam(t) : null;
  }

  async teamBySlackChannel(channelId: string): Promise<TeamRecord | null> {
    const t = await this.db.team.findUnique({ where: { slackChannelId: channelId } });
    return t ? toTeam(t) : null;
  }

  async listTeams(filter: { companyId?: number } = {}): Promise<TeamRecord[]> {
    const rows = await this.db.team.findMany({
      where: filter.companyId ? { companyId: filter.companyId } : {},
      orderBy: { slug: "asc" },
    });
    return rows.map(toTeam);
  }

  async bindSlackChannel(teamId: number, channelId: string): Promise<TeamRecord> {
    // A channel belongs to one team: unbind it elsewhere first.
    await this.db.team.updateMany({
      where: { slackChannelId: channelId, NOT: { id: teamId } },
      data: { slackChannelId: null },
    });
    return toTeam(await this.db.team.update({ where: { id: teamId }, data: { slackChannelId: channelId } }));
  }

  async setTeamsConversation(teamId: number, ref: unknown, ok = true): Promise<TeamRecord> {
    const t = await this.db.team.update({
      where: { id: teamId },
      data: {
        teamsConversationRef: ref === null ? Prisma.DbNull : (ref as Prisma.InputJsonValue),
        teamsConversationOk: ok,
      },
    });
    return toTeam(t);
  }

  async setTeamsConversationOk(teamId: number, ok: boolean): Promise<void> {
    await this.db.team.update({ where: { id: teamId }, data: { teamsConversationOk: ok } });
  }

  async personById(id: number): Promise<PersonRecord | null> {
    const p = await this.db.person.findUnique({ where: { id }, include: withMemberships });
    return p ? toPerson(p) : null;
  }

  async personByEmail(email: string): Promise<PersonRecord | null> {
    const p = await this.db.person.findFirst({
      where: { email: { equals: email, mode: "insensitive" } },
      include: withMemberships,
    });
    return p ? toPerson(p) : null;
  }

  async personBySlackUser(slackUserId: string): Promise<PersonRecord | null> {
    const p = await this.db.person.findUnique({ where: { slackUserId }, include: withMemberships });
    return p ? toPerson(p) : null;
  }

  async personByTeamsUser(aadObjectId: string): Promise<PersonRecord | null> {
    const p = await this.db.person.findUnique({ where: { teamsAadObjectId: aadObjectId }, include: withMemberships });
    return p ? toPerson(p) : null;
  }

  async setPersonTeamsConversation(personId: number, ref: unknown): Promise<void> {
    await this.db.person.update({
      where: { id: personId },
      data: { teamsConversationRef: ref === null ? Prisma.DbNull : (ref as Prisma.InputJsonValue) },
    });
  }

  async setRemindersEnabled(personId: number, enabled: boolean): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { remindersEnabled: enabled } });
  }

  async listPeople(
    filter: { role?: PersonRole; teamId?: number; companyId?: number; active?: boolean } = {},
  ): Promise<PersonRecord[]> {
    const rows = await this.db.person.findMany({
      where: {
        ...(filter.role ? { role: filter.role } : {}),
        ...(filter.companyId !== undefined ? { companyId: filter.companyId } : {}),
        ...(filter.teamId !== undefined ? { memberships: { some: { teamId: filter.teamId } } } : {}),
        ...(filter.active !== undefined ? { active: filter.active } : {}),
      },
      include: withMemberships,
      orderBy: { id: "asc" },
    });
    return rows.map(toPerson);
  }

  /** Managers of a team (those who may act on its cases). */
  managersOfTeam(teamId: number): Promise<PersonRecord[]> {
    return this.listPeople({ role: "manager", teamId, active: true });
  }

  admins(): Promise<PersonRecord[]> {
    return this.listPeople({ role: "admin", active: true });
  }

  /** Directors who see a company: its own directors and client-side ones (no company). */
  async directorsOfCompany(companyId: number): Promise<PersonRecord[]> {
    const rows = await this.db.person.findMany({
      where: { role: "director", active: true, OR: [{ companyId }, { companyId: null }] },
      include: withMemberships,
      orderBy: { id: "asc" },
    });
    return rows.map(toPerson);
  }
}
