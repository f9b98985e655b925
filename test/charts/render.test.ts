// Each chart rendered from fixed data: the spec carries the honest numbers (gaps under the minimum
// sample, the 95% band), the words follow the reader's locale, and the PNG decodes at a size in bounds.
import { describe, expect, it } from "vitest";
import { renderChart } from "../../src/charts/render.js";
import { buildProgrammeChart, buildRootCauseChart, buildTrendChart } from "../../src/core/charts/specs.js";
import type { ChartSpec } from "../../src/core/charts/types.js";
import { decodePng } from "./png.js";

const WEEKS = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)));
const enough = (i: number) => ({ promoters: 20 + i, passives: 10, detractors: 8 });
const few = { promoters: 2, passives: 1, detractors: 1 };

const trend = (locale: string) =>
  buildTrendChart(
    {
      scopeName: "Madrid North",
      timeZone: "Europe/Madrid",
      minSample: 10,
      weeks: WEEKS.map((weekStart, i) => ({ weekStart, counts: i === 3 || i === 4 ? few : enough(i) })),
    },
    { locale },
  );
const programme = (locale: string, start: Date | null) =>
  buildProgrammeChart(
    {
      area: "Madrid",
      timeZone: "Europe/Madrid",
      minSample: 10,
      programmeStart: start,
      weeks: WEEKS.map((weekStart, i) => ({
        weekStart,
        programme: enough(i),
        comparison: { promoters: 12, passives: 10, detractors: 12 },
      })),
    },
    { locale },
  );
const causes = (locale: string) =>
  buildRootCauseChart(
    {
      scopeName: "Acme",
      timeZone: "Europe/Madrid",
      weeks: WEEKS.map((weekStart, i) => ({
        weekStart,
        causes: [
          { cause: "punctuality", count: 3 + (i % 3) },
          { cause: "price", count: 2 },
          { cause: null, count: 1 },
          ...["a", "b", "c", "d"].map((cause) => ({ cause, count: 1 })),
        ],
      })),
    },
    { locale },
  );

type Row = { week: string; nps: number | null; lo: number | null; hi: number | null; n: number };
const rows = (c: ChartSpec) => (c.spec.data as { values: Row[] }).values;

describe("chart specs", () => {
  it("trend: a week under the minimum sample is a gap (no score, no band), others carry the 95% band", () => {
    const c = trend("en-GB");
    const r = rows(c);
    expect(r).toHaveLength(12);
    expect(r[3]).toMatchObject({ nps: null, lo: null, hi: null, n: 4 });
    // 20 promoters, 10 passives, 8 detractors: NPS 31.6, margin 1.96 * sqrt(var/n) * 100 = 25.4.
    expect(r[0]).toMatchObject({ week: "5 Jan", nps: 31.6, lo: 6.2, hi: 57, n: 38 });
    expect(JSON.stringify(c.spec)).toContain("break-paths-show-domains");
    expect(c.alt).toContain("2 weeks have fewer than 10 responses and are gaps");
    expect(c.alt).toContain("Madrid North");
  });

  it("uses the reader's locale for dates, numbers and words", () => {
    expect(rows(trend("es-ES"))[0]!.week).toBe("5 ene");
    const zh = trend("zh-Hant-HK");
    expect(rows(zh)[0]!.week).toBe("1月5日");
    expect(zh.title).toContain("淨推薦值");
    expect(zh.alt).toContain("1月5日");
    expect(JSON.stringify(trend("de-DE").spec.config)).toContain('"decimal":","');
  });

  it("programme: marks the start inside the weeks shown, none outside", () => {
    const inside = programme("en-GB", new Date(Date.UTC(2026, 1, 4)));
    expect(JSON.stringify(inside.spec)).toContain("Programme start");
    expect(inside.alt).toContain("programme start on 4 February 2026");
    const outside = programme("en-GB", new Date(Date.UTC(2025, 1, 4)));
    expect(JSON.stringify(outside.spec)).not.toContain("Programme start");
    expect(programme("en-GB", null).alt).toMatch(/programme \+\d+, comparison [+-]?\d+/);
  });

  it("root causes: the largest five in colour, the rest as Other, no cause named as such", () => {
    const c = causes("en-GB");
    const domain = (c.spec.encoding as { color: { scale: { domain: string[] } } }).color.scale.domain;
    expect(domain).toEqual(["punctuality", "price", "a", "b", "c", "Other"]);
    expect(c.alt).toContain("largest: punctuality");
  });
});

describe("rendered PNGs", () => {
  const cases: [string, () => ChartSpec][] = [
    ["trend en-GB", () => trend("en-GB")],
    ["trend zh-Hant-HK", () => trend("zh-Hant-HK")],
    ["programme", () => programme("en-GB", new Date(Date.UTC(2026, 1, 4)))],
    ["root causes", () => causes("es-ES")],
  ];
  for (const [name, build] of cases) {
    it(`${name}: decodes, at 2x within size bounds`, async () => {
      const out = await renderChart(build());
      const png = decodePng(out.png);
      expect(png).toMatchObject({ width: out.width, height: out.height });
      expect(png.width).toBeGreaterThanOrEqual(1100);
      expect(png.width).toBeLessThanOrEqual(1500);
      expect(png.height).toBeGreaterThanOrEqual(550);
      expect(png.height).toBeLessThanOrEqual(900);
      expect(out.png.length).toBeGreaterThan(15_000);
      expect(out.png.length).toBeLessThan(250_000);
    });
  }

  it("draws text with the shipped fonts: a chart with words has more ink than one without", async () => {
    // resvg skips text it has no font for; the same chart with an empty title and subtitle must be lighter.
    const c = trend("en-GB");
    const bare = { ...c, spec: { ...c.spec, title: { text: "", subtitle: [] } } };
    const [withText, without] = [await renderChart(c, { scale: 1 }), await renderChart(bare, { scale: 1 })];
    expect(withText.png.length).toBeGreaterThan(without.png.length + 1000);
    const zh = await renderChart(trend("zh-Hant-HK"), { scale: 1 });
    const zhBare = await renderChart({ ...bare, locale: "zh-Hant-HK" }, { scale: 1 });
    expect(zh.png.length).toBeGreaterThan(zhBare.png.length + 1000);
  });

  it("scale 1 gives a small image (Teams cards)", async () => {
    const out = await renderChart(trend("en-GB"), { scale: 1 });
    expect(decodePng(out.png).width).toBeLessThan(700);
  });
});
