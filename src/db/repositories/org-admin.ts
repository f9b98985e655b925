// Writes behind `nps-loop org apply`: companies, teams, people, memberships, survey sources and
// routing rules, plus one read of everything the apply compares against.
import type { CompanyRecord, PersonRecord, PersonRole, TeamRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";
import { type BulkColumn, bulkInsert, byColumns, chunks, columnArrays, columnList } from "./bulk.js";
import { toCompany, toTeam } from "./mappers.js";

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

export interface NewPerson {
  id: number;
  email: string | null;
}

const PERSON_COLUMNS: Record<keyof PersonData, BulkColumn> = {
  name: { column: "name", array: "text[]" },
  email: { column: "email", array: "text[]" },
  role: { column: "role", array: "text[]", cast: '::"PersonRole"' },
  companyId: { column: "company_id", array: "int[]" },
  slackUserId: { column: "slack_user_id", array: "text[]" },
  teamsAadObjectId: { column: "teams_aad_object_id", array: "text[]" },
  timeZone: { column: "time_zone", array: "text[]" },
  locale: { column: "locale", array: "text[]" },
  remindersEnabled: { column: "reminders_enabled", array: "boolean[]" },
  active: { column: "active", array: "boolean[]" },
};

const TEAM_COLUMNS: Record<keyof TeamData, BulkColumn> = {
  slug: { column: "slug", array: "text[]" },
  name: { column: "name", array: "text[]" },
  companyId: { column: "company_id", array: "int[]" },
  timeZone: { column: "time_zone", array: "text[]" },
  slackChannelId: { column: "slack_channel_id", array: "text[]" },
  // JSON travels as text and is cast per row (null stays SQL NULL).
  teamsConversationRef: {
    column: "teams_conversation_ref",
    array: "text[]",
    cast: "::jsonb",
    encode: (v) => (v === null ? null : JSON.stringify(v)),
  },
  slaHours: { column: "sla_hours", array: "int[]" },
  casesForPassives: { column: "cases_for_passives", array: "boolean[]" },
  reminderWeekday: { column: "reminder_weekday", array: "int[]" },
  reminderTime: { column: "reminder_time", array: "text[]" },
  locale: { column: "locale", array: "text[]" },
};

const json = (v: unknown) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/** Advisory lock key that serialises org applies (instances starting together with one ORG_FILE). */
const ORG_APPLY_LOCK = 720_119_001;

export class OrgAdminRepository {
  constructor(private readonly db: DbClient) {}

  /** Waits for any other org apply to commit; held until this transaction ends. */
  async lockForApply(): Promise<void> {
    await this.db.$queryRaw`SELECT pg_advisory_xact_lock(${ORG_APPLY_LOCK}::bigint)::text AS locked`;
  }

  async snapshot(): Promise<OrgSnapshot> {
    const [companies, teams, people, sources, rules] = await Promise.all([
      this.db.company.findMany({ orderBy: { id: "asc" } }),
      this.db.team.findMany({ orderBy: { id: "asc" } }),
      this.people(),
      this.db.surveySource.findMany({ orderBy: { id: "asc" } }),
      this.db.routingRule.findMany({ orderBy: { id: "asc" } }),
    ]);
    return {
      companies: companies.map(toCompany),
      teams: teams.map(toTeam),
      people,
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

  /**
   * Every person with their team ids, as one JSON text of arrays: the model API would read people
   * and memberships apart and build objects per row and per cell (20,000 people: seconds and tens
   * of MB); one text parsed by JSON.parse costs a fraction of that.
   */
  private async people(): Promise<PersonRecord[]> {
    const [row] = await this.db.$queryRaw<{ people: string }[]>`
      SELECT coalesce(json_agg(json_build_array(p.id, p.name, p.email, p.role, p.company_id, p.slack_user_id,
          p.teams_aad_object_id, p.teams_conversation_ref, p.time_zone, p.locale, p.platform_locale,
          p.reminders_enabled, p.active, coalesce(m.team_ids, '{}')) ORDER BY p.id), '[]')::text AS people
      FROM people p
      LEFT JOIN (SELECT person_id, array_agg(team_id ORDER BY team_id) AS team_ids FROM team_memberships GROUP BY person_id) m
        ON m.person_id = p.id`;
    type Cells = [
      number,
      string,
      string | null,
      PersonRole,
      number | null,
      string | null,
      string | null,
      unknown,
      string,
      string | null,
      string | null,
      boolean,
      boolean,
      number[],
    ];
    return (JSON.parse(row!.people) as Cells[]).map((c) => ({
      id: c[0],
      name: c[1],
      email: c[2],
      role: c[3],
      companyId: c[4],
      slackUserId: c[5],
      teamsAadObjectId: c[6],
      teamsConversationRef: c[7] ?? null,
      timeZone: c[8],
      locale: c[9],
      platformLocale: c[10],
      remindersEnabled: c[11],
      active: c[12],
      teamIds: c[13],
    }));
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

  /** Creates teams; returns each new team's id and slug. */
  async createTeams(
    rows: (Partial<TeamData> & Pick<TeamData, "slug" | "name" | "companyId">)[],
  ): Promise<{ id: number; slug: string }[]> {
    return bulkInsert(this.db, "teams", TEAM_COLUMNS, rows, "id, slug");
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

  /**
   * Creates people (no memberships yet), a statement per set of given columns (left out: the
   * column's default); returns each new person's id and email, in no guaranteed order.
   */
  async createPeople(rows: (Partial<PersonData> & Pick<PersonData, "name" | "role">)[]): Promise<NewPerson[]> {
    return bulkInsert(this.db, "people", PERSON_COLUMNS, rows, "id, email");
  }

  async updatePerson(id: number, d: Partial<PersonData>): Promise<void> {
    await this.db.person.update({ where: { id }, data: d });
  }

  /** Updates people, a statement per set of changed columns. */
  async updatePeople(rows: { id: number; data: Partial<PersonData> }[]): Promise<void> {
    const data = rows.map((r) => r.data);
    for (const { keys, indexes } of byColumns(PERSON_COLUMNS, data)) {
      if (!keys.length) continue;
      const names = columnList(PERSON_COLUMNS, keys, (c) => `"${c.column}"`);
      const set = columnList(PERSON_COLUMNS, keys, (c) => `"${c.column}" = t."${c.column}"${c.cast ?? ""}`);
      for (const part of chunks(indexes)) {
        const ids = part.map((i) => rows[i]!.id);
        await this.db.$executeRaw`
          UPDATE people AS p SET ${set}, updated_at = now()
          FROM unnest(${ids}::int[], ${columnArrays(PERSON_COLUMNS, keys, part, data)}) AS t(id, ${names})
          WHERE p.id = t.id`;
      }
    }
  }

  /** Clears one unique value (email, Slack or Teams id) of these people, so that another can take it. */
  async clearPersonValue(field: "email" | "slackUserId" | "teamsAadObjectId", ids: number[]): Promise<void> {
    if (!ids.length) return;
    const column = Prisma.raw(`"${PERSON_COLUMNS[field].column}"`);
    await this.db.$executeRaw`UPDATE people SET ${column} = NULL, updated_at = now() WHERE id = ANY(${ids}::int[])`;
  }

  async addMemberships(pairs: { personId: number; teamId: number }[]): Promise<number> {
    let added = 0;
    for (const part of chunks(pairs)) {
      added += await this.db.$executeRaw`
        INSERT INTO team_memberships (person_id, team_id)
        SELECT * FROM unnest(${part.map((p) => p.personId)}::int[], ${part.map((p) => p.teamId)}::int[])
        ON CONFLICT DO NOTHING`;
    }
    return added;
  }

  async removeMemberships(pairs: { personId: number; teamId: number }[]): Promise<number> {
    let removed = 0;
    for (const part of chunks(pairs)) {
      removed += await this.db.$executeRaw`
        DELETE FROM team_memberships m
        USING unnest(${part.map((p) => p.personId)}::int[], ${part.map((p) => p.teamId)}::int[]) AS t(person_id, team_id)
        WHERE m.person_id = t.person_id AND m.team_id = t.team_id`;
    }
    return removed;
  }

  async deactivatePeople(ids: number[]): Promise<number> {
    if (!ids.length) return 0;
    return this.db.$executeRaw`
      UPDATE people SET active = false, updated_at = now() WHERE id = ANY(${ids}::int[]) AND active`;
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
