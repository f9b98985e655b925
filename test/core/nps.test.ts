import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildTrend,
  compareNps,
  countScores,
  marginOfError,
  type NpsCounts,
  npsOf,
  SPARK_BARS,
  SPARK_GAP,
  sparkline,
  summarize,
  totalOf,
  varianceOf,
} from "../../src/core/nps.js";

const counts = (promoters: number, passives: number, detractors: number): NpsCounts => ({
  promoters,
  passives,
  detractors,
});

const arbCounts = fc
  .record({ promoters: fc.nat(5000), passives: fc.nat(5000), detractors: fc.nat(5000) })
  .filter((c) => totalOf(c) > 0);

describe("worked examples", () => {
  it("50 promoters, 30 passives, 20 detractors: NPS 30, MoE 15.31", () => {
    const c = counts(50, 30, 20);
    expect(npsOf(c)).toBeCloseTo(30, 10);
    // var = 0.5 + 0.2 - (0.5 - 0.2)^2 = 0.61; MoE = 1.96 * sqrt(0.61 / 100) * 100 = 15.3081
    expect(varianceOf(c)).toBeCloseTo(0.61, 12);
    expect(marginOfError(c)).toBeCloseTo(15.3081, 4);
    expect(summarize(c, 10)).toEqual({
      n: 100,
      enoughData: true,
      nps: expect.closeTo(30, 10),
      promotersPct: 50,
      passivesPct: 30,
      detractorsPct: 20,
      marginOfError: expect.closeTo(15.3081, 4),
    });
  });

  it("counts scores by the 9-10 / 7-8 / 0-6 rule", () => {
    expect(countScores([10, 9, 8, 7, 6, 0, 5])).toEqual(counts(2, 2, 3));
    expect(() => countScores([11])).toThrow(/score must be an integer 0-10, got 11/);
    expect(() => countScores([7.5])).toThrow(/VALIDATION_FAILED/);
  });

  it("all promoters: NPS 100 with no margin; all detractors: -100", () => {
    expect(npsOf(counts(40, 0, 0))).toBe(100);
    expect(marginOfError(counts(40, 0, 0))).toBe(0);
    expect(npsOf(counts(0, 0, 12))).toBe(-100);
    expect(marginOfError(counts(0, 0, 12))).toBe(0);
  });

  it("no responses: no number at all", () => {
    expect(npsOf(counts(0, 0, 0))).toBeNull();
    expect(marginOfError(counts(0, 0, 0))).toBeNull();
    expect(summarize(counts(0, 0, 0)).enoughData).toBe(false);
  });

  it("under the minimum sample: too few responses, no numbers", () => {
    expect(summarize(counts(5, 2, 2), 10)).toEqual({
      n: 9,
      enoughData: false,
      nps: null,
      promotersPct: null,
      passivesPct: null,
      detractorsPct: null,
      marginOfError: null,
    });
    expect(summarize(counts(5, 3, 2), 10).enoughData).toBe(true);
  });

  it("a rise from -10 to 30 on 100 answers each is significant (z = 3.51)", () => {
    // previous 30/30/40: var 0.69; se = sqrt(0.61/100 + 0.69/100) = 0.11402; z = 0.4 / se
    const r = compareNps(counts(50, 30, 20), counts(30, 30, 40));
    expect(r.delta).toBeCloseTo(40, 10);
    expect(r.z).toBeCloseTo(3.5082, 3);
    expect(r.significant).toBe(true);
  });

  it("a rise from 20 to 30 on 100 answers each is not significant (z = 0.89)", () => {
    const r = compareNps(counts(50, 30, 20), counts(45, 30, 25));
    expect(r.delta).toBeCloseTo(10, 10);
    expect(r.z).toBeCloseTo(0.8874, 3);
    expect(r.significant).toBe(false);
  });

  it("claims nothing when either period is under the minimum sample", () => {
    expect(compareNps(counts(9, 0, 0), counts(0, 0, 50), 10)).toEqual({ delta: null, z: null, significant: false });
  });

  it("unanimous periods that differ are significantly different", () => {
    expect(compareNps(counts(20, 0, 0), counts(0, 0, 20))).toEqual({ delta: 200, z: null, significant: true });
    expect(compareNps(counts(20, 0, 0), counts(30, 0, 0)).significant).toBe(false);
  });

  it("sparkline: bars scaled to the series, dots for thin weeks", () => {
    expect(sparkline([-20, 0, null, 40])).toBe("▁▃·█");
    expect(sparkline([null, null])).toBe("··");
    expect(sparkline([])).toBe("");
    // A flat series sits in the middle rather than at the floor.
    expect(sparkline([30, 30, 30])).toBe("▅▅▅");
  });

  it("trend: one point per week, thin weeks without an NPS", () => {
    const weeks = [
      { key: "2026-03-02", start: new Date("2026-03-01T23:00:00Z") },
      { key: "2026-03-09", start: new Date("2026-03-08T23:00:00Z") },
      { key: "2026-03-16", start: new Date("2026-03-15T23:00:00Z") },
    ];
    const byWeek = new Map([
      ["2026-03-02", counts(6, 2, 2)],
      ["2026-03-16", counts(1, 1, 1)],
    ]);
    expect(buildTrend(weeks, byWeek, 10)).toEqual([
      { weekStart: weeks[0]!.start, n: 10, nps: 40 },
      { weekStart: weeks[1]!.start, n: 0, nps: null },
      { weekStart: weeks[2]!.start, n: 3, nps: null },
    ]);
  });
});

