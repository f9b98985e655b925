// Writes behind `nps-loop org apply`: companies, teams, people, memberships, survey sources and
// routing rules, plus one read of everything the apply compares against.
import type { CompanyRecord, PersonRecord, PersonRole, TeamRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";
import { toCompany, toPerson, toTeam } from "./mappers.js";

export interface SurveySourceRecord {
  id: number;
  slug: string;
  kind: string;
  secret: string | null;
  mapping: unknown | null;
  enabled: boolean;
}

export interface RoutingRuleRecord {
  id: number;
  priority: number;
  field: string;
  pattern: string;
  teamId: number;
}

export interface OrgSnapshot {
  companies: CompanyRecord[];
  teams: TeamRecord[];
  people: PersonRecord[];
  sources: SurveySourceRecord[];
  rules: RoutingRuleRecord[];
}

export interface CompanyData {
  slug: string;
  name: string;
  area: string | null;
  inProgramme: boolean;
  /** UTC dates YYYY-MM-DD. */
  programmeStart: string | null;
  programmeEnd: string | null;
  locale?: string | null;
}

export interface TeamData {
  slug: string;
  name: string;
  companyId: number;
  timeZone: string;
  slackChannelId: string | null;
  teamsConversationRef: unknown | null;
  slaHours: number | null;
  casesForPassives: boolean;
  reminderWeekday: number;
  reminderTime: string;
  locale?: string | null;
}

export interface PersonData {
  name: string;
  email: string | null;
  role: PersonRole;
  companyId: number | null;
  slackUserId: string | null;
  teamsAadObjectId: string | null;
  timeZone: string;
  locale: string | null;
  remindersEnabled: boolean;
  active: boolean;
}

export interface SourceData {
  slug: string;
  kind: string;
  secret: string | null;
  mapping: unknown | null;
  enabled: boolean;
}

export interface RuleData {
  field: string;
  pattern: string;
  teamId: number;
  priority: number;
}

const json = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/**
 * Rows per statement for bulk writes. One statement for 20,000 people (200,000 parameters, split by
 * Prisma at PostgreSQL's limit into statements of 32,767) grew the embedded database's memory,
 * which WebAssembly never gives back, by hundreds of MB; a thousand rows cost as little time.
 */
const BULK_ROWS = 1000;

function* chunks<T>(rows: T[], size = BULK_ROWS): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Advisory lock key that serialises org applies (instances starting together with one ORG_FILE). */
const ORG_APPLY_LOCK = 720_119_001;

export class OrgAdminRepository {
  constructor(private readonly db: DbClient) {}

  /** Waits for any other org apply to commit; held until this transaction ends. */
  async lockForApply(): Promise<void> {
    await this.db.$queryRaw`SELECT pg_advisory_xact_lock(${ORG_APPLY_LOCK}::bigint)::text AS locked`;
  }

  async snapshot(): Promise<OrgSnapshot> {
    // Memberships in a query of their own: an include would send every person's id back as one
    // IN list (20,000 parameters for a large org).
    const [companies, teams, people, memberships, sources, rules] = await Promise.all([
      this.db.company.findMany({ orderBy: { id: "asc" } }),
      this.db.team.findMany({ orderBy: { id: "asc" } }),
      this.db.person.findMany({ orderBy: { id: "asc" } }),
      this.db.teamMembership.findMany({
        select: { personId: true, teamId: true },
        orderBy: [{ personId: "asc" }, { teamId: "asc" }],
      }),
      this.db.surveySource.findMany({ orderBy: { id: "asc" } }),
      this.db.routingRule.findMany({ orderBy: { id: "asc" } }),
    ]);
    const teamsOf = new Map<number, { teamId: number }[]>();
    for (const m of memberships) {
      const list = teamsOf.get(m.personId);
      if (list) list.push({ teamId: m.teamId });
      else teamsOf.set(m.personId, [{ teamId: m.teamId }]);
    }
    return {
      companies: companies.map(toCompany),
      teams: teams.map(toTeam),
      people: people.map((p) => toPerson({ ...p, memberships: teamsOf.get(p.id) ?? [] })),
      sources: sources.map((s) => ({
        id: s.id,
        slug: s.slug,
        kind: s.kind,
        secret: s.secret,
        mapping: s.mapping ?? null,
        enabled: s.enabled,
      })),
      rules: rules.map((r) => ({
        id: r.id,
        priority: r.priority,
        field: r.field,
        pattern: r.pattern,
        teamId: r.teamId,
      })),
    };
  }

  /** Company and team slugs only: what validating an org file needs to know of the database. */
  async slugs(): Promise<{ companies: { id: number; slug: string }[]; teams: { slug: string; companyId: number }[] }> {
    const [companies, teams] = await Promise.all([
      this.db.company.findMany({ select: { id: true, slug: true }, orderBy: { id: "asc" } }),
      this.db.team.findMany({ select: { slug: true, companyId: true }, orderBy: { id: "asc" } }),
    ]);
    return { companies, teams };
  }

  async createCompanies(rows: CompanyData[]): Promise<CompanyRecord[]> {
    if (!rows.length) return [];
    return (await this.db.company.createManyAndReturn({ data: rows.map(companyRow) })).map(toCompany);
  }

  async updateCompany(id: number, d: Partial<CompanyData>): Promise<void> {
    await this.db.company.update({ where: { id }, data: companyRow(d) });
  }

  async createTeams(
    rows: (Partial<TeamData> & Pick<TeamData, "slug" | "name" | "companyId">)[],
  ): Promise<TeamRecord[]> {
    if (!rows.length) return [];
    const data = rows.map(({ teamsConversationRef, ...rest }) => ({
      ...rest,
      ...(teamsConversationRef !== undefined ? { teamsConversationRef: json(teamsConversationRef) } : {}),
    }));
    return (await this.db.team.createManyAndReturn({ data })).map(toTeam);
  }

  async updateTeam(id: number, d: Partial<TeamData>): Promise<void> {
    const { teamsConversationRef, ...rest } = d;
    await this.db.team.update({
      where: { id },
      data: {
        ...rest,
        // A new conversation is presumed reachable until a delivery says otherwise.
        ...(teamsConversationRef !== undefined
          ? { teamsConversationRef: json(teamsConversationRef), teamsConversationOk: true }
          : {}),
      },
    });
  }

  /** Creates people (no memberships yet); returned in no guaranteed order. */
  async createPeople(rows: (Partial<PersonData> & Pick<PersonData, "name" | "role">)[]): Promise<PersonRecord[]> {
    if (!rows.length) return [];
    const out: PersonRecord[] = [];
    for (const part of chunks(rows))
      out.push(...(await this.db.person.createManyAndReturn({ data: part })).map(toPerson));
    return out;
  }

  async updatePerson(id: number, d: Partial<PersonData>): Promise<void> {
    await this.db.person.update({ where: { id }, data: d });
  }

  async addMemberships(pairs: { personId: number; teamId: number }[]): Promise<number> {
    if (!pairs.length) return 0;
    let added = 0;
    for (const part of chunks(pairs)) {
      added += (await this.db.teamMembership.createMany({ data: part, skipDuplicates: true })).count;
    }
    return added;
  }

  async removeMemberships(pairs: { personId: number; teamId: number }[]): Promise<number> {
    if (!pairs.length) return 0;
    let removed = 0;
    for (const part of chunks(pairs))
      removed += (await this.db.teamMembership.deleteMany({ where: { OR: part } })).count;
    return removed;
  }

  async deactivatePeople(ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return (await this.db.person.updateMany({ where: { id: { in: ids }, active: true }, data: { active: false } }))
      .count;
  }

  async createSource(d: Partial<SourceData> & Pick<SourceData, "slug" | "kind">): Promise<void> {
    const { mapping, ...rest } = d;
    await this.db.surveySource.create({
      data: { ...rest, ...(mapping !== undefined ? { mapping: json(mapping) } : {}) },
    });
  }

  async updateSource(id: number, d: Partial<SourceData>): Promise<void> {
    const { mapping, ...rest } = d;
    await this.db.surveySource.update({
      where: { id },
      data: { ...rest, ...(mapping !== undefined ? { mapping: json(mapping) } : {}) },
    });
  }

  async disableSources(ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return (
      await this.db.surveySource.updateMany({ where: { id: { in: ids }, enabled: true }, data: { enabled: false } })
    ).count;
  }

  async createRule(d: RuleData): Promise<void> {
    await this.db.routingRule.create({ data: d });
  }

  async updateRule(id: number, d: Partial<RuleData>): Promise<void> {
    await this.db.routingRule.update({ where: { id }, data: d });
  }

  async deleteRules(ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return (await this.db.routingRule.deleteMany({ where: { id: { in: ids } } })).count;
  }
}

/** Programme dates travel as YYYY-MM-DD and are stored as DATE columns. */
function companyRow<T extends Partial<CompanyData>>(
  d: T,
): Omit<T, "programmeStart" | "programmeEnd"> & { programmeStart?: Date | null; programmeEnd?: Date | null } {
  const { programmeStart, programmeEnd, ...rest } = d;
  const day = (s: string | null | undefined) => (s == null ? s : new Date(`${s}T00:00:00Z`));
  return {
    ...rest,
    ...(programmeStart !== undefined ? { programmeStart: day(programmeStart) } : {}),
    ...(programmeEnd !== undefined ? { programmeEnd: day(programmeEnd) } : {}),
  };
}
