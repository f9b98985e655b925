import { describe, expect, it } from "vitest";
import { DEFAULT_ROOT_CAUSES } from "../../src/config/env.js";
import { allTips, isBehavioural, pickFocus, tipFor } from "../../src/core/coaching-rules.js";

describe("coaching rules", () => {
  it("marks technician treatment, punctuality and communication as behavioural, whatever the spelling", () => {
    expect(isBehavioural("Technician_Treatment")).toBe(true);
    expect(isBehavioural(" punctuality ")).toBe(true);
    expect(isBehavioural("communication")).toBe(true);
    expect(isBehavioural("price")).toBe(false);
    expect(isBehavioural(null)).toBe(false);
  });

  it("has a practical tip for every default root cause a person can act on, and none for price or other", () => {
    const withTip = DEFAULT_ROOT_CAUSES.filter((c) => tipFor(c));
    expect(withTip.sort()).toEqual(
      [
        "communication",
        "equipment fault",
        "punctuality",
        "repeat visit",
        "technician treatment",
        "unexpected budget",
      ].sort(),
    );
    expect(tipFor("price")).toBeNull();
    expect(tipFor("other")).toBeNull();
    for (const t of allTips()) {
      expect(t.tip.length).toBeGreaterThan(40);
      expect(t.why.length).toBeGreaterThan(20);
      // Persuade, never command: no shouting, no "must".
      expect(t.tip).not.toMatch(/\bmust\b|!/i);
    }
  });

  it("picks the most frequent actionable cause, behavioural first on ties", () => {
    expect(
      pickFocus([
        { cause: "price", count: 5 },
        { cause: "repeat visit", count: 2 },
        { cause: "punctuality", count: 2 },
      ]),
    ).toMatchObject({ cause: "punctuality", count: 2 });
    expect(
      pickFocus([
        { cause: "communication", count: 3 },
        { cause: "punctuality", count: 1 },
      ])?.cause,
    ).toBe("communication");
  });

  it("has nothing to say when no cause is actionable", () => {
    expect(pickFocus([{ cause: "price", count: 4 }])).toBeNull();
    expect(pickFocus([])).toBeNull();
  });
});
