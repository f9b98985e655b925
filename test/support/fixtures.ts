// The test fixture set for data: orgs built through the real org service (./org.ts), survey
// responses and their cases, and the deps object services take. seedBasicOrg is the small named org
// most service and Teams tests use; createOrg builds generated orgs for the delivery and job tests.

import { loadConfig } from "../../src/config/env.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/client.js";
import type { CoreDeps } from "../../src/deps.js";
import { silentLogger } from "../../src/log.js";
import { createMetrics } from "../../src/metrics.js";
import { buildOrg, type OrgSpec } from "./org.js";

export interface BasicOrg {
  companyId: number;
  teamId: number;
  otherTeamId: number;
  managerA: number;
  managerB: number;
  otherManager: number;
  staff: number;
  admin: number;
  director: number;
}

/** The ids seedBasicOrg gives its people and that tests send as chat users ("UANA", "aad-UANA"). */
const BASIC_PEOPLE = [
  { name: "Ana Manager", role: "manager", slack: "UANA", teams: ["team-north"] },
  { name: "Bo Manager", role: "manager", slack: "UBO", teams: ["team-north"] },
  { name: "Cy Other", role: "manager", slack: "UCY", teams: ["team-south"] },
  { name: "Dee Technician", role: "staff", slack: "UDEE", teams: ["team-north"] },
  { name: "Eve Admin", role: "admin", slack: "UEVE", teams: [] },
  { name: "Fay Director", role: "director", slack: "UFAY", teams: [] },
] as const;

/** One company with two teams; two managers on team A, one on team B, a staff member, an admin, a director. */
export async function seedBasicOrg(db: Database): Promise<BasicOrg> {
  const email = (slack: string) => `${slack.toLowerCase()}@example.com`;
  const org = await buildOrg(
    db,
    {
      companies: [{ slug: "acme-services", name: "Acme Services", area: "north" }],
      teams: [
        {
          slug: "team-north",
          name: "North Maintenance",
          company: "acme-services",
          slackChannelId: "C0NORTH",
          timeZone: "Europe/Madrid",
        },
        { slug: "team-south", name: "South Maintenance", company: "acme-services", slackChannelId: "C0SOUTH" },
      ],
      people: BASIC_PEOPLE.map((p) => ({
        name: p.name,
        role: p.role,
        email: email(p.slack),
        company: p.role === "admin" ? null : "acme-services",
        teams: [...p.teams],
      })),
    },
    {
      legacyPlatformIds: Object.fromEntries(
        BASIC_PEOPLE.map((p) => [email(p.slack), { slackUserId: p.slack, teamsAadObjectId: `aad-${p.slack}` }]),
      ),
    },
  );
  const id = (slack: string) => org.person(email(slack));
  return {
    companyId: org.company("acme-services"),
    teamId: org.team("team-north"),
    otherTeamId: org.team("team-south"),
    managerA: id("UANA"),
    managerB: id("UBO"),
    otherManager: id("UCY"),
    staff: id("UDEE"),
    admin: id("UEVE"),
    director: id("UFAY"),
  };
}

let responseSeq = 0;

/** A detractor response and its open case on a team. */
export async function createDetractorCase(
  db: Database,
  org: BasicOrg,
  opts: { score?: number; comment?: string; respondedAt?: Date; dueAt?: Date; teamId?: number } = {},
) {
  const respondedAt = opts.respondedAt ?? new Date("2026-11-20T10:00:00Z");
  const teamId = opts.teamId ?? org.teamId;
  const response = await db.prisma.surveyResponse.create({
    data: {
      source: "test",
      externalId: `r-${++responseSeq}-${Math.random().toString(36).slice(2, 8)}`,
      score: opts.score ?? 3,
      comment: opts.comment ?? "The technician arrived late and I got an unexpected bill.",
      touchpoint: "maintenance visit",
      customerRef: "CUST-42",
      customerName: "Jane Customer",
      customerEmail: "jane.customer@example.org",
      customerPhone: "+34 600 123 456",
      staffId: org.staff,
      teamId,
      companyId: org.companyId,
      respondedAt,
      receivedAt: respondedAt,
    },
  });
  return db.prisma.followUpCase.create({
    data: {
      responseId: response.id,
      teamId,
      companyId: org.companyId,
      dueAt: opts.dueAt ?? new Date(respondedAt.getTime() + 48 * 3_600_000),
    },
  });
}

export function testDeps(
  db: Database,
  opts: { now?: string; env?: Record<string, string> } = {},
): CoreDeps & { clock: FakeClock; kicks: number } {
  const clock = new FakeClock(opts.now ?? "2026-11-20T12:00:00Z");
  const deps = {
    config: loadConfig({ LOG_LEVEL: "silent", ...opts.env }),
    log: silentLogger,
    clock,
    db: db.ctx,
    metrics: createMetrics(),
    platforms: ["slack", "teams"] as ("slack" | "teams")[],
    kicks: 0,
    outboxKick() {
      deps.kicks++;
    },
  };
  return deps;
}

