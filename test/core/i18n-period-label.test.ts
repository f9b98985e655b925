// Calendar period labels in the reader's language (core/i18n/period-label.ts): months, quarters,
// years and explicit ranges through Intl; English and unknown forms as written.
import { describe, expect, it } from "vitest";
import { formatDay, periodLabel } from "../../src/core/i18n/index.js";
import { parsePeriod } from "../../src/core/periods.js";

describe("calendar period labels", () => {
  it("translates months, quarters, years and ranges", () => {
    expect(periodLabel("es", "this month (November 2026, to date)")).toBe("este mes (noviembre de 2026, hasta hoy)");
    expect(periodLabel("es", "last quarter (Q3 2026)")).toBe("el trimestre pasado (T3 2026)");
    expect(periodLabel("es", "same days of Q2 2026")).toBe("mismos días de T2 2026");
    expect(periodLabel("es", "2026-01-01 to 2026-03-31")).toBe("del 1 ene 2026 al 31 mar 2026");
    expect(periodLabel("es", "year to date (2026)")).toBe("en lo que va de año (2026)");
    expect(periodLabel("zh-Hant-HK", "last month (October 2026)")).toBe("上月（2026年10月）");
    expect(periodLabel("zh-Hant-HK", "this quarter (Q4 2026, to date)")).toBe("本季（2026 年第 4 季，截至今日）");
    expect(periodLabel("en", "last month (October 2026)")).toBe("last month (October 2026)");
    expect(periodLabel("es", "something else")).toBe("something else");
    expect(formatDay("es", "2026-11-02")).toBe("2 nov 2026");
    expect(formatDay("en", "2026-11-02")).toBe("2026-11-02");
  });

  it("covers every label periods.ts makes", () => {
    const now = new Date("2026-11-20T10:00:00Z");
    for (const spec of [
      "month",
      "last-month",
      "quarter",
      "last-quarter",
      "ytd",
      "last-year",
      "2026-01-01..2026-03-31",
    ]) {
      const p = parsePeriod(spec, "Europe/Madrid", now);
      // A bare year ("2025", the one before last year) reads the same in every language.
      for (const label of [p.label, p.previous.label].filter((l) => !/^\d{4}$/.test(l))) {
        expect(periodLabel("es", label), `${spec}: ${label}`).not.toBe(label);
      }
    }
  });
});
