// Architecture rules of the guide, checked on the source: a pure core, Prisma only in src/db,
// each chat SDK only in its platform folder.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = path.join(import.meta.dirname, "../../src");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated") return [];
    return statSync(full).isDirectory() ? files(full) : full.endsWith(".ts") ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  // Type-only imports are erased at compile time, so they carry no dependency at run time.
  return [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)(?!\s+type\b)[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
    ),
  ].map((m) => (m[1] ?? m[2]) as string);
}

const rel = (f: string) => path.relative(SRC, f);
const all = files(SRC);

describe("architecture boundaries", () => {
  it("src/core imports nothing with I/O: no Node I/O modules, Prisma, Slack, Teams or outer layers", () => {
    const bad = all
      .filter((f) => rel(f).startsWith("core/"))
      .flatMap((f) =>
        importsOf(f)
          .filter(
            (i) =>
              /^(node:)?(fs|net|http|https|child_process|dgram|dns|tls|worker_threads)(\/|$)/.test(i) ||
              /prisma|@slack|botbuilder|botframework|\.\.\/(db|services|slack|teams|ingest|jobs|chat|cli)\//.test(i),
          )
          .map((i) => `${rel(f)} imports ${i}`),
      );
    expect(bad).toEqual([]);
  });

  it("only src/db imports the Prisma client", () => {
    const bad = all
      .filter((f) => !rel(f).startsWith("db/"))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /@prisma\/client|generated\/|@prisma\/adapter/.test(i))
          .map((i) => `${rel(f)} imports ${i}`),
      );
    expect(bad).toEqual([]);
  });

  it("Slack's SDK stays in src/slack and botbuilder in src/teams", () => {
    const bad = all.flatMap((f) =>
      importsOf(f)
        .filter(
          (i) =>
            (/^@slack\//.test(i) && !rel(f).startsWith("slack/")) ||
            (/^(botbuilder|botframework-)/.test(i) && !rel(f).startsWith("teams/")),
        )
        .map((i) => `${rel(f)} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it("card builders are pure: views and cards import no services, repositories or SDK clients", () => {
    const bad = all
      .filter((f) => /^(slack\/views|teams\/cards)\//.test(rel(f)))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => /services|db\/|@slack\/(bolt|web-api)|^botbuilder$/.test(i))
          .map((i) => `${rel(f)} imports ${i}`),
      );
    expect(bad).toEqual([]);
  });
});
