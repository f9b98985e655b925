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

  it("writes many people in bulk: left-out columns keep defaults or values, ids swap, memberships move", async () => {
    // 1,203 people: more than one bulk statement (1,000 rows), in several sets of given columns.
    const person = (i: number, over: Record<string, string> = {}) => {
      const f: Record<string, string> = {
        name: `P${i}`,
        email: `p${i}@acme.example`,
        role: i < 3 ? "manager" : "staff",
        teams: `[${["north", "south", "east"][i % 3]}]`,
      };
      if (i % 4 === 0) f.slackUserId = `U${String(1_000_000 + i)}`;
      if (i % 5 === 0) f.locale = "es";
      if (i % 6 === 0) f.timeZone = "Europe/Madrid";
      if (i % 7 === 0) f.reminders = "false";
      Object.assign(f, over);
      return `  - { ${Object.entries(f)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ")} }`;
    };
    const file = (over: Record<number, Record<string, string>> = {}) =>
      [
        "companies: [{ slug: acme, name: Acme }]",
        "teams:",
        ...["north", "south", "east"].map((t) => `  - { slug: ${t}, name: ${t}, company: acme }`),
        "people:",
        ...Array.from({ length: 1203 }, (_, i) => person(i, over[i])),
      ].join("\n");

    const first = await applyOrgYaml(deps, file());
    expect(first.people).toEqual({ created: 1203, updated: 0, unchanged: 0 });
    expect(first.memberships).toEqual({ added: 1203, removed: 0 });
    const byEmail = async () => new Map((await state()).people.map((p) => [p.email, p]));
    let people = await byEmail();
    expect(people.size).toBe(1203);
    const teamId = new Map((await state()).teams.map((t) => [t.slug, t.id]));
    // Person 0 gave everything; person 1 left out Slack, locale, zone and reminders: the defaults.
    expect(people.get("p0@acme.example")).toMatchObject({
      slackUserId: "U1000000",
      locale: "es",
      timeZone: "Europe/Madrid",
      remindersEnabled: false,
      role: "manager",
      companyId: (await state()).companies[0]!.id,
      teamIds: [teamId.get("north")],
    });
    expect(people.get("p1@acme.example")).toMatchObject({
      slackUserId: null,
      locale: null,
      timeZone: "UTC",
      remindersEnabled: true,
      active: true,
      teamIds: [teamId.get("south")],
    });

    expect(isNoop(await applyOrgYaml(deps, file()))).toBe(true);

    const third = await applyOrgYaml(
      deps,
      file({
        0: { slackUserId: "U1000004" }, // swapped with person 4
        4: { slackUserId: "U1000000" },
        2: { name: "P2 renamed" },
        5: { locale: "null" }, // cleared
        7: { teams: "[east]" }, // moved from south
        1100: { reminders: "false", timeZone: "Asia/Hong_Kong" },
      }),
    );
    // Person 7 only changed teams: a membership change, not an update of the person.
    expect(third.people).toEqual({ created: 0, updated: 5, unchanged: 1198 });
    expect(third.memberships).toEqual({ added: 1, removed: 1 });
    people = await byEmail();
    expect(people.get("p0@acme.example")!.slackUserId).toBe("U1000004");
    expect(people.get("p4@acme.example")!.slackUserId).toBe("U1000000");
    expect(people.get("p2@acme.example")!.name).toBe("P2 renamed");
    expect(people.get("p5@acme.example")!.locale).toBeNull();
    expect(people.get("p7@acme.example")!.teamIds).toEqual([teamId.get("east")]);
    expect(people.get("p1100@acme.example")).toMatchObject({ remindersEnabled: false, timeZone: "Asia/Hong_Kong" });
    // Untouched columns of the updated people stayed as they were.
    expect(people.get("p4@acme.example")).toMatchObject({ locale: null, timeZone: "UTC", remindersEnabled: true });
    expect(third.changes).toContain("person p7@acme.example: joined east; left south");
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
