import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OrgFileError } from "../../src/core/org-file.js";
import type { Database } from "../../src/db/client.js";
import { OrgAdminRepository } from "../../src/db/repositories/org-admin.js";
import { silentLogger } from "../../src/log.js";
import { applyOrgFile, applyOrgYaml, formatOrgSummary, isNoop, type OrgDeps } from "../../src/services/org.js";
import { createTestDatabase } from "../support/db.js";

const examplePath = path.join(import.meta.dirname, "../../examples/org.yaml");
const example = readFileSync(examplePath, "utf8");
const env = { TYPEFORM_SECRET: "tf-secret-1" };

let db: Database;
let deps: OrgDeps;

beforeAll(async () => {
  db = await createTestDatabase();
  deps = { db: db.ctx, log: silentLogger };
});
afterAll(async () => {
  await db?.close();
});

/** Every org table, emptied between tests (this file shares one database). */
beforeEach(async () => {
  await db.prisma.routingRule.deleteMany();
  await db.prisma.surveySource.deleteMany();
  await db.prisma.teamMembership.deleteMany();
  await db.prisma.person.deleteMany();
  await db.prisma.team.deleteMany();
  await db.prisma.company.deleteMany();
});

const state = () => new OrgAdminRepository(db.prisma).snapshot();

describe("org apply", () => {
  it("applies the example, and applying it again changes nothing", async () => {
    const first = await applyOrgFile(deps, examplePath, { env });
    expect(first.companies).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(first.teams.created).toBe(3);
    expect(first.people.created).toBe(8);
    expect(first.memberships).toEqual({ added: 6, removed: 0 });
    expect(first.surveySources.created).toBe(2);
    expect(first.routingRules.created).toBe(3);
    const after1 = await state();

    const second = await applyOrgFile(deps, examplePath, { env });
    expect(isNoop(second)).toBe(true);
    expect(second.companies).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(second.teams).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(second.people).toEqual({ created: 0, updated: 0, unchanged: 8 });
    expect(second.surveySources).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(second.routingRules).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(second.memberships).toEqual({ added: 0, removed: 0 });
    expect(await state()).toEqual(after1);
    expect(formatOrgSummary(second)).toContain("Nothing to change");

    const salford = after1.teams.find((t) => t.slug === "northside-leeds")!;
    expect(salford).toMatchObject({ slackChannelId: "C0123ABCD", slaHours: 24, timeZone: "Europe/London" });
    const tf = after1.sources.find((s) => s.slug === "typeform-visits")!;
    expect(tf.secret).toBe("tf-secret-1");
    expect(tf.mapping).toMatchObject({ score: "nps_question" });
    const claire = after1.people.find((p) => p.email === "claire.morgan@northside.example")!;
    expect(claire.companyId).toBe(after1.companies.find((c) => c.slug === "northside")!.id);
    expect(claire.teamIds).toHaveLength(2);
    expect(after1.people.find((p) => p.email === "helen.carter@harbour-homes.example")!.companyId).toBeNull();
  });

  it("updates what changed and reports it, keeping secrets out of the report", async () => {
    await applyOrgFile(deps, examplePath, { env });
    const edited = example
      .replace("slaHours: 24 # hours", "slaHours: 12 # hours")
      .replace(
        "  - name: Jamie Walsh\n    email: jamie.walsh@northside.example\n    role: staff\n    teams: [northside-leeds]",
        "  - name: Jamie Walsh\n    email: JAMIE.WALSH@northside.example\n    role: manager\n    teams: [northside-bradford]",
      );
    const s = await applyOrgYaml(deps, edited, { env: { TYPEFORM_SECRET: "rotated" } });
    expect(s.teams).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(s.people).toEqual({ created: 0, updated: 1, unchanged: 7 });
    expect(s.memberships).toEqual({ added: 1, removed: 1 });
    expect(s.surveySources).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(s.changes).toEqual([
      "team northside-leeds: slaHours 24 -> 12",
      'person jamie.walsh@northside.example: role "staff" -> "manager"',
      "person jamie.walsh@northside.example: joined northside-bradford; left northside-leeds",
      "survey source typeform-visits: secret changed",
    ]);
    expect(formatOrgSummary(s)).not.toContain("rotated");
    const after = await state();
    expect(after.sources.find((x) => x.slug === "typeform-visits")!.secret).toBe("rotated");
  });

  it("leaves fields the file omits alone, and clears them on an explicit null", async () => {
    const yaml = `
companies: [{ slug: acme, name: Acme }]
teams: [{ slug: north, name: North, company: acme, slackChannelId: C0AAAAAAA }]
people: [{ name: Ana, email: ana@acme.example, role: manager, teams: [north], slackUserId: U0ANA0001 }]
`;
    await applyOrgYaml(deps, yaml);
    // As chat commands would: the person mutes reminders.
    const ana = (await state()).people[0]!;
    await db.prisma.person.update({ where: { id: ana.id }, data: { remindersEnabled: false } });
    const omitted = `
companies: [{ slug: acme, name: Acme }]
teams: [{ slug: north, name: North, company: acme }]
people: [{ name: Ana, email: ana@acme.example, role: manager }]
`;
    const s = await applyOrgYaml(deps, omitted);
    expect(isNoop(s)).toBe(true);
    const kept = await state();
    expect(kept.teams[0]!.slackChannelId).toBe("C0AAAAAAA");
    expect(kept.people[0]).toMatchObject({ slackUserId: "U0ANA0001", remindersEnabled: false });
    expect(kept.people[0]!.teamIds).toHaveLength(1);

    const cleared = `
companies: [{ slug: acme, name: Acme }]
teams: [{ slug: north, name: North, company: acme, slackChannelId: null }]
people: [{ name: Ana, email: ana@acme.example, role: manager, teams: [], slackUserId: null }]
`;
    const c = await applyOrgYaml(deps, cleared);
    expect(c.changes).toEqual([
      'team north: slackChannelId "C0AAAAAAA" -> null',
      'person ana@acme.example: slackUserId "U0ANA0001" -> null',
      "person ana@acme.example: left north",
    ]);
    const now = await state();
    expect(now.teams[0]!.slackChannelId).toBeNull();
    expect(now.people[0]).toMatchObject({ slackUserId: null, teamIds: [] });
  });

  it("prunes only when asked: people deactivated, sources disabled, rules deleted", async () => {
    await applyOrgFile(deps, examplePath, { env });
    const without = example
      .replace(/ {2}- name: Ryan Cole[\s\S]*?active: true[^\n]*\n/, "")
      .replace(/ {2}- slug: branch-csv[\s\S]*?touchpoint: Channel\n/, "")
      .replace(/ {2}- field: attribute:postcode[\s\S]*?priority: 20\n/, "");
    expect(without).not.toContain("Ryan Cole");

    const kept = await applyOrgYaml(deps, without, { env });
    expect(kept.notInFile).toMatchObject({ activePeople: 1, sources: 1, rules: 1 });
    expect(kept.pruned).toEqual({ peopleDeactivated: 0, sourcesDisabled: 0, rulesDeleted: 0 });
    expect((await state()).people.find((p) => p.email === "ryan.cole@riverside.example")!.active).toBe(true);

    const pruned = await applyOrgYaml(deps, without, { env, prune: true });
    expect(pruned.pruned).toEqual({ peopleDeactivated: 1, sourcesDisabled: 1, rulesDeleted: 1 });
    const after = await state();
    const ryan = after.people.find((p) => p.email === "ryan.cole@riverside.example")!;
    expect(ryan.active).toBe(false);
    expect(ryan.teamIds).toHaveLength(1); // history and memberships kept; only deactivated
    expect(after.sources.find((x) => x.slug === "branch-csv")!.enabled).toBe(false);
    expect(after.rules).toHaveLength(2);

    // Pruning again is a no-op; putting Ryan back in the file reactivates him.
    expect(isNoop(await applyOrgYaml(deps, without, { env, prune: true }))).toBe(true);
    const back = await applyOrgYaml(deps, example, { env });
    expect(back.changes).toContain("person ryan.cole@riverside.example: active false -> true");
  });

  it("two applies at once (instances starting with one ORG_FILE) both succeed and create each row once", async () => {
    const [a, b] = await Promise.all([
      applyOrgFile(deps, examplePath, { env }),
      applyOrgFile(deps, examplePath, { env }),
    ]);
    expect(a.companies.created + b.companies.created).toBe(2);
    expect(a.people.created + b.people.created).toBe(8);
    expect(a.people.unchanged + b.people.unchanged).toBe(8);
    const s = await state();
    expect(s.companies).toHaveLength(2);
    expect(s.people).toHaveLength(8);
  });

  it("dry run validates and reports but writes nothing", async () => {
    const before = await state();
    const s = await applyOrgFile(deps, examplePath, { env, dryRun: true });
    expect(s.dryRun).toBe(true);
    expect(s.people.created).toBe(8);
    expect(formatOrgSummary(s)).toMatch(/^Dry run of org\.yaml: nothing was written/);
    expect(await state()).toEqual(before);
    await applyOrgFile(deps, examplePath, { env });
    const applied = await state();
    const prune = await applyOrgYaml(deps, "companies: []", { dryRun: true, prune: true });
    expect(prune.pruned.peopleDeactivated).toBe(8);
    expect(await state()).toEqual(applied);
  });

  it("matches people by id, so an email can change", async () => {
    await applyOrgYaml(deps, "people: [{ name: Ana, email: ana@old.example, role: admin }]");
    const id = (await state()).people[0]!.id;
    const s = await applyOrgYaml(deps, `people: [{ id: ${id}, name: Ana, email: ana@new.example, role: admin }]`);
    expect(s.people).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await state()).people.map((p) => p.email)).toEqual(["ana@new.example"]);
    await expect(applyOrgYaml(deps, "people: [{ id: 999999, name: X, role: admin }]")).rejects.toThrow(
      /people\[0\]\.id: no person with id 999999 in the database/,
    );
  });

  it("moves unique values between teams of the file, but never takes one from a team that keeps it", async () => {
    const two = (a: string, b: string) => `
companies: [{ slug: acme, name: Acme }]
teams:
  - { slug: north, name: North, company: acme, slackChannelId: ${a} }
  - { slug: south, name: South, company: acme, slackChannelId: ${b} }
`;
    await applyOrgYaml(deps, two("C0NORTH01", "C0SOUTH01"));
    const swapped = await applyOrgYaml(deps, two("C0SOUTH01", "C0NORTH01"));
    expect(swapped.teams.updated).toBe(2);
    const teams = (await state()).teams;
    expect(teams.map((t) => [t.slug, t.slackChannelId])).toEqual([
      ["north", "C0SOUTH01"],
      ["south", "C0NORTH01"],
    ]);

    const before = await state();
    const err = await applyOrgYaml(
      deps,
      "teams: [{ slug: east, name: East, company: acme, slackChannelId: C0NORTH01 }]",
    ).catch((e) => e);
    expect(err).toBeInstanceOf(OrgFileError);
    expect(err.message).toContain(
      "teams[0].slackChannelId: C0NORTH01 already belongs to south, which is not in this file and so keeps it",
    );
    expect(await state()).toEqual(before);
  });

  it("rejects a file with problems as a whole, writing nothing", async () => {
    const err = await applyOrgYaml(
      deps,
      `
companies: [{ slug: acme, name: Acme }]
people:
  - { name: Ana, email: ana@acme.example, role: boss }
  - { name: Bo, email: bo@acme.example, role: staff, teams: [nowhere] }
`,
      { source: "bad.yaml" },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(OrgFileError);
    expect(err.message).toBe(
      [
        "ORG_FILE_INVALID: 2 problem(s) in bad.yaml; nothing was applied:",
        '  - people[0].role: expected one of director, manager, staff, admin (got "boss") (line 4)',
        '  - people[1].teams[0]: no team "nowhere" in this file or the database (line 5)',
      ].join("\n"),
    );
    expect((await state()).companies).toEqual([]);
    await expect(applyOrgFile(deps, "/nonexistent/org.yaml")).rejects.toThrow(/cannot read .*: no such file/);
  });
});
