import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PRODUCT_SECRET_SETTINGS } from "../../src/config/env.js";
import {
  formatOrgProblems,
  OrgFileError,
  type OrgValidation,
  parseOrgYaml,
  parseWeekday,
  validateOrg,
} from "../../src/core/org-file.js";

const example = readFileSync(path.join(import.meta.dirname, "../../examples/org.yaml"), "utf8");
const env = { TYPEFORM_SECRET: "s3cret" };

function problems(r: OrgValidation): string[] {
  if (r.ok) throw new Error("expected problems, got a valid file");
  return r.problems.map((p) => `${p.path}: ${p.message}${p.line ? ` @${p.line}` : ""}`);
}

const base = `
companies:
  - { slug: acme, name: Acme, area: North }
teams:
  - { slug: north, name: North, company: acme }
people:
  - { name: Ana, email: ana@acme.example, role: manager, teams: [north] }
`;

describe("examples/org.yaml", () => {
  it("is valid and normalised", () => {
    const r = parseOrgYaml(example, { companies: [], teams: [] }, env);
    if (!r.ok) throw new Error(formatOrgProblems(r.problems));
    expect(r.warnings).toEqual([]);
    expect(r.org.companies.map((c) => [c.slug, c.inProgramme])).toEqual([
      ["northside", true],
      ["riverside", false],
    ]);
    expect(r.org.teams).toHaveLength(3);
    expect(new Set(r.org.people.map((p) => p.role))).toEqual(new Set(["director", "manager", "staff", "admin"]));
    const salford = r.org.teams[0]!;
    expect(salford.reminderWeekday).toBe(1);
    expect(salford.teamsConversationRef).toEqual({
      channelId: "msteams",
      serviceUrl: "https://smba.trafficmanager.net/emea/",
      conversation: {
        id: "19:3f1c5a2b8e7d4c6a9b0e1f2a3b4c5d6e@thread.tacv2",
        conversationType: "channel",
        isGroup: true,
        tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      },
    });
    expect(salford).not.toHaveProperty("teamsConversationId");
    // Claire's company is taken from her teams; Helen (client side) has none.
    expect(r.org.people.find((p) => p.name === "Claire Morgan")?.company).toBe("northside");
    expect(r.org.people.find((p) => p.name === "Helen Carter")?.company).toBeNull();
    expect(r.org.routingRules.map((x) => x.priority)).toEqual([10, 20, 100]);
  });
});

