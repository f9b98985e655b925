// Reading the org file piece by piece (src/core/org-yaml.ts) must give what reading the whole
// document gives: the same values, and the same line for every path (problems and warnings cite them).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { PRODUCT_SECRET_SETTINGS } from "../../src/config/env.js";
import { parseOrgYaml, validateOrg, wholeDocumentLines } from "../../src/core/org-file.js";
import { readOrgYaml } from "../../src/core/org-yaml.js";

const example = readFileSync(path.join(import.meta.dirname, "../../examples/org.yaml"), "utf8");

function whole(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  expect(doc.errors).toEqual([]);
  return { data: doc.toJS() ?? {}, lineOf: wholeDocumentLines(doc, lineCounter) };
}

/** Every path to a value in a JSON-like tree, plus a missing key under each mapping and list. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [at];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
    out.push([...at, v.length]);
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
    out.push([...at, "missingKey"]);
  }
  return out;
}

function expectSameAsWhole(text: string) {
  const read = readOrgYaml(text);
  expect(read, "expected the piecewise reading to apply").not.toBeNull();
  const w = whole(text);
  expect(read!.data).toEqual(w.data);
  const all = [...paths(w.data), ["nosuchsection"], ["people", 10_000, "name"]];
  const lines = (lineOf: (p: (string | number)[]) => number | undefined) => all.map((p) => [p.join("."), lineOf(p)]);
  expect(lines(read!.lineOf)).toEqual(lines(w.lineOf));
}

/** A file of many people in several runs, written in the styles people use. */
function bigFile(opts: { listIndent: 0 | 2; crlf?: boolean; docStart?: boolean }): string {
  const pad = " ".repeat(opts.listIndent);
  const lines = [
    ...(opts.docStart ? ["--- # org"] : []),
    "# a comment before anything",
    "version: 1",
    "companies: [{ slug: acme, name: Acme }, { slug: beta, name: 'Beta Ltd' }]",
    "teams:",
    `${pad}- slug: north`,
    `${pad}  name: "North"`,
    `${pad}  company: acme`,
    "# a comment at the margin between sections",
    "",
    `${pad}- { slug: south, name: South, company: beta, slaHours: 24 }`,
    "people:   # everyone",
  ];
  for (let i = 0; i < 120; i++) {
    lines.push(`${pad}- name: Person ${i} # trailing comment`);
    if (i % 7 === 0) lines.push(`${pad}  # a comment inside an entry`, "");
    lines.push(`${pad}  email: p${i}@acme.example`, `${pad}  role: ${i % 10 === 0 ? "manager" : "staff"}`);
    if (i % 3 === 0) lines.push(`${pad}  teams:`, `${pad}    - north`, `${pad}    - south`);
    else lines.push(`${pad}  teams: [north]`);
    if (i % 11 === 0) lines.push(`${pad}  locale: es`, `${pad}  reminders: false`);
    if (i % 13 === 0) lines.push(`${pad}  name2: |`, `${pad}    a block scalar`, `${pad}    # not a comment`, "");
  }
  lines.push(`${pad}-`, `${pad}  name: Last`, `${pad}  email: last@acme.example`, `${pad}  role: staff`);
  lines.push("surveySources:", `${pad}- slug: tf`, `${pad}  kind: typeform`, `${pad}  mapping: { score: q1 }`);
  lines.push("routingRules:");
  lines.push("# no rules yet");
  return `${lines.join(opts.crlf ? "\r\n" : "\n")}\n`;
}

describe("reading the org file piece by piece", () => {
  it("gives the values and lines of the whole document: the example", () => {
    expectSameAsWhole(example);
  });

  it("gives the values and lines of the whole document: lists indented or at the margin, CRLF, ---", () => {
    expectSameAsWhole(bigFile({ listIndent: 2 }));
    expectSameAsWhole(bigFile({ listIndent: 0, docStart: true }));
    expectSameAsWhole(bigFile({ listIndent: 2, crlf: true }));
  });

  it("gives the values and lines of sections written in flow style or left empty", () => {
    expectSameAsWhole("companies: []\nteams:\npeople:\n  [ { name: A, email: a@x.example, role: staff } ]\n");
    expectSameAsWhole("");
    expectSameAsWhole("# only a comment\n");
  });

  it("gives up where a piece would not read as it does in the whole file", () => {
    const anchored = bigFile({ listIndent: 2 }).replace(
      "- name: Person 0 # trailing comment",
      "- &first\n    name: Person 0",
    );
    const cases = {
      "an alias to an entry in another piece": `${anchored}extra:\n  - *first\n`,
      "several documents": "version: 1\n---\nversion: 1\n",
      "a directive": "%YAML 1.2\n---\nversion: 1\n",
      "a syntax error": "people:\n  - name: [unclosed\n",
      "a top-level key twice": "people: []\npeople: []\n",
      "a tab before a key": "people:\n\t- name: A\n",
      "a flow list closed at the margin": "people: [\n  { name: A }\n]\n",
      "an entry less indented than the list": "people:\n  - name: A\n role: staff\n",
      "a byte order mark": "\uFEFFversion: 1\n",
      "a quoted top-level key": '"people": []\n',
      "a __proto__ key": "__proto__: { polluted: true }\n",
    };
    for (const [what, text] of Object.entries(cases)) expect(readOrgYaml(text), what).toBeNull();
  });

  it("reports the same problems and warnings, with the same lines, as the whole document", () => {
    const text = bigFile({ listIndent: 2 })
      .replace("role: staff", "role: boss")
      .replace("email: p5@acme.example", "email: not-an-email")
      .replace("teams: [north]", "teams: [nowhere]")
      .replace("kind: typeform", "kind: typeform\n    secretEnv: SLACK_SIGNING_SECRET");
    const known = { companies: [], teams: [] };
    const fast = parseOrgYaml(text, known, {}, PRODUCT_SECRET_SETTINGS);
    const w = whole(text);
    const slow = validateOrg(w.data, known, {}, w.lineOf, PRODUCT_SECRET_SETTINGS);
    expect(fast.ok).toBe(false);
    expect(fast).toEqual(slow);
    if (!fast.ok) {
      expect(fast.problems.every((p) => p.line !== undefined)).toBe(true);
      expect(fast.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(["people[1].role", "people[5].email", "surveySources[0].secretEnv"]),
      );
    }
  });

  it("falls back to the whole document, with its syntax errors and lines, when pieces cannot be read", () => {
    const r = parseOrgYaml("version: 1\npeople:\n  - name: A\n    name: B\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([expect.objectContaining({ line: 4 })]);
  });
});
