// `nps-loop nps --chart`: bad chart options are refused before anything runs, naming the option and the fix.
import { describe, expect, it } from "vitest";
import { chartOptionProblem } from "../../src/cli/nps.js";

describe("nps --chart options", () => {
  const ok = { chart: "out.png", chartKind: "trend", locale: "en-GB" };

  it("accepts a .png file, a known kind, a language tag and a date", () => {
    expect(chartOptionProblem(ok)).toBeNull();
    expect(
      chartOptionProblem({ ...ok, chartKind: "root-causes", locale: "zh-Hant-HK", programmeStart: "2026-03-02" }),
    ).toBeNull();
  });

  it("names the option and what it expects", () => {
    expect(chartOptionProblem({ ...ok, chart: "out.svg" })).toBe(
      '--chart: the file name must end in .png (got "out.svg")',
    );
    expect(chartOptionProblem({ ...ok, chartKind: "pie" })).toContain(
      "--chart-kind: expected one of trend, programme, root-causes",
    );
    expect(chartOptionProblem({ ...ok, locale: "en_GB!" })).toContain("--locale: expected a language tag");
    expect(chartOptionProblem({ ...ok, programmeStart: "2026-13-45" })).toContain(
      "--programme-start: expected a date as yyyy-mm-dd",
    );
    expect(chartOptionProblem({ ...ok, programmeStart: "March" })).toContain("--programme-start");
  });
});
