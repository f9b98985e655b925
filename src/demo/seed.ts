// `nps-loop demo seed` and the data behind `npm run demo`: applies the demo org through the org
// service, then bulk-inserts its generated history (src/demo/data.ts). Idempotent: responses
// are keyed by (source "demo", a deterministic external id), and only responses new to the
// database bring their cases, events and coaching. History (and the period seeded a year before it,
// for the retention report) is silent; at most a handful of the newest open detractors are queued
// as cards, and only for teams bound to a channel, so starting the demo never floods one.
import { platformsForTeam } from "../chat/targets.js";
import type { PersonRecord, TeamRecord } from "../core/types.js";
import {
  DemoRepository,
  type DemoWipeCounts,
  type NewCaseRow,
  type NewCoachingRow,
  type NewEventRow,
} from "../db/repositories/demo.js";
import { OrgRepository } from "../db/repositories/org.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import { ResponseRepository } from "../db/repositories/responses.js";
import { RetentionRepository } from "../db/repositories/retention.js";
import type { CoreDeps } from "../deps.js";
import { createCustomerEventService } from "../services/customer-events.js";
import { applyOrg, type OrgApplySummary } from "../services/org.js";
import { type DemoCase, demoProgrammeStart, generateDemoData } from "./data.js";
import { DEMO_COMPANIES, DEMO_SOURCE, DEMO_TEAMS, DEMO_TIME_ZONE, demoEmails, demoOrg } from "./org.js";
import { demoDropOuts } from "./retention.js";

export type DemoDeps = Pick<CoreDeps, "db" | "log" | "clock" | "platforms" | "config" | "outboxKick">;

export const DEMO_DEFAULTS = { seed: 42, months: 6, maxAlerts: 3 } as const;

export interface DemoSeedOptions {
  seed?: number;
  months?: number;
  /** Wipe the demo org and its data first. */
  reset?: boolean;
  /** Newest open detractors (last 24 h) queued as cards, for teams bound to a channel. */
  maxAlerts?: number;
  /** Also seed the retention report's default period a year earlier (default true; see data.ts). */
  yearBefore?: boolean;
}

export interface DemoTeamInfo {
  slug: string;
  name: string;
  company: string;
  companyName: string;
  inProgramme: boolean;
}

export interface DemoSeedResult {
  seed: number;
  months: number;
  from: Date;
  to: Date;
  /** The local dates also seeded a year before the history, for retention's comparison. */
  yearBefore: { from: string; to: string } | null;
  reset: DemoWipeCounts | null;
  org: OrgApplySummary;
  /** Demo responses in the database before this run. */
  existing: number;
  inserted: { responses: number; cases: number; openCases: number; events: number; coaching: number };
  alertsQueued: number;
  teams: DemoTeamInfo[];
}

export async function hasDemoData(deps: Pick<CoreDeps, "db">): Promise<boolean> {
  return (await new DemoRepository(deps.db.client).countResponses(DEMO_SOURCE)) > 0;
}

export async function resetDemo(deps: Pick<CoreDeps, "db">): Promise<DemoWipeCounts> {
  return deps.db.transaction(
    async (tx) => {
      await new RetentionRepository(tx).deleteEventsFromSource(DEMO_SOURCE);
      return new DemoRepository(tx).wipe(demoScope());
    },
    { timeoutMs: 300_000 },
  );
}

function demoScope() {
  return {
    source: DEMO_SOURCE,
    companySlugs: DEMO_COMPANIES.map((c) => c.slug),
    teamSlugs: DEMO_TEAMS.map((t) => t.slug),
    emails: demoEmails(),
  };
}

