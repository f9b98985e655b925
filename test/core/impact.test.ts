// The difference in differences worked out by hand, then the properties any such estimate must have.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coachingEffect } from "../../src/core/coaching-effect.js";
import {
  diffInDiff,
  effectLine,
  estimateOf,
  type GroupCounts,
  type NpsEstimate,
  planWindows,
  relativeFigure,
} from "../../src/core/impact.js";
import type { NpsCounts } from "../../src/core/nps.js";

const c = (promoters: number, passives: number, detractors: number): NpsCounts => ({ promoters, passives, detractors });
const times = (x: NpsCounts, k: number): NpsCounts => c(x.promoters * k, x.passives * k, x.detractors * k);

/*
 * Worked example (NPS in points; variance of an estimate = 100² · (p + d − (p − d)²) / n):
 *
 *   cell                 P   pass  D   n   NPS   p     d     p+d−(p−d)²   variance
 *   programme before     8    6    6   20   10   0.40  0.30  0.69         345
 *   programme after     12    4    4   20   40   0.60  0.20  0.64         320
 *   comparison before   10    8    7   25   12   0.40  0.28  0.6656       266.24
 *   comparison after    11    7    7   25   16   0.44  0.28  0.6944       277.76
 *
 *   programme change  = 40 − 10 = +30;  comparison change = 16 − 12 = +4
 *   DiD               = 30 − 4 = 26 points
 *   SE                = √(345 + 320 + 266.24 + 277.76) = √1209 = 34.7707
 *   95% interval      = 26 ± 1.96 · 34.7707 = 26 ± 68.1506 = −42.15 to +94.15 → not significant
 *
 * Ten times the answers in the same proportions: every variance / 10, SE = √120.9 = 10.9955,
 *   26 ± 21.5512 = +4.45 to +47.55 → significant.
 */
const programme: GroupCounts = { before: c(8, 6, 6), after: c(12, 4, 4) };
const comparison: GroupCounts = { before: c(10, 8, 7), after: c(11, 7, 7) };

describe("difference in differences, by hand", () => {
  it("gives each estimate the variance core/nps computes", () => {
    expect(estimateOf(programme.before)).toEqual({ n: 20, nps: 10, variance: expect.closeTo(345, 9) });
    expect(estimateOf(programme.after)!.variance).toBeCloseTo(320, 9);
    expect(estimateOf(comparison.before)!.variance).toBeCloseTo(266.24, 9);
    expect(estimateOf(comparison.after)!.variance).toBeCloseTo(277.76, 9);
  });

  it("computes the changes, the DiD and its interval from the table", () => {
    const l = effectLine(programme, comparison, 10);
    expect(l.programme.change).toBeCloseTo(30, 9);
    expect(l.comparison.change).toBeCloseTo(4, 9);
    expect(l.effect!.did).toBeCloseTo(26, 9);
    expect(l.effect!.se).toBeCloseTo(Math.sqrt(1209), 9);
    expect(l.effect!.low).toBeCloseTo(-42.1506, 3);
    expect(l.effect!.high).toBeCloseTo(94.1506, 3);
    expect(l.effect!.significant).toBe(false);
    expect(l.counts).toEqual({ programme, comparison });
  });

  it("is significant with ten times the answers in the same proportions", () => {
    const big = (g: GroupCounts) => ({ before: times(g.before, 10), after: times(g.after, 10) });
    const e = effectLine(big(programme), big(comparison), 10).effect!;
    expect(e.did).toBeCloseTo(26, 9);
    expect(e.low).toBeCloseTo(4.4488, 3);
    expect(e.high).toBeCloseTo(47.5512, 3);
    expect(e.significant).toBe(true);
  });

  it("applies the minimum sample to each of the four cells", () => {
    const l = effectLine(programme, comparison, 21);
    expect(l.tooFew).toBe(true);
    expect(l.effect).toBeNull();
    expect(l.programme.before).toEqual({ n: 20, nps: null });
    expect(l.comparison.after).toEqual({ n: 25, nps: 16 });
  });

  it("gives the programme's relative figure and warns when the comparison NPS is near zero", () => {
    // (40 − 16) / 16 = 150%; the comparison's margin 1.96 · √277.76 = 32.7 > 16: its interval includes 0.
    expect(relativeFigure(programme.after, comparison.after, 10)).toEqual({
      programmeNps: 40,
      comparisonNps: 16,
      percent: 150,
      nearZero: true,
    });
    expect(relativeFigure(times(programme.after, 10), times(comparison.after, 10), 10)!.nearZero).toBe(false);
    expect(relativeFigure(c(30, 0, 0), c(10, 10, 10), 10)).toMatchObject({ comparisonNps: 0, percent: null });
  });
});

