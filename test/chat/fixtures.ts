// Org and case fixtures for the delivery and job tests, written straight through Prisma so the
// tests do not depend on other capabilities' services.
import type { Database } from "../../src/db/client.js";

export interface OrgFixture {
  companyId: number;
  teamIds: number[];
  managerIds: number[];
  directorId: number;
  adminId: number;
  staffIds: number[];
}

let seq = 0;
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
  const p = db.prisma;
  const u = uniq();
  const company = await p.company.create({
    data: { slug: `co-${u}`, name: `Company ${u}`, area: opts.area ?? "north", inProgramme: opts.inProgramme ?? true },
  });
  const teamIds: number[] = [];
  const managerIds: number[] = [];
  const staffIds: number[] = [];
  for (let t = 0; t < (opts.teams ?? 1); t++) {
    const team = await p.team.create({
      data: {
        slug: `team-${u}-${t}`,
        name: `Team ${t} ${u}`,
        companyId: company.id,
        timeZone: opts.teamTimeZone ?? "UTC",
        slackChannelId: opts.slack === false ? null : `C${u}${t}`.toUpperCase(),
      },
    });
    teamIds.push(team.id);
    const m = await p.person.create({
      data: {
        name: `Manager ${t} ${u}`,
        role: "manager",
        companyId: company.id,
        slackUserId: `UM${u}${t}`.toUpperCase(),
        timeZone: opts.teamTimeZone ?? "UTC",
        memberships: { create: { teamId: team.id } },
      },
    });
    managerIds.push(m.id);
    for (let s = 0; s < (opts.staffPerTeam ?? 1); s++) {
      const tz = opts.staffTimeZones?.[s % opts.staffTimeZones.length] ?? opts.teamTimeZone ?? "UTC";
      const st = await p.person.create({
        data: {
          name: `Staff ${t}.${s} ${u}`,
          role: "staff",
          companyId: company.id,
          slackUserId: `US${u}${t}X${s}`.toUpperCase(),
          timeZone: tz,
          memberships: { create: { teamId: team.id } },
        },
      });
      staffIds.push(st.id);
    }
  }
  const director = await p.person.create({
    data: { name: `Director ${u}`, role: "director", companyId: company.id, slackUserId: `UD${u}`.toUpperCase() },
  });
  const admin = await p.person.create({
    data: { name: `Admin ${u}`, role: "admin", companyId: null, slackUserId: `UA${u}`.toUpperCase() },
  });
  return { companyId: company.id, teamIds, managerIds, directorId: director.id, adminId: admin.id, staffIds };
}

let responseSeq = 0;

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
      externalId: `r-${uniq()}-${responseSeq++}`,
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