export async function seedDemo(deps: DemoDeps, opts: DemoSeedOptions = {}): Promise<DemoSeedResult> {
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const months = opts.months ?? DEMO_DEFAULTS.months;
  const now = deps.clock.now();
  const reset = opts.reset ? await resetDemo(deps) : null;
  const org = await applyOrg(deps, demoOrg({ programmeStart: demoProgrammeStart(now, months) }), {
    source: "the demo org",
    env: {},
  });

  const reader = new OrgRepository(deps.db.client);
  const teams = new Map<string, TeamRecord>();
  for (const t of DEMO_TEAMS) teams.set(t.slug, (await reader.teamBySlug(t.slug))!);
  const companies = new Map((await reader.listCompanies()).map((c) => [c.slug, c]));
  const people = new Map<string, PersonRecord>();
  for (const p of await reader.listPeople()) if (p.email) people.set(p.email.toLowerCase(), p);
  const personId = (email: string | null) => (email ? (people.get(email)?.id ?? null) : null);

  const data = generateDemoData({
    seed,
    months,
    now,
    defaultSlaHours: deps.config.CASE_SLA_HOURS,
    reminderHours: deps.config.UNCLAIMED_REMINDER_HOURS,
    yearBefore: opts.yearBefore ?? true,
  });
  const existingIds = await new DemoRepository(deps.db.client).externalIds(DEMO_SOURCE);
  const fresh = data.responses.filter((r) => !existingIds.has(r.externalId));
  const freshIds = new Set(fresh.map((r) => r.externalId));
  const freshCases = data.cases.filter((c) => freshIds.has(c.externalId));
  const alerted = pickAlerts(freshCases, now, opts.maxAlerts ?? DEMO_DEFAULTS.maxAlerts, (c) =>
    platformsForTeam(teams.get(c.teamSlug)!, deps.platforms),
  );

  const inserted = await deps.db.transaction(
    async (tx) => {
      const repo = new DemoRepository(tx);
      const stored = await new ResponseRepository(tx).insertMany(
        fresh.map((r) => ({
          source: DEMO_SOURCE,
          externalId: r.externalId,
          score: r.score,
          comment: r.comment,
          touchpoint: r.touchpoint,
          customerRef: r.customerRef,
          customerName: r.customerName,
          customerEmail: r.customerEmail,
          customerPhone: r.customerPhone,
          staffId: personId(r.staffEmail),
          teamId: teams.get(r.teamSlug)!.id,
          companyId: companies.get(r.companySlug)!.id,
          respondedAt: r.respondedAt,
          receivedAt: r.receivedAt,
          sourceUpdatedAt: null,
          attributes: null,
        })),
        now,
      );
      // Only responses this run inserted bring their case (a concurrent seed may have won some).
      const responseIds = new Map(stored.map((r) => [r.externalId, r.id]));
      const ours = freshCases.filter((c) => responseIds.has(c.externalId));
      const caseRows: NewCaseRow[] = ours.map((c) => {
        const team = teams.get(c.teamSlug)!;
        return {
          responseId: responseIds.get(c.externalId)!,
          teamId: team.id,
          companyId: team.companyId,
          status: c.status,
          ownerId: personId(c.ownerEmail),
          dueAt: c.dueAt,
          claimedAt: c.claimedAt,
          contactedAt: c.contactedAt,
          resolvedAt: c.resolvedAt,
          outcome: c.outcome,
          rootCause: c.rootCause,
          outerLoop: c.outerLoop,
          note: c.note,
          reminderSentAt: c.reminderSentAt,
          escalationLevel: escalationLevel(c, now, deps.config.ESCALATION_LEVEL_HOURS),
          silent: !alerted.has(c.externalId),
          version: c.events.filter((e) => e.action !== "note").length,
          createdAt: c.createdAt,
        };
      });
      const caseIds = await repo.insertCases(caseRows, now);
      const withCase = ours.filter((c) => caseIds.has(responseIds.get(c.externalId)!));
      const caseIdOf = (externalId: string) => caseIds.get(responseIds.get(externalId)!)!;
      const events: NewEventRow[] = withCase.flatMap((c) =>
        c.events.map((e) => ({
          caseId: caseIdOf(c.externalId),
          actorId: personId(e.actorEmail),
          actor: `demo:${e.actorEmail}`,
          action: e.action,
          before: e.before,
          after: e.action === "claim" ? { ...e.after, ownerId: personId(e.actorEmail) } : e.after,
          at: e.at,
        })),
      );
      const eventCount = await repo.insertEvents(events);
      const withCaseIds = new Set(withCase.map((c) => c.externalId));
      const coachingRows: NewCoachingRow[] = data.coaching
        .filter((s) => withCaseIds.has(s.caseExternalId))
        .map((s) => ({
          staffId: personId(s.staffEmail)!,
          managerId: personId(s.managerEmail),
          teamId: teams.get(s.teamSlug)!.id,
          caseId: caseIdOf(s.caseExternalId),
          topic: s.topic,
          rootCause: s.rootCause,
          status: s.status,
          dueAt: s.dueAt,
          doneAt: s.doneAt,
          notes: s.notes,
          createdAt: s.createdAt,
        }));
      const coaching = await repo.insertCoaching(coachingRows);
      const outboxRows = [...alerted.entries()]
        .filter(([externalId]) => withCaseIds.has(externalId))
        .flatMap(([externalId, platforms]) =>
          platforms.map((platform) => {
            const caseId = caseIdOf(externalId);
            return {
              platform,
              payload: { kind: "case_card" as const, caseId },
              dedupeKey: `case:${caseId}:card:${platform}`,
              caseId,
            };
          }),
        );
      const alertsQueued = await new OutboxRepository(tx).enqueue(outboxRows, now);
      return {
        responses: stored.length,
        cases: caseIds.size,
        openCases: withCase.filter((c) => c.status !== "resolved").length,
        events: eventCount,
        coaching,
        alertsQueued,
      };
    },
    { timeoutMs: 300_000 },
  );
  // Drop-outs are keyed by customer and day, so a later run adds only the new ones.
  const dropOuts = await createCustomerEventService(deps).ingest(
    demoDropOuts(data, seed, now).map((d) => ({ ...d, kind: "dropped_out" as const, source: DEMO_SOURCE })),
  );
  if (inserted.alertsQueued) deps.outboxKick();
  const { alertsQueued, ...counts } = inserted;
  deps.log.info({ seed, months, ...counts, dropOuts: dropOuts.accepted, alertsQueued }, "demo data seeded");
  return {
    seed,
    months,
    from: data.from,
    to: data.to,
    yearBefore: data.yearBefore,
    reset,
    org,
    existing: existingIds.size,
    inserted: counts,
    alertsQueued,
    teams: demoTeams(),
  };
}