// Generated orgs and responses for the delivery and job tests.
export interface OrgFixture {
  companyId: number;
  teamIds: number[];
  managerIds: number[];
  directorId: number;
  adminId: number;
  staffIds: number[];
}

let seq = 0;
let createSeq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function createOrg(
  db: Database,
  opts: {
    teams?: number;
    staffPerTeam?: number;
    teamTimeZone?: string;
    staffTimeZones?: string[];
    area?: string;
    inProgramme?: boolean;
    slack?: boolean;
    teams_?: boolean;
  } = {},
): Promise<OrgFixture> {
  const u = uniq();
  const company = `co-${u}`;
  const email = (slackId: string) => `${slackId.toLowerCase()}@example.com`;
  const teams: OrgSpec["teams"] = [];
  const people: NonNullable<OrgSpec["people"]> = [];
  const managers: string[] = [];
  const staff: string[] = [];
  for (let t = 0; t < (opts.teams ?? 1); t++) {
    const slug = `team-${u}-${t}`;
    teams.push({
      slug,
      name: `Team ${t} ${u}`,
      company,
      timeZone: opts.teamTimeZone ?? "UTC",
      slackChannelId: opts.slack === false ? null : `C${u}${t}`.toUpperCase(),
    });
    const managerSlack = `UM${u}${t}`.toUpperCase();
    managers.push(email(managerSlack));
    people.push({
      name: `Manager ${t} ${u}`,
      role: "manager",
      email: email(managerSlack),
      company,
      slackUserId: managerSlack,
      timeZone: opts.teamTimeZone ?? "UTC",
      teams: [slug],
    });
    for (let s = 0; s < (opts.staffPerTeam ?? 1); s++) {
      const staffSlack = `US${u}${t}X${s}`.toUpperCase();
      staff.push(email(staffSlack));
      people.push({
        name: `Staff ${t}.${s} ${u}`,
        role: "staff",
        email: email(staffSlack),
        company,
        slackUserId: staffSlack,
        timeZone: opts.staffTimeZones?.[s % opts.staffTimeZones.length] ?? opts.teamTimeZone ?? "UTC",
        teams: [slug],
      });
    }
  }
  const directorSlack = `UD${u}`.toUpperCase();
  const adminSlack = `UA${u}`.toUpperCase();
  people.push(
    { name: `Director ${u}`, role: "director", email: email(directorSlack), company, slackUserId: directorSlack },
    { name: `Admin ${u}`, role: "admin", email: email(adminSlack), company: null, slackUserId: adminSlack },
  );
  const org = await buildOrg(db, {
    companies: [
      { slug: company, name: `Company ${u}`, area: opts.area ?? "north", inProgramme: opts.inProgramme ?? true },
    ],
    teams,
    people,
  });
  return {
    companyId: org.company(company),
    teamIds: teams.map((t) => org.team(t.slug)),
    managerIds: managers.map(org.person),
    directorId: org.person(email(directorSlack)),
    adminId: org.person(email(adminSlack)),
    staffIds: staff.map(org.person),
  };
}

/** A survey response and, for scores under 7 (or when `asCase`), its follow-up case. */
export async function createResponse(
  db: Database,
  org: OrgFixture,
  opts: {
    score: number;
    at: Date;
    teamIndex?: number;
    staffId?: number | null;
    comment?: string;
    asCase?: boolean;
    dueAt?: Date;
    caseStatus?: "open" | "claimed" | "contacted" | "resolved";
    rootCause?: string;
    resolvedAt?: Date;
    ownerId?: number;
  },
): Promise<{ responseId: number; caseId: number | null }> {
  const teamId = org.teamIds[opts.teamIndex ?? 0]!;
  const r = await db.prisma.surveyResponse.create({
    data: {
      source: "test",
      externalId: `r-${uniq()}-${createSeq++}`,
      score: opts.score,
      comment: opts.comment ?? null,
      staffId: opts.staffId === undefined ? (org.staffIds[0] ?? null) : opts.staffId,
      teamId,
      companyId: org.companyId,
      respondedAt: opts.at,
      receivedAt: opts.at,
    },
  });
  if (!(opts.asCase ?? opts.score <= 6)) return { responseId: r.id, caseId: null };
  const status = opts.caseStatus ?? "open";
  const c = await db.prisma.followUpCase.create({
    data: {
      responseId: r.id,
      teamId,
      companyId: org.companyId,
      status,
      dueAt: opts.dueAt ?? new Date(opts.at.getTime() + 48 * 3600_000),
      createdAt: opts.at,
      ownerId: opts.ownerId ?? (status === "open" ? null : org.managerIds[opts.teamIndex ?? 0]!),
      claimedAt: status === "open" ? null : opts.at,
      resolvedAt: status === "resolved" ? (opts.resolvedAt ?? opts.at) : null,
      outcome: status === "resolved" ? "recovered" : null,
      rootCause: status === "resolved" ? (opts.rootCause ?? "other") : null,
    },
  });
  return { responseId: r.id, caseId: c.id };
}
