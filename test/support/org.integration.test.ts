// The test org builders write through the real org service: what they return names the rows the
// service created, and a spec the org file format refuses is refused here too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase } from "./db.js";
import { createOrg, seedBasicOrg } from "./fixtures.js";
import { buildOrg } from "./org.js";

describe("test org builders", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it("seedBasicOrg returns the ids of the people and teams it names, with their memberships", async () => {
    const org = await seedBasicOrg(db);
    const ana = await db.prisma.person.findUniqueOrThrow({
      where: { id: org.managerA },
      include: { memberships: true },
    });
    expect(ana).toMatchObject({ name: "Ana Manager", role: "manager", companyId: org.companyId });
    expect(ana).toMatchObject({ slackUserId: "UANA", teamsAadObjectId: "aad-UANA", email: "uana@example.com" });
    expect(ana.memberships.map((m) => m.teamId)).toEqual([org.teamId]);
    const admin = await db.prisma.person.findUniqueOrThrow({ where: { id: org.admin } });
    expect(admin).toMatchObject({ name: "Eve Admin", role: "admin", companyId: null });
    const north = await db.prisma.team.findUniqueOrThrow({ where: { id: org.teamId } });
    expect(north).toMatchObject({ slug: "team-north", slackChannelId: "C0NORTH", timeZone: "Europe/Madrid" });
  });

  it("createOrg builds generated teams, managers and staff in order", async () => {
    const org = await createOrg(db, { teams: 2, staffPerTeam: 2, teamTimeZone: "Europe/London", slack: false });
    expect(org.teamIds).toHaveLength(2);
    expect(org.staffIds).toHaveLength(4);
    const teams = await db.prisma.team.findMany({ where: { id: { in: org.teamIds } }, orderBy: { id: "asc" } });
    expect(teams.map((t) => [t.slackChannelId, t.timeZone])).toEqual([
      [null, "Europe/London"],
      [null, "Europe/London"],
    ]);
    const staff = await db.prisma.teamMembership.findMany({ where: { personId: { in: org.staffIds.slice(2) } } });
    expect(staff.map((m) => m.teamId)).toEqual([org.teamIds[1], org.teamIds[1]]);
  });

  it("refuses what the org file format refuses, naming the problem", async () => {
    const bad = buildOrg(db, {
      companies: [{ slug: "bad-co", name: "Bad" }],
      teams: [{ slug: "bad-team", name: "Bad team", company: "bad-co", slackChannelId: "not-a-channel" }],
    });
    await expect(bad).rejects.toMatchObject({ code: "ORG_FILE_INVALID" });
    await expect(bad).rejects.toThrow(/slackChannelId/);
    expect(await db.prisma.company.count({ where: { slug: "bad-co" } })).toBe(0);
  });
});
