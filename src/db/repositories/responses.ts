// Survey responses as ingestion needs them: batch look-ups by (source, externalId), batch inserts
// that skip rows another writer just inserted, guarded updates that never roll data back, and the
// routing data (teams, staff, rules, admins) for a whole batch in one query.

import type { NewResponse, ResponseChange, StoredResponse, UpdateGuard } from "../../core/ingest-plan.js";
import type { RoutingRuleRecord } from "../../core/routing.js";
import type { CaseRecord, ChatPlatform, PersonRecord, TeamRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";
import type { NewCase } from "./cases.js";
import { toCase, toResponse } from "./mappers.js";

// The shapes are ingestion's (pure, in core); re-exported for code that reads them from here.
export type { NewResponse, ResponseChange, StoredResponse, UpdateGuard };

/** What ingestion needs to know of a case it just opened. */
export interface CreatedCase {
  id: number;
  responseId: number;
  teamId: number | null;
  companyId: number | null;
  silent: boolean;
  dueAt: Date;
}

function toStored(r: Parameters<typeof toResponse>[0]): StoredResponse {
  return { ...toResponse(r), sourceUpdatedAt: r.sourceUpdatedAt };
}

function json(v: Record<string, unknown> | null | undefined) {
  return v === null ? Prisma.DbNull : v === undefined ? undefined : (v as Prisma.InputJsonValue);
}

/** A team as routingData's JSON carries it (the columns TeamRecord needs, camel-cased). */
type TeamJson = Omit<TeamRecord, "locale"> & { locale: string | null };
type PersonJson = Omit<PersonRecord, "teamIds"> & { teamIds: number[] | null };

const TEAM_JSON = Prisma.sql`json_build_object('id', t.id, 'slug', t.slug, 'name', t.name, 'companyId', t.company_id,
  'timeZone', t.time_zone, 'slackChannelId', t.slack_channel_id, 'teamsConversationRef', t.teams_conversation_ref,
  'teamsConversationOk', t.teams_conversation_ok, 'casesForPassives', t.cases_for_passives, 'slaHours', t.sla_hours,
  'reminderWeekday', t.reminder_weekday, 'reminderTime', t.reminder_time, 'locale', t.locale)`;
const PERSON_JSON = Prisma.sql`json_build_object('id', p.id, 'name', p.name, 'email', p.email, 'role', p.role,
  'companyId', p.company_id, 'slackUserId', p.slack_user_id, 'teamsAadObjectId', p.teams_aad_object_id,
  'teamsConversationRef', p.teams_conversation_ref, 'timeZone', p.time_zone, 'locale', p.locale,
  'platformLocale', p.platform_locale, 'remindersEnabled', p.reminders_enabled, 'active', p.active,
  'teamIds', (SELECT array_agg(m.team_id ORDER BY m.created_at) FROM team_memberships m WHERE m.person_id = p.id))`;

function teamFromJson(t: TeamJson): TeamRecord {
  return { ...t, teamsConversationRef: t.teamsConversationRef ?? null };
}

function personFromJson(p: PersonJson): PersonRecord {
  return { ...p, teamsConversationRef: p.teamsConversationRef ?? null, teamIds: p.teamIds ?? [] };
}

export class ResponseRepository {
  constructor(private readonly db: DbClient) {}

  async findByKeys(source: string, externalIds: string[]): Promise<StoredResponse[]> {
    if (externalIds.length === 0) return [];
    const rows = await this.db.surveyResponse.findMany({ where: { source, externalId: { in: externalIds } } });
    return rows.map(toStored);
  }

  async findById(id: number): Promise<StoredResponse | null> {
    const r = await this.db.surveyResponse.findUnique({ where: { id } });
    return r ? toStored(r) : null;
  }

  /**
   * Inserts rows in one statement; a row whose (source, externalId) already exists (or is being
   * inserted by another transaction) is skipped, not an error. Returns the rows inserted.
   */
  async insertMany(rows: NewResponse[], now: Date): Promise<StoredResponse[]> {
    return (await this.insertWithCases(rows, now)).responses;
  }

  /**
   * Inserts responses and, for those actually inserted, the case each asks for (`newCase`) and the
   * outbox rows that post its card (`newCase.cards`: one per platform), in one statement: a row
   * skipped as already stored opens nothing and queues nothing, and outside a transaction the
   * statement alone keeps each response atomic with its case and cards. The rows travel as one JSON
   * parameter (json_to_recordset): one string to send and parse, where an array per column cost
   * several times more on the client; Prisma's createMany costs ~0.5 ms a row.
   */
  async insertWithCases(
    rows: (NewResponse & { newCase?: (Omit<NewCase, "responseId"> & { cards?: ChatPlatform[] }) | null })[],
    now: Date,
  ): Promise<{ responses: StoredResponse[]; cases: CreatedCase[]; cardsQueued: number }> {
    if (rows.length === 0) return { responses: [], cases: [], cardsQueued: 0 };
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    const payload = JSON.stringify(
      rows.map((r) => ({
        s: r.source,
        e: r.externalId,
        sc: r.score,
        c: r.comment,
        tp: r.touchpoint,
        cr: r.customerRef,
        cn: r.customerName,
        ce: r.customerEmail,
        cp: r.customerPhone,
        st: r.staffId,
        tm: r.teamId,
        co: r.companyId,
        ra: iso(r.respondedAt),
        rc: iso(r.receivedAt),
        su: iso(r.sourceUpdatedAt),
        a: r.attributes,
        ...(r.newCase
          ? {
              kt: r.newCase.teamId,
              kc: r.newCase.companyId,
              kd: iso(r.newCase.dueAt),
              ks: r.newCase.silent ?? false,
              ka: iso(r.newCase.createdAt ?? now),
              ...(r.newCase.cards?.length ? { kp: r.newCase.cards.join(",") } : {}),
            }
          : {}),
      })),
    );
    const out = await this.db.$queryRaw<
      { id: number; source: string; externalId: string; caseId: number | null; queued: number }[]
    >`
      WITH t AS MATERIALIZED (
        SELECT * FROM json_to_recordset(${payload}::json) AS t(s text, e text, sc int, c text, tp text, cr text,
          cn text, ce text, cp text, st int, tm int, co int, ra timestamptz, rc timestamptz, su timestamptz,
          a jsonb, kt int, kc int, kd timestamptz, ks boolean, ka timestamptz, kp text)
      ), ins AS (
        INSERT INTO survey_responses (source, external_id, score, comment, touchpoint, customer_ref, customer_name,
          customer_email, customer_phone, staff_id, team_id, company_id, responded_at, received_at, source_updated_at,
          updated_at, attributes)
        SELECT s, e, sc, c, tp, cr, cn, ce, cp, st, tm, co, ra, rc, su, ${iso(now)}::timestamptz,
          CASE WHEN jsonb_typeof(a) = 'null' THEN NULL ELSE a END
        FROM t
        ON CONFLICT (source, external_id) DO NOTHING
        RETURNING id, source, external_id
      ), cs AS (
        INSERT INTO follow_up_cases (response_id, team_id, company_id, due_at, silent, created_at, updated_at)
        SELECT ins.id, t.kt, t.kc, t.kd, t.ks, t.ka, ${iso(now)}::timestamptz
        FROM ins JOIN t ON t.s = ins.source AND t.e = ins.external_id
        WHERE t.kd IS NOT NULL
        ON CONFLICT (response_id) DO NOTHING
        RETURNING id, response_id
      ), ob AS (
        INSERT INTO outbox_deliveries (platform, kind, target, payload, dedupe_key, case_id, next_attempt_at,
          created_at, updated_at)
        SELECT p::"ChatPlatform", 'case_card', 'case:' || cs.id, jsonb_build_object('kind', 'case_card', 'caseId', cs.id),
          'case:' || cs.id || ':card:' || p, cs.id, ${iso(now)}::timestamptz, ${iso(now)}::timestamptz,
          ${iso(now)}::timestamptz
        FROM cs JOIN ins ON ins.id = cs.response_id JOIN t ON t.s = ins.source AND t.e = ins.external_id
          CROSS JOIN LATERAL unnest(string_to_array(t.kp, ',')) AS p
        WHERE t.kp IS NOT NULL
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING 1
      )
      SELECT ins.id, ins.source, ins.external_id AS "externalId", cs.id AS "caseId",
        (SELECT count(*)::int FROM ob) AS queued
      FROM ins LEFT JOIN cs ON cs.response_id = ins.id`;
    const byKey = new Map(rows.map((r) => [`${r.source}\u0000${r.externalId}`, r]));
    const responses: StoredResponse[] = [];
    const cases: CreatedCase[] = [];
    for (const { id, source, externalId, caseId } of out) {
      const r = byKey.get(`${source}\u0000${externalId}`)!;
      responses.push({
        id,
        source: r.source,
        externalId: r.externalId,
        score: r.score,
        comment: r.comment,
        touchpoint: r.touchpoint,
        customerRef: r.customerRef,
        customerName: r.customerName,
        customerEmail: r.customerEmail,
        customerPhone: r.customerPhone,
        staffId: r.staffId,
        teamId: r.teamId,
        companyId: r.companyId,
        // Stored with millisecond precision, like the column.
        respondedAt: new Date(r.respondedAt.getTime()),
        receivedAt: new Date(r.receivedAt.getTime()),
        sourceUpdatedAt: r.sourceUpdatedAt,
        erasedAt: null,
      });
      if (caseId !== null && r.newCase) {
        const k = r.newCase;
        cases.push({
          id: caseId,
          responseId: id,
          teamId: k.teamId,
          companyId: k.companyId,
          silent: k.silent ?? false,
          dueAt: k.dueAt,
        });
      }
    }
    return { responses, cases, cardsQueued: out[0]?.queued ?? 0 };
  }

  /** Applies a change if the guard still holds; false when another writer made it moot. */
  async applyChange(id: number, change: ResponseChange, guard: UpdateGuard = {}): Promise<boolean> {
    const where: Prisma.SurveyResponseWhereInput = { id, erasedAt: null };
    const and: Prisma.SurveyResponseWhereInput[] = [];
    if (guard.newerThanStored) {
      and.push({ OR: [{ sourceUpdatedAt: null }, { sourceUpdatedAt: { lt: guard.newerThanStored } }] });
    }
    for (const col of guard.stillNull ?? []) and.push({ [col]: null });
    const { attributes, ...rest } = change;
    const { count } = await this.db.surveyResponse.updateMany({
      where: and.length ? { ...where, AND: and } : where,
      data: { ...rest, ...(attributes !== undefined ? { attributes: json(attributes) } : {}) },
    });
    return count === 1;
  }

  async casesByResponseIds(responseIds: number[]): Promise<CaseRecord[]> {
    if (responseIds.length === 0) return [];
    const rows = await this.db.followUpCase.findMany({ where: { responseId: { in: responseIds } } });
    return rows.map(toCase);
  }

  /**
   * Closes a case nobody has claimed yet because its score no longer needs a follow-up; false when
   * someone claimed or resolved it meanwhile.
   */
  async closeCaseForScore(caseId: number, now: Date): Promise<boolean> {
    const { count } = await this.db.followUpCase.updateMany({
      where: { id: caseId, status: "open", ownerId: null },
      data: { status: "resolved", outcome: "score_updated", resolvedAt: now, updatedAt: now },
    });
    return count === 1;
  }

  /** Reopens a case closed as "score updated" once the score needs a follow-up again. */
  async reopenScoreClosedCase(caseId: number, now: Date): Promise<boolean> {
    const { count } = await this.db.followUpCase.updateMany({
      where: { id: caseId, status: "resolved", outcome: "score_updated" },
      data: { status: "open", outcome: null, resolvedAt: null, updatedAt: now },
    });
    return count === 1;
  }

  /** Creates cases in one statement; a response that already has one is skipped. */
  async createCases(cases: NewCase[], now: Date): Promise<CreatedCase[]> {
    if (cases.length === 0) return [];
    const col = <T>(f: (c: NewCase) => T) => cases.map(f);
    const rows = await this.db.$queryRaw<{ id: number; responseId: number }[]>`
      INSERT INTO follow_up_cases (response_id, team_id, company_id, due_at, silent, created_at, updated_at)
      SELECT response_id, team_id, company_id, due_at::timestamptz, silent, created_at::timestamptz,
        ${now.toISOString()}::timestamptz
      FROM unnest(${col((c) => c.responseId)}::int[], ${col((c) => c.teamId)}::int[], ${col((c) => c.companyId)}::int[],
        ${col((c) => c.dueAt.toISOString())}::text[], ${col((c) => c.silent ?? false)}::boolean[],
        ${col((c) => (c.createdAt ?? now).toISOString())}::text[])
        AS t(response_id, team_id, company_id, due_at, silent, created_at)
      ON CONFLICT (response_id) DO NOTHING
      RETURNING id, response_id AS "responseId"`;
    const byResponse = new Map(cases.map((c) => [c.responseId, c]));
    return rows.map(({ id, responseId }) => {
      const c = byResponse.get(responseId)!;
      return { id, responseId, teamId: c.teamId, companyId: c.companyId, silent: c.silent ?? false, dueAt: c.dueAt };
    });
  }

  /** Gives a team-less case the team its response was just routed to (never moves a routed one). */
  async assignCaseTeam(caseId: number, teamId: number, companyId: number): Promise<boolean> {
    const { count } = await this.db.followUpCase.updateMany({
      where: { id: caseId, teamId: null },
      data: { teamId, companyId, version: { increment: 1 } },
    });
    return count === 1;
  }

  /** Platforms on which each case's card has been posted (so an update re-renders it). */
  async postedCardPlatforms(caseIds: number[]): Promise<Map<number, ChatPlatform[]>> {
    const out = new Map<number, ChatPlatform[]>();
    if (caseIds.length === 0) return out;
    const rows = await this.db.chatMessage.findMany({
      where: { caseId: { in: caseIds } },
      select: { caseId: true, platform: true },
    });
    for (const r of rows) {
      const list = out.get(r.caseId) ?? [];
      if (!list.includes(r.platform)) list.push(r.platform);
      out.set(r.caseId, list);
    }
    return out;
  }

  /**
   * Everything routing needs for a batch in one round trip: the teams named by slug, the staff
   * named (by lower-cased email or id, memberships oldest first) and their teams, the teams rules
   * point at, and on request the rules themselves and the active admins (for unassigned alerts).
   * The same rows as routingTeams + staffByKeys + routingRules + OrgRepository.admins.
   */
  async routingData(
    slugs: string[],
    staffEmails: string[],
    staffIds: number[],
    want: { rules: boolean; admins: boolean },
  ): Promise<{
    teams: TeamRecord[];
    staff: PersonRecord[];
    rules: RoutingRuleRecord[] | null;
    admins: PersonRecord[] | null;
  }> {
    const emails = [...new Set(staffEmails.map((e) => e.toLowerCase()))];
    const [row] = await this.db.$queryRaw<
      {
        teams: TeamJson[] | null;
        staff: PersonJson[] | null;
        rules: RoutingRuleRecord[] | null;
        admins: PersonJson[] | null;
      }[]
    >`
      WITH staff AS (
        SELECT * FROM people
        WHERE lower(email) = ANY(${emails}::text[]) OR id = ANY(${staffIds}::int[])
      )
      SELECT
        (SELECT json_agg(${TEAM_JSON}) FROM teams t
         WHERE t.slug = ANY(${slugs}::text[])
            OR t.id IN (SELECT team_id FROM routing_rules)
            OR t.id IN (SELECT m.team_id FROM team_memberships m WHERE m.person_id IN (SELECT id FROM staff))) AS teams,
        (SELECT json_agg(${PERSON_JSON}) FROM staff p) AS staff,
        CASE WHEN ${want.rules}::boolean THEN (SELECT coalesce(json_agg(json_build_object('id', r.id, 'priority', r.priority,
          'field', r.field, 'pattern', r.pattern, 'teamId', r.team_id) ORDER BY r.priority, r.id), '[]'::json)
          FROM routing_rules r) END AS rules,
        CASE WHEN ${want.admins}::boolean THEN (SELECT coalesce(json_agg(${PERSON_JSON} ORDER BY p.id), '[]'::json)
          FROM people p WHERE p.role = 'admin' AND p.active) END AS admins`;
    return {
      teams: (row?.teams ?? []).map(teamFromJson),
      staff: (row?.staff ?? []).map(personFromJson),
      rules: row?.rules ?? null,
      admins: row?.admins ? row.admins.map(personFromJson) : null,
    };
  }

  /** The "unassigned" queue: responses no team could be found for, newest first. */
  async unassigned(limit = 50): Promise<StoredResponse[]> {
    const rows = await this.db.surveyResponse.findMany({
      where: { teamId: null },
      orderBy: { receivedAt: "desc" },
      take: limit,
    });
    return rows.map(toStored);
  }

  async countUnassigned(): Promise<number> {
    return this.db.surveyResponse.count({ where: { teamId: null } });
  }
}

export interface SurveySourceRecord {
  id: number;
  slug: string;
  kind: string;
  secret: string | null;
  mapping: Record<string, unknown> | null;
  enabled: boolean;
}

/** Connected survey tools (their secret and field mapping). */
export class SurveySourceRepository {
  constructor(private readonly db: DbClient) {}

  async bySlug(slug: string): Promise<SurveySourceRecord | null> {
    const s = await this.db.surveySource.findUnique({ where: { slug } });
    if (!s) return null;
    return {
      id: s.id,
      slug: s.slug,
      kind: s.kind,
      secret: s.secret,
      mapping: s.mapping && typeof s.mapping === "object" ? (s.mapping as Record<string, unknown>) : null,
      enabled: s.enabled,
    };
  }

  async upsert(input: {
    slug: string;
    kind: string;
    secret?: string | null;
    mapping?: Record<string, unknown> | null;
  }) {
    const data = {
      kind: input.kind,
      ...(input.secret !== undefined ? { secret: input.secret } : {}),
      ...(input.mapping !== undefined ? { mapping: json(input.mapping) } : {}),
    };
    await this.db.surveySource.upsert({
      where: { slug: input.slug },
      create: { slug: input.slug, ...data },
      update: data,
    });
  }
}

// Moved to db/errors.ts (the one place that reads driver errors); kept here for existing importers.
export { isDatabaseUnavailableError } from "../errors.js";
