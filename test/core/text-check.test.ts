import { describe, expect, it } from "vitest";
import { parseOrgYaml } from "../../src/core/org-file.js";
import { cleanDeep, cleanInPlace, cleanText, findUnstorable, unstorableKind } from "../../src/core/text-check.js";

describe("text the database cannot store", () => {
  it("finds NUL and lone surrogates, and leaves whole pairs alone", () => {
    expect(unstorableKind("a\u0000b")).toBe("nul");
    expect(unstorableKind("a\uD83Db")).toBe("lone_surrogate");
    expect(unstorableKind("a\uDE00")).toBe("lone_surrogate");
    expect(unstorableKind("ok 😀 ñ")).toBeNull();
    expect(cleanText("a\u0000b\uD83D😀\uDE00")).toBe("a\uFFFDb\uFFFD😀\uFFFD");
  });

  it("walks JSON deep, keys included, with paths", () => {
    const found = findUnstorable({ a: [1, "x\u0000"], b: { "k\uD800": "v" }, c: { d: "\uDC00" } });
    expect(found).toEqual([
      { path: "a[1]", segments: ["a", 1], kind: "nul", inKey: false },
      { path: "b.k\uD800", segments: ["b", "k\uD800"], kind: "lone_surrogate", inKey: true },
      { path: "c.d", segments: ["c", "d"], kind: "lone_surrogate", inKey: false },
    ]);
    expect(cleanDeep({ a: ["x\u0000"], "k\u0000": 1 })).toEqual({ a: ["x\uFFFD"], "k\uFFFD": 1 });
    const body = { view: { values: { note: "a\u0000" } } };
    const view = body.view;
    cleanInPlace(body);
    expect(view.values.note).toBe("a\uFFFD");
  });

  it("org file: refused with its path and line", () => {
    const r = parseOrgYaml('companies:\n  - slug: acme\n    name: "Ac\\0me"\n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toContainEqual(
      expect.objectContaining({ path: "companies[0].name", line: 3, message: expect.stringContaining("NUL") }),
    );
  });
});
