// Architecture rules checked on the import graph by dependency-cruiser (rules and reasons in
// .dependency-cruiser.cjs): platform folders and src/ingest never reach src/db, Slack and Teams never
// import each other, no import cycles in src/, a pure src/core, the demo and developer tools kept
// out of the product, benchmarks kept out of test/. And no source file over MAX_LINES lines.
// dependency-cruiser rather than a hand-written graph walk: it resolves imports as TypeScript does
// (tsconfig, "exports", type-only imports), finds cycles of any length and is kept up to date.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { cruise, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";
import { KNOWN_LONG_FILES_TO_SPLIT, KNOWN_VIOLATIONS_TO_REMOVE } from "./known-violations.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Files this long are split by what they do (issue 9): the limit applies outside generated code. */
const MAX_LINES = 400;

const CRUISED = ["src", "bench"];
const CONFIG = "./.dependency-cruiser.cjs";
/** Every rule in the config: a rule added there gets its own test below without touching this file. */
const RULES = (
  (await import(path.join(ROOT, CONFIG))) as { default: { forbidden: { name: string; comment: string }[] } }
).default.forbidden;

function violationKey(v: Pick<IViolation, "rule" | "from" | "to">): string {
  return `${v.rule.name}: ${v.from} -> ${v.to}`;
}

function describeViolation(v: IViolation): string {
  const via = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(" -> ")})` : "";
  return `${violationKey(v)}${via}`;
}

/** Runs dependency-cruiser with the project's config, as `npx depcruise src bench --config ...` does. */
async function cruiseProject(files: string[] = CRUISED): Promise<ICruiseResult> {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const options = await extractDepcruiseOptions(CONFIG);
    const tsConfig = extractTSConfig("tsconfig.json");
    const out = await cruise(files, { ...options, validate: true, outputType: "json" }, {}, { tsConfig });
    return typeof out.output === "string" ? (JSON.parse(out.output) as ICruiseResult) : out.output;
  } finally {
    process.chdir(cwd);
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|mts|cts|mjs|cjs|js)$/.test(name) ? [full] : [];
  });
}

describe("architecture: dependency rules (dependency-cruiser)", () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseProject();
  }, 120_000);

  it("cruises the whole tree and resolves every relative import", () => {
    expect(result.summary.totalCruised).toBeGreaterThan(150);
    const unresolved = result.modules
      .flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} -> ${d.module}`))
      .filter((d) => / -> \.\.?\//.test(d));
    expect(unresolved).toEqual([]);
  });

  for (const rule of RULES) {
    it(`${rule.name}: ${rule.comment}`, () => {
      const found = result.summary.violations.filter((v) => v.rule.name === rule.name);
      const fresh = found.filter((v) => !KNOWN_VIOLATIONS_TO_REMOVE.includes(violationKey(v)));
      // Printed one per line so that a failure names every offending import.
      expect(fresh.map(describeViolation), `new violations of ${rule.name}`).toEqual([]);
    });
  }

  it("the temporary allow-list names only rules that exist", () => {
    const names = new Set(RULES.map((r) => r.name));
    expect(KNOWN_VIOLATIONS_TO_REMOVE.filter((k) => !names.has(k.split(":")[0]!))).toEqual([]);
    const gone = KNOWN_VIOLATIONS_TO_REMOVE.filter(
      (k) => !result.summary.violations.some((v) => violationKey(v) === k),
    );
    // Entries already fixed: not an error (the fixes land branch by branch), but say so.
    if (gone.length) console.warn(`Remove from KNOWN_VIOLATIONS_TO_REMOVE (fixed):\n  ${gone.join("\n  ")}`);
  });
});

describe("architecture: file size", () => {
  it(`no source file is over ${MAX_LINES} lines outside generated code`, () => {
    const long = ["src", "bench", "test", "scripts"]
      .flatMap((d) => sourceFiles(path.join(ROOT, d)))
      .map((f) => ({ file: path.relative(ROOT, f), lines: readFileSync(f, "utf8").split("\n").length - 1 }))
      .filter((f) => f.lines > MAX_LINES && !KNOWN_LONG_FILES_TO_SPLIT.includes(f.file))
      .map((f) => `${f.file}: ${f.lines} lines (limit ${MAX_LINES}; split it by what it does)`);
    expect(long).toEqual([]);
  });
});
