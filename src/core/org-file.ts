// Validation of the org file behind `nps-loop org apply` (schema in org-schema.ts): every problem at
// once, with its YAML path and line. Pure: the service passes in what the database already knows.
import { type Document, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { AppError } from "./errors.js";
import {
  allowedKeysAt,
  closest,
  issueMessage,
  lineField,
  type OrgProblem,
  pathText,
  sortProblems,
} from "./org-problems.js";
import {
  type CompanyEntry,
  fileSchema,
  normaliseTeam,
  type PersonEntry,
  type RuleEntry,
  type SourceEntry,
  type TeamEntry,
} from "./org-schema.js";
import { readOrgYaml } from "./org-yaml.js";
import { describeUnstorable, findUnstorable } from "./text-check.js";

export { type OrgProblem, pathText } from "./org-problems.js";
export {
  type CompanyEntry,
  DEFAULT_TEAMS_SERVICE_URL,
  isIanaTimeZone,
  PERSON_ROLES,
  type PersonEntry,
  parseWeekday,
  type RuleEntry,
  SOURCE_KINDS,
  type SourceEntry,
  type SourceKind,
  type TeamEntry,
} from "./org-schema.js";

export interface OrgFile {
  companies: CompanyEntry[];
  teams: TeamEntry[];
  people: PersonEntry[];
  surveySources: SourceEntry[];
  routingRules: RuleEntry[];
}
/** The input shape (what a YAML file or the demo seed writes). */
export type OrgFileInput = z.input<typeof fileSchema>;

/** What already exists in the database, for references to things not in the file. */
export interface KnownOrg {
  companies: string[];
  teams: { slug: string; company: string }[];
}

export type OrgValidation =
  | { ok: true; org: OrgFile; warnings: OrgProblem[] }
  | { ok: false; problems: OrgProblem[]; warnings: OrgProblem[] };

export class OrgFileError extends AppError {
  constructor(
    readonly problems: OrgProblem[],
    readonly source = "org file",
  ) {
    super(
      "ORG_FILE_INVALID",
      `${problems.length} problem(s) in ${source}; nothing was applied:\n${formatOrgProblems(problems)}`,
      problems,
    );
  }
}

export function formatOrgProblems(problems: OrgProblem[]): string {
  return problems
    .map((p) => `  - ${p.path ? `${p.path}: ` : ""}${p.message}${p.line ? ` (line ${p.line})` : ""}`)
    .join("\n");
}

/** Parses and validates org YAML; syntax errors, schema errors and broken references come back together. */
export function parseOrgYaml(
  yamlText: string,
  known: KnownOrg = { companies: [], teams: [] },
  env: Record<string, string | undefined> = {},
  /** Settings that are the product's own credentials (config's PRODUCT_SECRET_SETTINGS): never a source's secret. */
  productSecrets: readonly string[] = [],
): OrgValidation {
  // Piece by piece when the file has the plain shape (a large file's syntax tree would not fit in
  // the memory budget); else, or when a piece does not parse on its own, the whole document.
  const pieces = readOrgYaml(yamlText);
  if (pieces) return validateOrg(pieces.data, known, env, pieces.lineOf, productSecrets);
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const problems = doc.errors.map((e) => ({
      path: "",
      message: `YAML syntax: ${e.message.split("\n")[0]}`,
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
    }));
    return { ok: false, problems, warnings: [] };
  }
  const data: unknown = doc.toJS();
  return validateOrg(data ?? {}, known, env, wholeDocumentLines(doc, lineCounter), productSecrets);
}

