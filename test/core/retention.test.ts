// Retention statistics with worked examples computed by hand, and properties that must hold for any
// counts (fast-check, already a dev dependency of the project).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fisherExact, wilsonInterval, Z95 } from "../../src/core/proportions.js";
import { buildRetentionReport, compareRates, dropOutRate, type RetentionCountRow } from "../../src/core/retention.js";
import { parseRetentionWords } from "../../src/core/retention-ask.js";
import { buildRetentionCard } from "../../src/core/retention-card.js";

describe("Wilson 95% interval, worked by hand", () => {
  // z = 1.959964, z² = 3.841459.
  it("5 of 10", () => {
    // p = 0.5; z²/n = 0.384146, so the denominator is 1.384146.
    // centre = (0.5 + z²/2n) / 1.384146 = (0.5 + 0.192073) / 1.384146 = 0.5
    // half   = z·√(p(1-p)/n + z²/4n²) / 1.384146 = 1.959964·√(0.025 + 0.009604) / 1.384146
    //        = 1.959964 · 0.186021 / 1.384146 = 0.263408
    const ci = wilsonInterval(5, 10);
    expect(ci.low).toBeCloseTo(0.5 - 0.263408, 5);
    expect(ci.high).toBeCloseTo(0.5 + 0.263408, 5);
  });

  it("0 of 10: the interval starts at 0 and does not collapse to a point", () => {
    // centre = (0 + 0.192073) / 1.384146 = 0.138766; half = 1.959964·√0.009604 / 1.384146 = 0.138766
    const ci = wilsonInterval(0, 10);
    expect(ci.low).toBe(0);
    expect(ci.high).toBeCloseTo(0.277532, 5);
  });

  it("5 of 14 (the programme company of the integration tests)", () => {
    // p = 0.357143; z²/n = 0.274390; denominator 1.274390
    // centre = (0.357143 + 0.137195) / 1.274390 = 0.387899
    // half = 1.959964·√(0.357143·0.642857/14 + 3.841459/784) / 1.274390
    //      = 1.959964·√(0.016399 + 0.004900) / 1.274390 = 1.959964·0.145941 / 1.274390 = 0.224452
    const ci = wilsonInterval(5, 14);
    expect(ci.low).toBeCloseTo(0.163447, 4);
    expect(ci.high).toBeCloseTo(0.612351, 4);
  });

  it("refuses counts that are not a proportion", () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
    expect(Z95).toBeCloseTo(1.959964, 6);
  });
});

describe("Fisher's exact test, worked by hand", () => {
  it("[[1, 3], [3, 1]]: margins 4/4 of 8", () => {
    // P(a = x) = C(4,x)·C(4,4-x) / C(8,4) = C(4,x)² / 70: 1, 16, 36, 16, 1 (/70).
    // Observed a = 1 (16/70); at most as likely: x = 0, 1, 3, 4, so p = 34/70 = 0.485714.
    expect(fisherExact({ a: 1, b: 3, c: 3, d: 1 })).toBeCloseTo(34 / 70, 12);
  });

  it("[[0, 5], [5, 0]]: the two extreme tables only", () => {
    // P(a = x) = C(5,x)² / C(10,5) = C(5,x)² / 252; x = 0 and x = 5 are 1/252 each: p = 2/252.
    expect(fisherExact({ a: 0, b: 5, c: 5, d: 0 })).toBeCloseTo(2 / 252, 12);
  });

  it("[[2, 1], [0, 3]]: one-sided tables only", () => {
    // Margins: row 3/3, column 2/4, n = 6. P(a = x) = C(3,x)·C(3,2-x) / C(6,2) = (3, 9, 3)/15 for x = 0, 1, 2.
    // Observed a = 2 (3/15); as likely or less: x = 0 and 2, p = 6/15 = 0.4.
    expect(fisherExact({ a: 2, b: 1, c: 0, d: 3 })).toBeCloseTo(0.4, 12);
  });

  it("the README's example: 1 of 10 closed-loop detractors dropped out, 6 of 10 others", () => {
    // Wilson 1/10: centre = (0.1 + 0.192073) / 1.384146 = 0.211013,
    //   half = 1.959964·√(0.009 + 0.009604) / 1.384146 = 0.193138 -> 1.8% to 40.4%.
    // Wilson 6/10: centre = (0.6 + 0.192073) / 1.384146 = 0.572247,
    //   half = 1.959964·√(0.024 + 0.009604) / 1.384146 = 0.259576 -> 31.3% to 83.2%.
    expect(wilsonInterval(1, 10).low).toBeCloseTo(0.017875, 4);
    expect(wilsonInterval(1, 10).high).toBeCloseTo(0.404151, 4);
    expect(wilsonInterval(6, 10).low).toBeCloseTo(0.312671, 4);
    expect(wilsonInterval(6, 10).high).toBeCloseTo(0.831823, 4);
    // Fisher: margins 10/10 and 7/13 of 20. C(10,x)·C(10,7-x) for x = 0..7: 120, 2100, 11340, 25200,
    // 25200, 11340, 2100, 120 (sum C(20,7) = 77520). Observed x = 1 (2100); as likely or less:
    // x = 0, 1, 6, 7, so p = 4440 / 77520 = 0.0573: not significant at 5%, despite 10% against 60%.
    const p = fisherExact({ a: 1, b: 9, c: 6, d: 4 });
    expect(p).toBeCloseTo(4440 / 77520, 12);
    expect(compareRates(dropOutRate(1, 10, 10), dropOutRate(6, 10, 10), 10).significant).toBe(false);
  });

  it("a table with a fixed margin has p = 1", () => {
    expect(fisherExact({ a: 0, b: 4, c: 0, d: 6 })).toBe(1);
  });
});