describe("org file validation", () => {
  it("names the path, the allowed values and what was given", () => {
    const yaml = `${base}  - { name: Bo, email: bo@acme.example, role: staff }
  - { name: Cy, email: cy@acme.example, role: staff }
  - { name: Di, email: di@acme.example, role: boss }
`;
    expect(problems(parseOrgYaml(yaml))).toEqual([
      'people[3].role: expected one of director, manager, staff, admin (got "boss") @10',
    ]);
  });

  it("lists every mistake at once, in file order", () => {
    const yaml = `
companies:
  - slug: Acme Corp
    name: ""
    inprogramme: yes
teams:
  - slug: north
    name: North
    company: nowhere
    timeZone: Europe/Londn
    slackChannelId: general
    slaHours: 1.5
    reminderWeekday: someday
    reminderTime: "9am"
people:
  - name: Ana
    email: not-an-email
    role: manager
    teams: [north, south, north]
    slackUserId: ana
    teamsAadObjectId: 1234
    locale: "!!"
    reminders: maybe
surveySources:
  - slug: tf
    kind: googleforms
    secretEnv: TF_SECRET
routingRules:
  - field: colour
    pattern: ""
    team: nowhere
    priority: -1
`;
    const got = problems(parseOrgYaml(yaml));
    expect(got).toEqual([
      'companies[0].slug: expected a slug: lower-case letters, digits and dashes, e.g. north-maintenance (got "Acme Corp") @3',
      'companies[0].name: must not be empty (got "") @4',
      "companies[0].inprogramme: unknown field (did you mean inProgramme?) @5",
      'teams[0].company: no company "nowhere" in this file or the database (known: Acme Corp) @9',
      'teams[0].timeZone: expected an IANA time zone such as Europe/London (got "Europe/Londn") @10',
      'teams[0].slackChannelId: expected a Slack channel id such as C0123ABCD (channel details > About) (got "general") @11',
      "teams[0].slaHours: expected a whole number (got 1.5) @12",
      'teams[0].reminderWeekday: expected 1-7 (1 = Monday) or a day name such as monday (got "someday") @13',
      'teams[0].reminderTime: expected a 24-hour time HH:MM such as 09:00 (got "9am") @14',
      'people[0].email: expected an email address such as ana@example.com (got "not-an-email") @17',
      'people[0].teams[1]: no team "south" in this file or the database (known: north) @19',
      'people[0].teams[2]: team "north" is listed twice @19',
      'people[0].slackUserId: expected a Slack user id such as U024BE7LH (profile > Copy member ID) (got "ana") @20',
      "people[0].teamsAadObjectId: expected a string (got 1234) @21",
      'people[0].locale: expected a language tag such as en or es-ES (got "!!") @22',
      'people[0].reminders: expected true or false (got "maybe") @23',
      'surveySources[0].kind: expected one of typeform, delighted, qualtrics, surveymonkey, formbricks, webhook, api, csv (got "googleforms") @26',
      "surveySources[0].secretEnv: environment variable TF_SECRET is not set (set it, or remove secretEnv) @27",
      'routingRules[0].field: expected touchpoint, area or attribute:<name> (got "colour") @29',
      'routingRules[0].pattern: must not be empty (got "") @30',
      'routingRules[0].team: no team "nowhere" in this file or the database (known: north) @31',
      "routingRules[0].priority: must be at least 0 (got -1) @32",
    ]);
  });

  it("refuses the product's own secrets as a survey source's secretEnv, with path and line", () => {
    const yaml = `${base}surveySources:
  - { slug: a, kind: api, secretEnv: SLACK_SIGNING_SECRET }
  - { slug: b, kind: delighted, secretEnv: MICROSOFT_APP_PASSWORD }
  - { slug: c, kind: api, secretEnv: INGEST_TOKEN }
  - { slug: d, kind: qualtrics, secretEnv: DATABASE_URL }
  - { slug: e, kind: typeform, secretEnv: TYPEFORM_SECRET }
`;
    // Set in the environment, so the only problem is whose secret it is.
    const all = {
      SLACK_SIGNING_SECRET: "x",
      MICROSOFT_APP_PASSWORD: "x",
      INGEST_TOKEN: "x",
      DATABASE_URL: "x",
      TYPEFORM_SECRET: "x",
    };
    const got = problems(parseOrgYaml(yaml, undefined, all, PRODUCT_SECRET_SETTINGS));
    expect(got).toHaveLength(4);
    expect(got[0]).toBe(
      "surveySources[0].secretEnv: SLACK_SIGNING_SECRET is one of NPS Loop's own secrets and cannot be a survey source's secret; put the survey tool's secret in a variable of its own (e.g. API_WEBHOOK_SECRET) and name that @9",
    );
    expect(got.slice(1).map((g) => g.replace(/ is one of.* @/, " @"))).toEqual([
      "surveySources[1].secretEnv: MICROSOFT_APP_PASSWORD @10",
      "surveySources[2].secretEnv: INGEST_TOKEN @11",
      "surveySources[3].secretEnv: DATABASE_URL @12",
    ]);
  });

  it("derives the refused names from the config schema: every secret setting but the survey tools' own", () => {
    for (const name of PRODUCT_SECRET_SETTINGS) {
      const yaml = `${base}surveySources:\n  - { slug: a, kind: api, secretEnv: ${name} }\n`;
      expect(problems(parseOrgYaml(yaml, undefined, { [name]: "x" }, PRODUCT_SECRET_SETTINGS))[0], name).toContain(
        "NPS Loop's own secrets",
      );
    }
    expect(PRODUCT_SECRET_SETTINGS).toEqual(
      expect.arrayContaining(["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "MICROSOFT_APP_PASSWORD", "QUALTRICS_API_TOKEN"]),
    );
    expect(PRODUCT_SECRET_SETTINGS).not.toContain("TYPEFORM_SECRET");
  });

  it("reports missing required fields", () => {
    const got = problems(parseOrgYaml("teams:\n  - slug: north\npeople:\n  - role: staff\n"));
    expect(got).toEqual([
      "teams[0].name: required @2",
      "teams[0].company: required @2",
      "people[0].name: required @4",
      "people[0].email: required (or an id: key) so that applying the file again finds the same person @4",
    ]);
  });

  it("catches duplicates, case-insensitively for emails", () => {
    const yaml = `${base}  - { name: Ana Two, email: ANA@acme.example, role: staff }
teams2: 1
`;
    const got = problems(parseOrgYaml(yaml));
    expect(got).toContain('people[1].email: "ANA@acme.example" is already used by people[0] @8');
    expect(got).toContain("teams2: unknown field (did you mean teams?) @9");
    const dupTeams = `
companies: [{ slug: acme, name: Acme }, { slug: acme, name: Acme 2 }]
teams:
  - { slug: north, name: N, company: acme, slackChannelId: C0123ABCD }
  - { slug: north, name: N2, company: acme, slackChannelId: C0123ABCD }
surveySources: [{ slug: a, kind: api }, { slug: a, kind: csv }]
routingRules:
  - { field: touchpoint, pattern: x, team: north }
  - { field: touchpoint, pattern: x, team: north, priority: 5 }
`;
    expect(problems(parseOrgYaml(dupTeams))).toEqual([
      'companies[1].slug: "acme" is already used by companies[0] @2',
      'teams[1].slug: "north" is already used by teams[0] @5',
      'teams[1].slackChannelId: "C0123ABCD" is already used by teams[0] @5',
      'surveySources[1].slug: "a" is already used by surveySources[0] @6',
      "routingRules[1]: same field and pattern as routingRules[0]; one rule per field and pattern @9",
    ]);
  });

  it("accepts references to companies and teams already in the database", () => {
    const yaml = `
teams:
  - { slug: south, name: South, company: acme }
people:
  - { name: Bo, email: bo@acme.example, role: staff, teams: [north] }
routingRules:
  - { field: area, pattern: "North*", team: north }
`;
    const r = parseOrgYaml(yaml, { companies: ["acme"], teams: [{ slug: "north", company: "acme" }] });
    if (!r.ok) throw new Error(formatOrgProblems(r.problems));
    expect(r.org.people[0]!.company).toBe("acme");
    expect(r.warnings.map((w) => w.message)).toEqual([
      'no manager in this file is a member of team "south": nobody here can claim its cases',
    ]);
  });

  it("makes directors say which company they see", () => {
    const yaml = `${base}  - { name: Di, email: di@acme.example, role: director }
  - { name: Ed, email: ed@acme.example, role: director, company: null }
`;
    expect(problems(parseOrgYaml(yaml))).toEqual([
      "people[1].company: required for a director: a company slug, or null for a client-side director who sees every company @8",
    ]);
  });

  it("checks Teams settings go together and warns about cross-company memberships", () => {
    const yaml = `
companies: [{ slug: acme, name: Acme }, { slug: beta, name: Beta }]
teams:
  - { slug: north, name: N, company: acme, teamsConversationId: "19:a@thread.tacv2", teamsConversationRef: { serviceUrl: "https://x.example/", conversation: { id: b } } }
  - { slug: south, name: S, company: beta, teamsTenantId: t1 }
people:
  - { name: Ana, email: ana@acme.example, role: manager, company: acme, teams: [north, south] }
`;
    const r = parseOrgYaml(yaml);
    expect(problems(r)).toEqual([
      "teams[0].teamsConversationRef: give either teamsConversationId or teamsConversationRef, not both @4",
      "teams[1].teamsTenantId: only used together with teamsConversationId @5",
    ]);
    expect(r.warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'people[0].teams: a member of a team of company "beta" while their company is "acme"',
    ]);
    const noCompany = `
companies: [{ slug: acme, name: Acme }, { slug: beta, name: Beta }]
teams: [{ slug: north, name: N, company: acme }, { slug: south, name: S, company: beta }]
people: [{ name: Ana, email: ana@acme.example, role: manager, teams: [north, south] }]
`;
    expect(problems(parseOrgYaml(noCompany))).toEqual([
      "people[0].company: required: their teams belong to several companies (acme, beta); give one, or null for every company @4",
    ]);
  });

  it("reports YAML syntax errors and duplicate keys with their line", () => {
    expect(problems(parseOrgYaml("companies:\n  - slug: a\n    slug: b\n"))[0]).toMatch(
      /^: YAML syntax: .*unique.* @3$/,
    );
    expect(problems(parseOrgYaml("companies: [\n  { slug: a\n"))[0]).toMatch(/^: YAML syntax: /);
    expect(problems(parseOrgYaml("- just\n- a list\n"))).toEqual([
      ": expected a mapping with companies, teams, people, ... at the top level",
    ]);
  });

  it("treats an empty file as an empty org", () => {
    const r = parseOrgYaml("# nothing yet\n");
    expect(r.ok && r.org).toEqual({ companies: [], teams: [], people: [], surveySources: [], routingRules: [] });
  });

  it("validates objects from code the same way, and errors carry the code", () => {
    const r = validateOrg({ people: [{ name: "X", role: "boss", email: "x@y.example" }] });
    expect(problems(r)).toEqual(['people[0].role: expected one of director, manager, staff, admin (got "boss")']);
    const err = new OrgFileError(r.ok ? [] : r.problems, "org.yaml");
    expect(err.code).toBe("ORG_FILE_INVALID");
    expect(err.message).toContain("1 problem(s) in org.yaml; nothing was applied");
  });

  it("reads weekdays as numbers or names", () => {
    expect([1, 7, "monday", "Sun", "wed", "TUESDAY"].map(parseWeekday)).toEqual([1, 7, 1, 7, 3, 2]);
    expect([0, 8, 1.5, "m", "funday", null].map(parseWeekday)).toEqual([null, null, null, null, null, null]);
  });
});