describe("properties", () => {
  it("NPS lies in [-100, 100] and equals %P - %D", () => {
    fc.assert(
      fc.property(arbCounts, (c) => {
        const nps = npsOf(c)!;
        const s = summarize(c, 1);
        expect(nps).toBeGreaterThanOrEqual(-100);
        expect(nps).toBeLessThanOrEqual(100);
        expect(nps).toBeCloseTo(s.promotersPct! - s.detractorsPct!, 9);
        expect(s.promotersPct! + s.passivesPct! + s.detractorsPct!).toBeCloseTo(100, 9);
      }),
    );
  });

  it("the margin of error is between 0 and 196/sqrt(n) (the variance is at most 1)", () => {
    fc.assert(
      fc.property(arbCounts, (c) => {
        const moe = marginOfError(c)!;
        expect(moe).toBeGreaterThanOrEqual(0);
        expect(moe).toBeLessThanOrEqual(196 / Math.sqrt(totalOf(c)) + 1e-9);
      }),
    );
  });

  it("the margin of error shrinks as n grows with the same mix", () => {
    fc.assert(
      fc.property(arbCounts, fc.integer({ min: 2, max: 50 }), (c, k) => {
        const bigger = counts(c.promoters * k, c.passives * k, c.detractors * k);
        const small = marginOfError(c)!;
        const big = marginOfError(bigger)!;
        expect(big).toBeCloseTo(small / Math.sqrt(k), 9);
        if (small > 0) expect(big).toBeLessThan(small);
      }),
    );
  });

  it("a unanimous sample has no margin of error", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(0, 1, 2), (n, which) => {
        const c = counts(which === 0 ? n : 0, which === 1 ? n : 0, which === 2 ? n : 0);
        expect(marginOfError(c)).toBe(0);
      }),
    );
  });

  it("countScores agrees with npsOf on raw scores", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 }), (scores) => {
        const c = countScores(scores);
        expect(totalOf(c)).toBe(scores.length);
        const direct =
          ((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) / scores.length) * 100;
        expect(npsOf(c)).toBeCloseTo(direct, 9);
      }),
    );
  });

  it("the minimum-sample rule hides numbers exactly when n < minSample", () => {
    fc.assert(
      fc.property(arbCounts, fc.integer({ min: 1, max: 20_000 }), (c, min) => {
        const s = summarize(c, min);
        expect(s.enoughData).toBe(totalOf(c) >= min);
        expect(s.nps === null).toBe(!s.enoughData);
        expect(s.marginOfError === null).toBe(!s.enoughData);
      }),
    );
  });

  it("comparison is antisymmetric and a period never differs from itself", () => {
    fc.assert(
      fc.property(arbCounts, arbCounts, (a, b) => {
        const ab = compareNps(a, b, 1);
        const ba = compareNps(b, a, 1);
        expect(ab.significant).toBe(ba.significant);
        expect(ab.delta! + ba.delta!).toBeCloseTo(0, 9);
        expect(compareNps(a, a, 1)).toMatchObject({ delta: 0, significant: false });
      }),
    );
  });

  it("sparkline: one glyph per week, gaps exactly at nulls, higher NPS never a lower bar", () => {
    const arbValue = fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(fc.array(arbValue, { maxLength: 60 }), (values) => {
        const glyphs = [...sparkline(values)];
        expect(glyphs).toHaveLength(values.length);
        values.forEach((v, i) => {
          expect(glyphs[i] === SPARK_GAP).toBe(v === null);
        });
        const level = (g: string) => SPARK_BARS.indexOf(g as (typeof SPARK_BARS)[number]);
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            const vi = values[i];
            const vj = values[j];
            if (vi != null && vj != null && vi > vj)
              expect(level(glyphs[i]!)).toBeGreaterThanOrEqual(level(glyphs[j]!));
          }
        }
      }),
    );
  });
});