export function demoTeams(): DemoTeamInfo[] {
  return DEMO_TEAMS.map((t) => {
    const c = DEMO_COMPANIES.find((x) => x.slug === t.company)!;
    return { slug: t.slug, name: t.name, company: c.slug, companyName: c.name, inProgramme: c.inProgramme };
  });
}

/** The newest open (unclaimed) detractors of the last day whose team is bound to a channel. */
function pickAlerts(
  cases: DemoCase[],
  now: Date,
  max: number,
  platformsOf: (c: DemoCase) => ("slack" | "teams")[],
): Map<string, ("slack" | "teams")[]> {
  const out = new Map<string, ("slack" | "teams")[]>();
  const recent = cases
    .filter((c) => c.status === "open" && now.getTime() - c.createdAt.getTime() < 24 * 3_600_000)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  for (const c of recent) {
    if (out.size >= max) break;
    const platforms = platformsOf(c);
    if (platforms.length) out.set(c.externalId, platforms);
  }
  return out;
}

/** Escalations an overdue case would already have had (one level per ESCALATION_LEVEL_HOURS). */
function escalationLevel(c: DemoCase, now: Date, levelHours: number): number {
  const overdueMs = now.getTime() - c.dueAt.getTime();
  if (c.resolvedAt || overdueMs <= 0) return 0;
  return Math.min(3, 1 + Math.floor(overdueMs / (levelHours * 3_600_000)));
}

/** What `demo seed` prints. */
export function formatDemoSeed(r: DemoSeedResult): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const orgCounts = (["companies", "teams", "people"] as const)
    .map((k) => `${r.org[k].created + r.org[k].updated + r.org[k].unchanged} ${k}`)
    .join(", ");
  const created = r.org.companies.created + r.org.teams.created + r.org.people.created;
  const orgChanges = !r.org.changes.length ? "already there" : created ? "created" : `${r.org.changes.length} changes`;
  const lines = [`Demo data (seed ${r.seed}, ${r.months} months: ${day(r.from)} to ${day(r.to)}, ${DEMO_TIME_ZONE}):`];
  if (r.yearBefore) {
    lines.push(
      `  year before   ${r.yearBefore.from} to ${r.yearBefore.to} too: the retention report's default period a year earlier, for its comparison`,
    );
  }
  if (r.reset) {
    const w = r.reset;
    lines.push(
      `  reset         removed ${w.responses} responses, ${w.cases} cases, ${w.coaching} coaching sessions, ${w.people} people, ${w.teams} teams, ${w.companies} companies`,
    );
  }
  lines.push(
    `  org           ${orgCounts} (${orgChanges})`,
    `  responses     ${r.inserted.responses} added${r.existing ? ` (${r.existing} were already there)` : ""}`,
    `  cases         ${r.inserted.cases} added, one per detractor (${r.inserted.openCases} still open), ${r.inserted.events} case events, ${r.inserted.coaching} coaching sessions`,
    `  chat alerts   ${r.alertsQueued} queued${r.alertsQueued ? "" : " (history is silent; bind a team to a channel and re-seed to see the newest open cases as cards)"}`,
    "Teams:",
  );
  for (const t of r.teams) {
    lines.push(
      `  ${t.slug.padEnd(21)}${t.name.padEnd(21)}${t.companyName} (${t.inProgramme ? "in the programme" : "not in the programme"})`,
    );
  }
  lines.push("Try next:", ...demoTryNext());
  return lines.join("\n");
}

export function demoTryNext(): string[] {
  const [programme, , other] = DEMO_TEAMS;
  const rows: [string, string][] = [
    [`npx nps-loop nps ${programme!.slug}`, "a team's report: NPS, n, margin of error, trend, cases"],
    [`npx nps-loop nps ${other!.slug} --period 90d`, "a team outside the programme"],
    ["npx nps-loop nps brightfix --period quarter", "a company, beside its area's non-programme one"],
    ["npx nps-loop nps jamie.walsh@brightfix.example", "one person's scores"],
    ["npx nps-loop nps --list", "every team and company slug"],
    [
      "npx nps-loop retention brightfix",
      "customers who dropped out after answering: closed loop vs not, vs a year before",
    ],
    ["npx nps-loop impact", "does the programme work? before vs after its start, against Coastline"],
    ["npx nps-loop coaching brightfix", "NPS before vs after coaching sessions"],
    ["npx nps-loop nps levante-valencia --locale es", "a Spanish team's report, in Spanish"],
    [`npx nps-loop nps ${programme!.slug} --chart trend.png`, "the weekly trend as a picture"],
  ];
  const width = Math.max(...rows.map(([c]) => c.length)) + 2;
  return rows.map(([cmd, what]) => `  ${cmd.padEnd(width)}# ${what}`);
}
