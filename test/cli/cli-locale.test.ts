// `nps-loop nps` speaks --locale, else the terminal's language, else DEFAULT_LOCALE; never fails.
import { describe, expect, it } from "vitest";
import { cliLocale } from "../../src/cli/nps.js";

describe("the CLI report's language", () => {
  it("takes --locale first, then LC_ALL, LC_MESSAGES and LANG, then the default", () => {
    expect(cliLocale("es", { LANG: "zh_HK.UTF-8" }, "en")).toBe("es");
    expect(cliLocale(undefined, { LANG: "zh_HK.UTF-8" }, "en")).toBe("zh-Hant-HK");
    expect(cliLocale(undefined, { LC_ALL: "es_MX.UTF-8", LANG: "en_GB.UTF-8" }, "en")).toBe("es");
    expect(cliLocale(undefined, { LANG: "C.UTF-8" }, "es")).toBe("es");
    expect(cliLocale("klingon", { LANG: "fr_FR.UTF-8" }, "en")).toBe("en");
  });
});
