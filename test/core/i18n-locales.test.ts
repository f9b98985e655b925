// Locale negotiation never fails and falls along the chain; numbers and words follow the locale.
import { describe, expect, it } from "vitest";
import { channelLocale, matchLocale, readerLocale, resolveLocale, t } from "../../src/core/i18n/index.js";
import { formatReportText, signed } from "../../src/core/report-text.js";

describe("locale negotiation", () => {
  it("matches exact, regional and platform tags", () => {
    expect(matchLocale("es")).toBe("es");
    expect(matchLocale("es-MX")).toBe("es");
    expect(matchLocale("es_ES.UTF-8")).toBe("es");
    expect(matchLocale("EN-gb")).toBe("en");
    expect(matchLocale("zh-HK")).toBe("zh-Hant-HK");
    expect(matchLocale("zh-TW")).toBe("zh-Hant-HK");
    expect(matchLocale("zh-hant")).toBe("zh-Hant-HK");
  });

  it("never fails on unknown, unsupported or malformed tags", () => {
    for (const tag of ["fr-FR", "zh-CN", "!!", "", "C", "POSIX", "x-klingon", null, undefined]) {
      expect(matchLocale(tag)).toBeNull();
    }
    expect(resolveLocale(["fr", "zh-CN", "!!"], "es-MX")).toBe("es");
    expect(resolveLocale(["fr"], "nonsense")).toBe("en");
  });

  it("reader: person, then platform, then team, then company, then the default", () => {
    expect(readerLocale({ locale: "zh-HK", platformLocale: "es-ES" }, { locale: "en" }, null, "en")).toBe("zh-Hant-HK");
    expect(readerLocale({ locale: null, platformLocale: "es-ES" }, { locale: "en" }, null, "en")).toBe("es");
    expect(readerLocale({ locale: "fr" }, { locale: null }, { locale: "es" }, "en")).toBe("es");
    expect(readerLocale(null, null, null, "zh-Hant-HK")).toBe("zh-Hant-HK");
    expect(channelLocale({ locale: "es" }, { locale: "en" }, "en")).toBe("es");
  });
});

describe("formatting by locale", () => {
  it("numbers: a decimal comma and a sign in Spanish", () => {
    expect(signed(42.34, "es")).toBe("+42,3");
    expect(signed(42.34, "en")).toBe("+42.3");
    expect(signed(-0.01, "es")).toBe("0");
    expect(t("es", "card.notes", { n: 1 })).toBe("1 nota");
    expect(t("es", "card.notes", { n: 3 })).toBe("3 notas");
    expect(t("zh-Hant-HK", "card.caseNumber", { id: 42 })).toBe("個案 #42");
  });

  it("the CLI report in Spanish", () => {
    const text = formatReportText({
      locale: "es",
      scope: { kind: "team", slug: "team-x", name: "Equipo X" },
      period: {
        label: "last 30 days",
        from: new Date("2026-11-01T00:00Z"),
        to: new Date("2026-12-01T00:00Z"),
        timeZone: "Europe/Madrid",
      },
      n: 120,
      enoughData: true,
      minSample: 10,
      nps: 42.34,
      marginOfError: 12.5,
      promotersPct: 55,
      passivesPct: 32,
      detractorsPct: 13,
      change: { delta: 5.2, previousNps: 37.1, previousN: 90, significant: false, period: null },
      trend: [],
      sparkline: "",
      openCases: 1,
      overdueCases: 0,
      slaShare: null,
      medianHoursToClose: 30,
      topRootCauses: [],
      comparison: null,
    } as never);
    expect(text).toContain("Informe NPS: Equipo X (equipo team-x)");
    expect(text).toContain("Periodo: últimos 30 días, del ");
    expect(text).toContain("NPS +42,3 ± 12,5");
    expect(text).toContain("con 120 respuestas");
    expect(text).toContain("Cambio comparado con el periodo anterior: +5,2 puntos");
    expect(text).toContain("1 caso abierto");
    expect(text).toContain("mediana de 30 h hasta el cierre");
  });
});

describe("placeholders", () => {
  it("keeps ids as written and formats plural counts by the locale", () => {
    expect(t("en", "card.caseNumber", { id: 12345 })).toBe("Case #12345");
    expect(t("es", "card.caseNumber", { id: 12345 })).toBe("Caso n.º 12345");
    expect(t("en", "unit.responses", { n: 1 })).toBe("1 response");
    expect(t("es", "unit.responses", { n: 2 })).toBe("2 respuestas");
  });
});