/** Line of the node at a path in a parsed document, or of its nearest ancestor present. */
export function wholeDocumentLines(doc: Document, lineCounter: LineCounter) {
  return (path: (string | number)[]): number | undefined => {
    for (let p = [...path]; ; p = p.slice(0, -1)) {
      const node = p.length ? doc.getIn(p, true) : doc.contents;
      const range = (node as { range?: [number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
      if (p.length === 0) return undefined;
    }
  };
}

/** Validates an already parsed org object (from YAML or code). */
export function validateOrg(
  data: unknown,
  known: KnownOrg = { companies: [], teams: [] },
  env: Record<string, string | undefined> = {},
  lineOf: (path: (string | number)[]) => number | undefined = () => undefined,
  productSecrets: readonly string[] = [],
): OrgValidation {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return {
      ok: false,
      problems: [{ path: "", message: "expected a mapping with companies, teams, people, ... at the top level" }],
      warnings: [],
    };
  }
  const problems: OrgProblem[] = [];
  const add = (list: OrgProblem[], path: (string | number)[], message: string) =>
    list.push({ path: pathText(path), message, ...lineField(lineOf(path)) });
  for (const u of findUnstorable(data)) add(problems, u.segments, describeUnstorable(u.kind));
  const parsed = fileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      if (issue.code === "unrecognized_keys") {
        const allowed = allowedKeysAt(issue.path);
        for (const key of issue.keys) {
          const hint = closest(key, allowed);
          add(problems, [...path, key], `unknown field${hint ? ` (did you mean ${hint}?)` : ""}`);
        }
      } else {
        add(problems, path, issueMessage(issue));
      }
    }
  }
  const warnings: OrgProblem[] = [];
  const settledCompanies = checkReferences(data as Record<string, unknown>, known, env, productSecrets, {
    error: (path, msg) => add(problems, path, msg),
    warn: (path, msg) => add(warnings, path, msg),
  });
  if (problems.length || !parsed.success) return { ok: false, problems: sortProblems(problems), warnings };
  const f = parsed.data;
  return {
    ok: true,
    warnings,
    org: {
      companies: f.companies ?? [],
      teams: (f.teams ?? []).map(normaliseTeam),
      people: (f.people ?? []).map((p, i) => ({ ...p, company: settledCompanies[i] })),
      surveySources: f.surveySources ?? [],
      routingRules: (f.routingRules ?? []).map((r) => ({ ...r, priority: r.priority ?? 100 })),
    },
  };
}

interface Reporter {
  error(path: (string | number)[], message: string): void;
  warn(path: (string | number)[], message: string): void;
}

type Rec = Record<string, unknown>;
const listOf = (data: Rec, key: string): Rec[] =>
  Array.isArray(data[key]) ? (data[key] as unknown[]).map((x) => (x && typeof x === "object" ? (x as Rec) : {})) : [];
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * Cross-entry checks on the raw data (so they run even when some entries fail the schema):
 * duplicates, references to companies and teams, secrets in the environment. Returns each
 * person's settled company (given, or the one company of their teams).
 */
