// Bulk writes for `nps-loop demo seed`, and the wipe behind `--reset`. Cases and events go in as one
// array per column (as ResponseRepository.insertMany does for responses): Prisma's createMany
// compiles a plan per row count and costs ~0.5 ms a row on PGlite, which made a 6-month seed slow.
// Existing rows are skipped (ON CONFLICT DO NOTHING), so a repeated seed adds nothing it has.
import type { CaseRecord } from "../../core/types.js";
import type { DbClient } from "../context.js";
import type { Prisma } from "../generated/client.js";

const CHUNK = 1000;

/** A case row as the demo inserts it: every column but the id, always with a team and company. */
export interface NewCaseRow extends Omit<CaseRecord, "id" | "teamId" | "companyId"> {
  teamId: number;
  companyId: number;
  createdAt: Date;
}

export interface NewEventRow {
  caseId: number;
  actorId: number | null;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  at: Date;
}

export interface NewCoachingRow {
  staffId: number;
  managerId: number | null;
  teamId: number;
  caseId: number;
  topic: string;
  rootCause: string;
  status: "planned" | "done";
  dueAt: Date;
  doneAt: Date | null;
  notes: string | null;
  createdAt: Date;
}

export interface DemoScope {
  source: string;
  companySlugs: string[];
  teamSlugs: string[];
  emails: string[];
}

export interface DemoWipeCounts {
  responses: number;
  cases: number;
  coaching: number;
  deliveries: number;
  people: number;
  teams: number;
  companies: number;
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

export class DemoRepository {
  constructor(private readonly db: DbClient) {}

  async countResponses(source: string): Promise<number> {
    return this.db.surveyResponse.count({ where: { source } });
  }

  async externalIds(source: string): Promise<Set<string>> {
    const rows = await this.db.surveyResponse.findMany({ where: { source }, select: { externalId: true } });
    return new Set(rows.map((r) => r.externalId));
  }

