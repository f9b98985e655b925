// How the org file's problems are worded and ordered: zod issues as sentences, "did you mean" for a
// misspelt key, YAML paths as text. Pure, like org-file.ts which uses it.
import type { z } from "zod";
import { companySchema, fileSchema, personSchema, ruleSchema, sourceSchema, teamSchema } from "./org-schema.js";

export interface OrgProblem {
  path: string;
  message: string;
  line?: number;
}

export function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === "invalid_type" && input === undefined) return "required";
  let message: string;
  switch (issue.code) {
    case "invalid_value":
      message = `expected ${issue.values.length === 1 ? String(issue.values[0]) : `one of ${issue.values.join(", ")}`}`;
      break;
    case "invalid_type":
      message =
        issue.expected === "int"
          ? "expected a whole number"
          : issue.expected === "array"
            ? "expected a list"
            : issue.expected === "object"
              ? "expected a mapping (key: value lines)"
              : `expected ${issue.expected === "boolean" ? "true or false" : `a ${issue.expected}`}`;
      break;
    case "too_small":
      message = issue.origin === "string" ? "must not be empty" : `must be at least ${String(issue.minimum)}`;
      break;
    case "too_big":
      message = `must be at most ${String(issue.maximum)}${issue.origin === "string" ? " characters" : ""}`;
      break;
    default:
      message = issue.message;
  }
  return input === undefined || (typeof input === "object" && input !== null)
    ? message
    : `${message} (got ${JSON.stringify(input)})`;
}

const SECTION_KEYS: Record<string, z.ZodObject> = {
  companies: companySchema,
  teams: teamSchema,
  people: personSchema,
  surveySources: sourceSchema,
  routingRules: ruleSchema,
};

export function allowedKeysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(fileSchema.shape);
  const section = SECTION_KEYS[String(path[0])];
  return path.length === 2 && section ? Object.keys(section.shape) : [];
}

/** The allowed key nearest to a misspelt one (edit distance <= 2), for "did you mean". */
export function closest(key: string, allowed: string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const a of allowed) {
    const d = editDistance(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) [best, bestD] = [a, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function pathText(path: PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );
}

export function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

export function sortProblems(problems: OrgProblem[]): OrgProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