function checkReferences(
  data: Rec,
  known: KnownOrg,
  env: Record<string, string | undefined>,
  productSecrets: readonly string[],
  r: Reporter,
) {
  const companies = listOf(data, "companies");
  const teams = listOf(data, "teams");
  const people = listOf(data, "people");
  const sources = listOf(data, "surveySources");
  const rules = listOf(data, "routingRules");

  const unique = (section: string, rows: Rec[], field: string, key: (v: string) => string = (v) => v) => {
    const seen = new Map<string, number>();
    rows.forEach((row, i) => {
      const v = row[field];
      if (typeof v !== "string" && typeof v !== "number") return;
      const k = key(String(v));
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else r.error([section, i, field], `${JSON.stringify(v)} is already used by ${section}[${first}]`);
    });
  };
  unique("companies", companies, "slug");
  unique("teams", teams, "slug");
  unique("teams", teams, "slackChannelId");
  unique("teams", teams, "teamsConversationId");
  unique("people", people, "id");
  unique("people", people, "email", (v) => v.toLowerCase());
  unique("people", people, "slackUserId");
  unique("people", people, "teamsAadObjectId", (v) => v.toLowerCase());
  unique("surveySources", sources, "slug");

  const companySlugs = new Set([...known.companies, ...companies.map((c) => str(c.slug)).filter(isString)]);
  const companyOfTeam = new Map(known.teams.map((t) => [t.slug, t.company]));
  for (const t of teams) if (str(t.slug) && str(t.company)) companyOfTeam.set(t.slug as string, t.company as string);
  const knownList = (set: Iterable<string>) => {
    const all = [...set].sort();
    return all.length ? ` (known: ${all.slice(0, 8).join(", ")}${all.length > 8 ? ", ..." : ""})` : "";
  };
  const needCompany = (path: (string | number)[], v: unknown) => {
    if (typeof v === "string" && !companySlugs.has(v)) {
      r.error(path, `no company "${v}" in this file or the database${knownList(companySlugs)}`);
    }
  };
  const needTeam = (path: (string | number)[], v: unknown) => {
    if (typeof v === "string" && !companyOfTeam.has(v)) {
      r.error(path, `no team "${v}" in this file or the database${knownList(companyOfTeam.keys())}`);
    }
  };

  teams.forEach((t, i) => {
    needCompany(["teams", i, "company"], t.company);
    if (t.teamsConversationId != null && t.teamsConversationRef != null) {
      r.error(
        ["teams", i, "teamsConversationRef"],
        "give either teamsConversationId or teamsConversationRef, not both",
      );
    }
    for (const k of ["teamsServiceUrl", "teamsTenantId"]) {
      if (t[k] !== undefined && (t.teamsConversationId === undefined || t.teamsConversationId === null)) {
        r.error(["teams", i, k], "only used together with teamsConversationId");
      }
    }
  });

  companies.forEach((c, i) => {
    checkProgrammeDates(c, i, r);
  });

  const managed = new Set<string>();
  const settled: (string | null | undefined)[] = [];
  people.forEach((p, i) => {
    if (p.email == null && p.id === undefined) {
      r.error(["people", i, "email"], "required (or an id: key) so that applying the file again finds the same person");
    }
    needCompany(["people", i, "company"], p.company);
    if (p.role === "director" && !("company" in p)) {
      r.error(
        ["people", i, "company"],
        "required for a director: a company slug, or null for a client-side director who sees every company",
      );
    }
    const teamSlugs = Array.isArray(p.teams) ? (p.teams as unknown[]) : [];
    const seen = new Set<unknown>();
    teamSlugs.forEach((s, j) => {
      if (seen.has(s)) r.error(["people", i, "teams", j], `team "${String(s)}" is listed twice`);
      seen.add(s);
      needTeam(["people", i, "teams", j], s);
      if (p.role === "manager" && typeof s === "string") managed.add(s);
    });
    const teamCompanies = new Set(teamSlugs.map((s) => companyOfTeam.get(String(s))).filter(isString));
    // Left out: taken from the listed teams' one company; with no teams, kept as it is. Never widened
    // to "every company" by inference: teams of several companies need an explicit answer.
    let company: string | null | undefined;
    if ("company" in p) company = str(p.company) ?? null;
    else if (teamCompanies.size === 1) company = [...teamCompanies][0]!;
    else if (teamCompanies.size > 1) {
      r.error(
        ["people", i, "company"],
        `required: their teams belong to several companies (${[...teamCompanies].sort().join(", ")}); give one, or null for every company`,
      );
    }
    settled.push(company);
    if (company) {
      for (const c of teamCompanies) {
        if (c !== company) {
          r.warn(["people", i, "teams"], `a member of a team of company "${c}" while their company is "${company}"`);
        }
      }
    }
  });

  teams.forEach((t, i) => {
    if (typeof t.slug === "string" && !managed.has(t.slug)) {
      r.warn(["teams", i], `no manager in this file is a member of team "${t.slug}": nobody here can claim its cases`);
    }
  });

  sources.forEach((s, i) => {
    const name = s.secretEnv;
    if (typeof name === "string" && productSecrets.includes(name)) {
      // Applying would copy the product's own credential into the database (and to anyone who reads it there).
      r.error(
        ["surveySources", i, "secretEnv"],
        `${name} is one of NPS Loop's own secrets and cannot be a survey source's secret; put the survey tool's secret in a variable of its own (e.g. ${s.kind === "typeform" ? "TYPEFORM_SECRET" : `${String(s.kind ?? "SURVEY").toUpperCase()}_WEBHOOK_SECRET`}) and name that`,
      );
    } else if (typeof name === "string" && /^[A-Z_][A-Z0-9_]*$/.test(name) && !env[name]) {
      r.error(
        ["surveySources", i, "secretEnv"],
        `environment variable ${name} is not set (set it, or remove secretEnv)`,
      );
    }
  });

  const ruleKeys = new Map<string, number>();
  rules.forEach((rule, i) => {
    needTeam(["routingRules", i, "team"], rule.team);
    const key = `${String(rule.field)}\u0000${String(rule.pattern)}`;
    const first = ruleKeys.get(key);
    if (first !== undefined) {
      r.error(["routingRules", i], `same field and pattern as routingRules[${first}]; one rule per field and pattern`);
    } else ruleKeys.set(key, i);
  });
  return settled;
}

/** Programme dates: an end needs a start and comes after it; with dates, inProgramme is derived. */
function checkProgrammeDates(c: Rec, i: number, r: Reporter): void {
  const start = str(c.programmeStart);
  const end = str(c.programmeEnd);
  if (end !== undefined && c.programmeStart == null) {
    r.error(["companies", i, "programmeEnd"], "needs programmeStart: give the day the company joined the programme");
  }
  if (start !== undefined && end !== undefined && end <= start) {
    r.error(["companies", i, "programmeEnd"], `must be after programmeStart (${start}), got ${end}`);
  }
  if (start !== undefined && c.inProgramme !== undefined) {
    r.error(
      ["companies", i, "inProgramme"],
      "leave inProgramme out when programmeStart is given: it is derived from programmeStart and programmeEnd",
    );
  }
}

function isString(v: unknown): v is string {
  return typeof v === "string";
}
