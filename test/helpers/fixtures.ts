// Small org fixtures written straight to a test database.

import { loadConfig } from "../../src/config/env.js";
import { FakeClock } from "../../src/core/clock.js";
import type { Database } from "../../src/db/client.js";
import type { CoreDeps } from "../../src/deps.js";
import { silentLogger } from "../../src/log.js";
import { createMetrics } from "../../src/metrics.js";

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

/** One company with two teams; two managers on team A, one on team B, a staff member, an admin, a director. */
export async function seedBasicOrg(db: Database): Promise<BasicOrg> {
  const p = db.prisma;
  const company = await p.company.create({ data: { slug: "acme-services", name: "Acme Services", area: "north" } });
  const team = await p.team.create({
    data: {
      slug: "team-north",
      name: "North Maintenance",
      companyId: company.id,
      slackChannelId: "C0NORTH",
      timeZone: "Europe/Madrid",
    },
  });
  const other = await p.team.create({
    data: { slug: "team-south", name: "South Maintenance", companyId: company.id, slackChannelId: "C0SOUTH" },
  });
  const person = (name: string, role: "manager" | "staff" | "admin" | "director", slack: string, teams: number[]) =>
    p.person.create({
      data: {
        name,
        role,
        email: `${slack.toLowerCase()}@example.com`,
        slackUserId: slack,
        teamsAadObjectId: `aad-${slack}`,
        companyId: role === "admin" ? null : company.id,
        memberships: { create: teams.map((teamId) => ({ teamId })) },
      },
    });
  const managerA = await person("Ana Manager", "manager", "UANA", [team.id]);
  const managerB = await person("Bo Manager", "manager", "UBO", [team.id]);
  const otherManager = await person("Cy Other", "manager", "UCY", [other.id]);
  const staff = await person("Dee Technician", "staff", "UDEE", [team.id]);
  const admin = await person("Eve Admin", "admin", "UEVE", []);
  const director = await person("Fay Director", "director", "UFAY", []);
  return {
    companyId: company.id,
    teamId: team.id,
    otherTeamId: other.id,
    managerA: managerA.id,
    managerB: managerB.id,
    otherManager: otherManager.id,
    staff: staff.id,
    admin: admin.id,
    director: director.id,
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