  /** Inserts cases (one per response; existing ones skipped); returns case ids by response id. */
  async insertCases(rows: NewCaseRow[], now: Date): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const part of chunks(rows)) {
      const col = <T>(f: (r: NewCaseRow) => T) => part.map(f);
      const iso = (d: Date | null) => (d ? d.toISOString() : null);
      const ids = await this.db.$queryRaw<{ id: number; responseId: number }[]>`
        INSERT INTO follow_up_cases (response_id, team_id, company_id, status, owner_id, due_at, claimed_at,
          contacted_at, resolved_at, outcome, root_cause, outer_loop, note, reminder_sent_at, escalation_level,
          silent, version, created_at, updated_at)
        SELECT response_id, team_id, company_id, status::"CaseStatus", owner_id, due_at::timestamptz,
          claimed_at::timestamptz, contacted_at::timestamptz, resolved_at::timestamptz, outcome::"CaseOutcome",
          root_cause, outer_loop, note, reminder_sent_at::timestamptz, escalation_level, silent, version,
          created_at::timestamptz, ${iso(now)}::timestamptz
        FROM unnest(${col((r) => r.responseId)}::int[], ${col((r) => r.teamId)}::int[],
          ${col((r) => r.companyId)}::int[], ${col((r) => r.status)}::text[], ${col((r) => r.ownerId)}::int[],
          ${col((r) => iso(r.dueAt))}::text[], ${col((r) => iso(r.claimedAt))}::text[],
          ${col((r) => iso(r.contactedAt))}::text[], ${col((r) => iso(r.resolvedAt))}::text[],
          ${col((r) => r.outcome)}::text[], ${col((r) => r.rootCause)}::text[], ${col((r) => r.outerLoop)}::bool[],
          ${col((r) => r.note)}::text[], ${col((r) => iso(r.reminderSentAt))}::text[],
          ${col((r) => r.escalationLevel)}::int[], ${col((r) => r.silent)}::bool[], ${col((r) => r.version)}::int[],
          ${col((r) => iso(r.createdAt))}::text[])
          AS t(response_id, team_id, company_id, status, owner_id, due_at, claimed_at, contacted_at, resolved_at,
            outcome, root_cause, outer_loop, note, reminder_sent_at, escalation_level, silent, version, created_at)
        ON CONFLICT (response_id) DO NOTHING
        RETURNING id, response_id AS "responseId"`;
      for (const r of ids) out.set(r.responseId, r.id);
    }
    return out;
  }

  async insertEvents(rows: NewEventRow[]): Promise<number> {
    let n = 0;
    for (const part of chunks(rows)) {
      const col = <T>(f: (r: NewEventRow) => T) => part.map(f);
      const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
      n += await this.db.$executeRaw`
        INSERT INTO case_events (case_id, actor_id, actor, action, allowed, before, after, at)
        SELECT case_id, actor_id, actor, action, true, before::jsonb, after::jsonb, at::timestamptz
        FROM unnest(${col((r) => r.caseId)}::int[], ${col((r) => r.actorId)}::int[], ${col((r) => r.actor)}::text[],
          ${col((r) => r.action)}::text[], ${col((r) => json(r.before))}::text[], ${col((r) => json(r.after))}::text[],
          ${col((r) => r.at.toISOString())}::text[])
          AS t(case_id, actor_id, actor, action, before, after, at)`;
    }
    return n;
  }

  async insertCoaching(rows: NewCoachingRow[]): Promise<number> {
    if (!rows.length) return 0;
    return (await this.db.coachingSession.createMany({ data: rows })).count;
  }

  /**
   * Deletes the demo org and everything attached to it: responses of the demo source or of demo
   * teams, their cases (events and chat messages cascade), coaching, outbox rows, routing rules
   * to demo teams, then people, teams and companies. Other data keeps its rows; links from it to
   * demo people are cleared.
   */
  async wipe(scope: DemoScope): Promise<DemoWipeCounts> {
    const db = this.db;
    const companyIds = (await db.company.findMany({ where: { slug: { in: scope.companySlugs } } })).map((c) => c.id);
    const teamIds = (
      await db.team.findMany({ where: { OR: [{ slug: { in: scope.teamSlugs } }, { companyId: { in: companyIds } }] } })
    ).map((t) => t.id);
    const personIds = (await db.person.findMany({ where: { email: { in: scope.emails } } })).map((p) => p.id);
    const responseWhere: Prisma.SurveyResponseWhereInput = {
      OR: [{ source: scope.source }, { teamId: { in: teamIds } }, { companyId: { in: companyIds } }],
    };
    const responseIds = (await db.surveyResponse.findMany({ where: responseWhere, select: { id: true } })).map(
      (r) => r.id,
    );
    const caseIds = (
      await db.followUpCase.findMany({
        where: {
          OR: [{ responseId: { in: responseIds } }, { teamId: { in: teamIds } }, { companyId: { in: companyIds } }],
        },
        select: { id: true },
      })
    ).map((c) => c.id);
    const coaching = await db.coachingSession.deleteMany({
      where: {
        OR: [
          { caseId: { in: caseIds } },
          { teamId: { in: teamIds } },
          { staffId: { in: personIds } },
          { managerId: { in: personIds } },
        ],
      },
    });
    const deliveries = await db.outboxDelivery.deleteMany({
      where: { OR: [{ caseId: { in: caseIds } }, { target: { in: personIds.map((id) => `person:${id}`) } }] },
    });
    const cases = await db.followUpCase.deleteMany({ where: { id: { in: caseIds } } });
    const responses = await db.surveyResponse.deleteMany({ where: { id: { in: responseIds } } });
    await db.followUpCase.updateMany({ where: { ownerId: { in: personIds } }, data: { ownerId: null } });
    await db.surveyResponse.updateMany({ where: { staffId: { in: personIds } }, data: { staffId: null } });
    await db.person.updateMany({ where: { companyId: { in: companyIds } }, data: { companyId: null } });
    await db.routingRule.deleteMany({ where: { teamId: { in: teamIds } } });
    const people = await db.person.deleteMany({ where: { id: { in: personIds } } });
    const teams = await db.team.deleteMany({ where: { id: { in: teamIds } } });
    const companies = await db.company.deleteMany({ where: { id: { in: companyIds } } });
    return {
      responses: responses.count,
      cases: cases.count,
      coaching: coaching.count,
      deliveries: deliveries.count,
      people: people.count,
      teams: teams.count,
      companies: companies.count,
    };
  }
}
