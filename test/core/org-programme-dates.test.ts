import { describe, expect, it } from "vitest";
import { parseOrgYaml } from "../../src/core/org-file.js";
import { inProgrammeOn } from "../../src/core/org-schema.js";

const problems = (yaml: string) => {
  const r = parseOrgYaml(yaml);
  if (r.ok) throw new Error("expected problems");
  return r.problems.map((p) => `${p.path}: ${p.message} @${p.line}`);
};

describe("programme dates in the org file", () => {
  it("accepts a start and an end date and leaves inProgramme to be derived", () => {
    const r = parseOrgYaml(`
companies:
  - { slug: acme, name: Acme, area: North, programmeStart: 2026-03-01 }
  - { slug: beta, name: Beta, area: North, programmeStart: 2026-01-10, programmeEnd: 2026-06-30 }
  - { slug: gamma, name: Gamma, area: North, inProgramme: false }
`);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.org.companies.map((c) => [c.slug, c.programmeStart, c.programmeEnd, c.inProgramme])).toEqual([
      ["acme", "2026-03-01", undefined, undefined],
      ["beta", "2026-01-10", "2026-06-30", undefined],
      ["gamma", undefined, undefined, false],
    ]);
  });

  it("names the path, the line and the fix for bad dates", () => {
    expect(
      problems(`
companies:
  - slug: acme
    name: Acme
    programmeStart: 2026-02-30
  - slug: beta
    name: Beta
    programmeEnd: 2026-06-30
  - slug: gamma
    name: Gamma
    programmeStart: 2026-05-01
    programmeEnd: 2026-04-01
    inProgramme: true
  - slug: delta
    name: Delta
    programmeStart: "March 1st"
`),
    ).toEqual([
      'companies[0].programmeStart: expected a real calendar date YYYY-MM-DD such as 2026-03-01 (got "2026-02-30") @5',
      "companies[1].programmeEnd: needs programmeStart: give the day the company joined the programme @8",
      "companies[2].programmeEnd: must be after programmeStart (2026-05-01), got 2026-04-01 @12",
      "companies[2].inProgramme: leave inProgramme out when programmeStart is given: it is derived from programmeStart and programmeEnd @13",
      'companies[3].programmeStart: expected a real calendar date YYYY-MM-DD such as 2026-03-01 (got "March 1st") @16',
    ]);
  });

  it("derives inProgramme: from the start day, until (not on) the end day", () => {
    expect(inProgrammeOn("2026-03-01", null, "2026-02-28")).toBe(false);
    expect(inProgrammeOn("2026-03-01", null, "2026-03-01")).toBe(true);
    expect(inProgrammeOn("2026-03-01", "2026-06-30", "2026-06-29")).toBe(true);
    expect(inProgrammeOn("2026-03-01", "2026-06-30", "2026-06-30")).toBe(false);
  });
});