describe("properties", () => {
  it("more data never widens an interval on the same proportion", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 2, max: 20 }),
        (n, k0, m) => {
          const k = k0 % (n + 1);
          const small = wilsonInterval(k, n);
          const big = wilsonInterval(k * m, n * m);
          expect(big.high - big.low).toBeLessThanOrEqual(small.high - small.low + 1e-12);
        },
      ),
    );
  });

  it("an interval always holds its proportion and stays in [0, 1]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (n, k0) => {
        const k = k0 % (n + 1);
        const ci = wilsonInterval(k, n);
        expect(ci.low).toBeGreaterThanOrEqual(0);
        expect(ci.high).toBeLessThanOrEqual(1);
        expect(ci.low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(ci.high).toBeGreaterThanOrEqual(k / n - 1e-12);
      }),
    );
  });

  it("swapping the groups flips the difference and keeps the p-value", () => {
    const counts = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(counts, counts, ([n1, k1], [n2, k2]) => {
        const a = dropOutRate(k1 % (n1 + 1), n1, 1);
        const b = dropOutRate(k2 % (n2 + 1), n2, 1);
        const ab = compareRates(a, b, 1);
        const ba = compareRates(b, a, 1);
        expect(ba.pValue).toBeCloseTo(ab.pValue!, 9);
        expect(ba.differencePoints).toBeCloseTo(-ab.differencePoints!, 9);
        expect(ab.pValue).toBeGreaterThan(0);
        expect(ab.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("the report from counts", () => {
  const row = (r: Partial<RetentionCountRow>): RetentionCountRow => ({
    yearBefore: false,
    inProgramme: true,
    category: "promoter",
    loop: null,
    customers: 0,
    droppedOut: 0,
    incomplete: 0,
    ...r,
  });
  const input = (rows: RetentionCountRow[], minSample = 4) => ({
    scope: { kind: "team" as const, slug: "prog-a", name: "Prog A" },
    period: { label: "last-quarter", from: new Date("2026-07-01Z"), to: new Date("2026-10-01Z"), timeZone: "UTC" },
    yearBefore: { from: new Date("2025-07-01Z"), to: new Date("2025-10-01Z") },
    withinDays: 30,
    horizon: new Date("2026-11-20Z"),
    minSample,
    rows,
    companies: [{ inProgramme: true, count: 1 }],
  });

  it("shows counts without a rate under the minimum sample, and tests nothing", () => {
    const r = buildRetentionReport(
      input([
        row({ category: "detractor", loop: "closed", customers: 3, droppedOut: 1 }),
        row({ category: "detractor", loop: "unclaimed", customers: 2, droppedOut: 2 }),
      ]),
    );
    expect(r.detractorLoop.closed).toEqual({ customers: 3, droppedOut: 1, rate: null, low: null, high: null });
    expect(r.detractorLoop.test).toMatchObject({ pValue: null, significant: false });
    const text = buildRetentionCard(r).fallback;
    expect(text).toContain("1 of 3 customers (too few for a rate; 4 needed)");
    expect(text).toContain("not tested (each side needs 4 customers)");
  });

  it("words a significant difference and the year before", () => {
    const r = buildRetentionReport(
      input([
        row({ category: "detractor", loop: "closed", customers: 5, droppedOut: 0 }),
        row({ category: "detractor", loop: "unclaimed", customers: 5, droppedOut: 5 }),
        row({ yearBefore: true, customers: 10, droppedOut: 5 }),
      ]),
    );
    expect(r.detractorLoop.test.pValue).toBeCloseTo(2 / 252, 12);
    const text = buildRetentionCard(r).fallback;
    expect(text).toContain("Closed loop (contacted and resolved): 0% (95% CI 0% to 43%) · 0 of 5 customers");
    expect(text).toContain("-100 points, p = 0.008 (Fisher's exact test): a real difference");
    expect(text).toContain("Programme companies: 1 company: now 50%");
  });
});

describe("parsing `retention ...`", () => {
  it("reads team, company, area (with spaces) and a trailing period", () => {
    expect(parseRetentionWords([])).toEqual({ ok: true, ask: { by: "default" }, period: null });
    expect(parseRetentionWords(["90d"])).toEqual({ ok: true, ask: { by: "default" }, period: "90d" });
    expect(parseRetentionWords(["Prog-A", "last-quarter"])).toEqual({
      ok: true,
      ask: { by: "slug", slug: "prog-a", as: null },
      period: "last-quarter",
    });
    expect(parseRetentionWords(["company", "prog"])).toEqual({
      ok: true,
      ask: { by: "slug", slug: "prog", as: "company" },
      period: null,
    });
    expect(parseRetentionWords(["area", "North", "West", "ytd"])).toEqual({
      ok: true,
      ask: { by: "area", area: "North West" },
      period: "ytd",
    });
    expect(parseRetentionWords(["a", "b", "c"])).toMatchObject({ ok: false });
  });
});