describe("programme windows", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  it("takes equal windows either side, cut to what has happened since the start", () => {
    const { windows, notMeasured } = planWindows(
      [
        { id: 1, area: "North", programmeStart: "2026-03-01", programmeEnd: null },
        { id: 2, area: "North", programmeStart: "2026-11-10", programmeEnd: null },
        { id: 3, area: "North", programmeStart: "2026-05-01", programmeEnd: "2026-05-31" },
        { id: 4, area: null, programmeStart: "2026-03-01", programmeEnd: null },
        { id: 5, area: "North", programmeStart: "2026-12-01", programmeEnd: null },
      ],
      now,
      90,
    );
    expect(
      windows.map((w) => [
        w.companyId,
        w.beforeFrom.toISOString().slice(0, 10),
        w.afterTo.toISOString().slice(0, 10),
        w.days,
      ]),
    ).toEqual([
      [1, "2025-12-01", "2026-05-30", 90],
      [2, "2026-10-20", "2026-11-30", 20.5],
      [3, "2026-04-01", "2026-05-31", 30],
    ]);
    expect(notMeasured).toEqual([
      { companyId: 4, reason: "no_area" },
      { companyId: 5, reason: "not_started" },
    ]);
  });
});

// Properties (fast-check, already a dev dependency: it finds the counter-example and shrinks it,
// which hand-picked cases would not).
const counts = fc.record({
  promoters: fc.integer({ min: 1, max: 400 }),
  passives: fc.integer({ min: 0, max: 400 }),
  detractors: fc.integer({ min: 1, max: 400 }),
});
const group = fc.record({ before: counts, after: counts });
const estimate = fc.record({
  n: fc.integer({ min: 1, max: 10_000 }),
  nps: fc.integer({ min: -100, max: 100 }),
  variance: fc.integer({ min: 1, max: 10_000 }),
});
const shift = (e: NpsEstimate, d: number): NpsEstimate => ({ ...e, nps: e.nps + d });

describe("difference in differences, properties", () => {
  it("swapping the groups flips the sign and keeps the interval's width", () => {
    fc.assert(
      fc.property(group, group, (p, q) => {
        const a = effectLine(p, q, 1).effect!;
        const b = effectLine(q, p, 1).effect!;
        expect(b.did).toBeCloseTo(-a.did, 9);
        expect(b.high - b.low).toBeCloseTo(a.high - a.low, 9);
        expect(b.significant).toBe(a.significant);
      }),
    );
  });

  it("adding the same shift to both groups changes nothing", () => {
    fc.assert(
      fc.property(
        fc.tuple(estimate, estimate, estimate, estimate),
        fc.integer({ min: -50, max: 50 }),
        fc.integer({ min: -50, max: 50 }),
        ([pb, pa, cb, ca], after, level) => {
          const base = diffInDiff({ before: pb, after: pa }, { before: cb, after: ca });
          // The same change over time in both groups, and a fixed level per group, change nothing.
          const moved = diffInDiff(
            { before: shift(pb, level), after: shift(pa, level + after) },
            { before: cb, after: shift(ca, after) },
          );
          expect(moved.did).toBeCloseTo(base.did, 6);
          expect(moved.se).toBe(base.se);
          expect(moved.significant).toBe(base.significant);
        },
      ),
    );
  });

  it("more data on the same proportions never widens the interval", () => {
    fc.assert(
      fc.property(group, group, fc.integer({ min: 2, max: 20 }), (p, q, k) => {
        const scale = (g: GroupCounts) => ({ before: times(g.before, k), after: times(g.after, k) });
        const small = effectLine(p, q, 1).effect!;
        const large = effectLine(scale(p), scale(q), 1).effect!;
        expect(large.did).toBeCloseTo(small.did, 9);
        expect(large.high - large.low).toBeLessThanOrEqual(small.high - small.low + 1e-9);
      }),
    );
  });
});

describe("coaching effect", () => {
  it("pools sessions overall and by topic (case and spacing do not split a topic)", () => {
    const s = (id: number, staffId: number, topic: string) => ({
      sessionId: id,
      staffId,
      teamId: 1,
      topic,
      doneAt: new Date("2026-10-01T00:00:00Z"),
      days: 28,
      coached: programme,
      control: comparison,
      controlStaff: 3,
    });
    const e = coachingEffect([s(1, 7, "Calling ahead"), s(2, 8, "calling  ahead"), s(3, 7, "Explaining the bill")], {
      minSample: 10,
    });
    expect(e.overall).toMatchObject({ sessions: 3, people: 2 });
    // Three sessions of the worked example pooled: the same proportions, three times the answers.
    expect(e.overall.line.effect!.did).toBeCloseTo(26, 9);
    expect(e.overall.line.effect!.se).toBeCloseTo(Math.sqrt(1209 / 3), 9);
    expect(e.byTopic.map((t) => [t.label, t.sessions, t.people])).toEqual([
      ["Calling ahead", 2, 2],
      ["Explaining the bill", 1, 1],
    ]);
  });
});
