import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../src/core/errors.js";
import { parsePeriod, weekKey, weekStarts } from "../../src/core/periods.js";

const MADRID = "Europe/Madrid";
const iso = (d: Date) => d.toISOString();

describe("worked examples in Europe/Madrid", () => {
  // 12:00 local summer time (CEST, +02:00), two days after the spring-forward switch of 2026-03-29.
  const now = new Date("2026-03-31T10:00:00Z");

  it("30d: the last 30 local days; the previous 30 days are the same window a month of days earlier", () => {
    const p = parsePeriod("30d", MADRID, now);
    expect(p.label).toBe("last 30 days");
    expect(iso(p.from)).toBe("2026-03-01T23:00:00.000Z"); // 2026-03-02 00:00 CET
    expect(iso(p.to)).toBe("2026-03-31T10:00:00.000Z");
    expect(p.previous.label).toBe("previous 30 days");
    expect(iso(p.previous.from)).toBe("2026-01-30T23:00:00.000Z"); // 2026-01-31 00:00 CET
    expect(iso(p.previous.to)).toBe("2026-03-01T11:00:00.000Z"); // 2026-03-01 12:00 CET
  });

  it("7d across the spring-forward switch starts on a local midnight in winter time", () => {
    const p = parsePeriod("7d", MADRID, now);
    expect(iso(p.from)).toBe("2026-03-24T23:00:00.000Z"); // 2026-03-25 00:00 CET
    // 6 days and 12 hours of local time, one of which never existed: 155 h, not 156.
    expect((p.to.getTime() - p.from.getTime()) / 3_600_000).toBe(155);
  });

  it("quarter: this calendar quarter to date, compared with the same days of the previous quarter", () => {
    const p = parsePeriod("quarter", MADRID, now);
    expect(p.label).toBe("this quarter (Q1 2026, to date)");
    expect(iso(p.from)).toBe("2025-12-31T23:00:00.000Z");
    expect(iso(p.previous.from)).toBe("2025-09-30T22:00:00.000Z"); // 2025-10-01 00:00 CEST
    expect(iso(p.previous.to)).toBe("2025-12-31T11:00:00.000Z"); // 2025-12-31 12:00 CET
    expect(p.previous.label).toBe("same days of Q4 2025");
  });

  it("last-quarter: the whole previous quarter, ending on the local midnight that starts this one", () => {
    const p = parsePeriod("last-quarter", MADRID, new Date("2026-04-15T08:00:00Z"));
    expect(p.label).toBe("last quarter (Q1 2026)");
    expect(iso(p.from)).toBe("2025-12-31T23:00:00.000Z");
    expect(iso(p.to)).toBe("2026-03-31T22:00:00.000Z"); // 2026-04-01 00:00 CEST
    expect(p.previous.label).toBe("Q4 2025");
    expect(iso(p.previous.from)).toBe("2025-09-30T22:00:00.000Z");
    expect(iso(p.previous.to)).toBe("2025-12-31T23:00:00.000Z");
  });

  it("ytd: from the local new year, compared with the same days of last year", () => {
    const p = parsePeriod(" YTD ", MADRID, now);
    expect(p.spec).toBe("ytd");
    expect(p.label).toBe("year to date (2026)");
    expect(iso(p.from)).toBe("2025-12-31T23:00:00.000Z");
    expect(iso(p.previous.from)).toBe("2024-12-31T23:00:00.000Z");
    expect(iso(p.previous.to)).toBe("2025-03-31T10:00:00.000Z"); // 12:00 CEST a year before
  });

  it("explicit dates include both days; the previous period is the same number of days before", () => {
    const p = parsePeriod("2026-01-01..2026-03-31", MADRID, now);
    expect(p.label).toBe("2026-01-01 to 2026-03-31");
    expect(iso(p.from)).toBe("2025-12-31T23:00:00.000Z");
    expect(iso(p.to)).toBe("2026-03-31T22:00:00.000Z");
    expect(p.previous.label).toBe("2025-10-03 to 2025-12-31"); // 90 days
    expect(iso(p.previous.from)).toBe("2025-10-02T22:00:00.000Z");
    expect(iso(p.previous.to)).toBe("2025-12-31T23:00:00.000Z");
  });

  it("the fall-back day is 25 hours long", () => {
    const p = parsePeriod("2026-10-25..2026-10-25", MADRID, now);
    expect((p.to.getTime() - p.from.getTime()) / 3_600_000).toBe(25);
  });

  it("12w: aligned to Monday weeks", () => {
    const p = parsePeriod("12w", MADRID, now);
    expect(p.label).toBe("last 12 weeks");
    // 2026-03-30 is the Monday of this week; 11 weeks earlier is 2026-01-12.
    expect(iso(p.from)).toBe("2026-01-11T23:00:00.000Z");
    expect(iso(p.previous.from)).toBe("2025-10-19T22:00:00.000Z"); // 2025-10-20 00:00 CEST
  });

  it("where a DST switch skips midnight, the day starts at 01:00 (America/Santiago)", () => {
    const p = parsePeriod("2026-09-06..2026-09-06", "America/Santiago", now);
    expect(p.from.toISOString()).toBe("2026-09-06T04:00:00.000Z"); // 01:00 -03:00
    expect((p.to.getTime() - p.from.getTime()) / 3_600_000).toBe(23);
  });

  it("week starts are local Mondays across the switch", () => {
    const p = parsePeriod("2026-03-20..2026-04-05", MADRID, now);
    expect(weekStarts(p.from, p.to, MADRID).map((w) => [w.key, iso(w.start)])).toEqual([
      ["2026-03-16", "2026-03-15T23:00:00.000Z"],
      ["2026-03-23", "2026-03-22T23:00:00.000Z"],
      ["2026-03-30", "2026-03-29T22:00:00.000Z"],
    ]);
    // Sunday 23:30 UTC on 2026-03-29 is already Monday 01:30 in Madrid.
    expect(weekKey(new Date("2026-03-29T23:30:00Z"), MADRID)).toBe("2026-03-30");
    expect(weekKey(new Date("2026-03-29T21:30:00Z"), MADRID)).toBe("2026-03-23");
  });
});

describe("bad input", () => {
  const now = new Date("2026-03-31T10:00:00Z");
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isAppError(e) ? `${e.code}: ${e.userMessage}` : String(e);
    }
    return "no error";
  };

  it.each(["banana", "", "0d", "3661d", "30 days", "2026-01-01", "q5", "-7d"])(
    "%j is refused with the accepted forms",
    (spec) => {
      const msg = code(() => parsePeriod(spec, MADRID, now));
      expect(msg).toMatch(/^PERIOD_INVALID: period ".*" is not understood; use one of: 7d, 30d, 90d/);
      expect(msg).toContain("quarter");
      expect(msg).toContain("2026-01-01..2026-03-31");
    },
  );

  it("says what is wrong with explicit dates", () => {
    expect(code(() => parsePeriod("2026-02-30..2026-03-01", MADRID, now))).toMatch(/PERIOD_INVALID: .*does not exist/);
    expect(code(() => parsePeriod("2026-03-01..2026-02-01", MADRID, now))).toMatch(
      /PERIOD_INVALID: .*ends before it starts/,
    );
  });

  it("refuses an unknown time zone", () => {
    expect(code(() => parsePeriod("30d", "Mars/Olympus", now))).toMatch(
      /PERIOD_INVALID: unknown time zone "Mars\/Olympus"/,
    );
  });
});

describe("properties", () => {
  const zones = ["UTC", MADRID, "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Santiago"];
  const arbNow = fc.date({
    min: new Date("2000-01-01T00:00:00Z"),
    max: new Date("2099-12-31T00:00:00Z"),
    noInvalidDate: true,
  });
  const arbSpec = fc.oneof(
    fc.integer({ min: 1, max: 400 }).map((n) => `${n}d`),
    fc.integer({ min: 1, max: 60 }).map((n) => `${n}w`),
    fc.constantFrom("quarter", "last-quarter", "ytd", "last-year", "month", "last-month"),
  );
  // The first instant of a local day: midnight, or 01:00 where a DST switch skips midnight (Santiago).
  const isLocalMidnight = (d: Date, zone: string) => {
    const l = DateTime.fromJSDate(d, { zone });
    return l.startOf("day").toMillis() === l.toMillis();
  };

  it("periods start on a local midnight, end by now, and the previous period ends before this one starts", () => {
    fc.assert(
      fc.property(arbSpec, fc.constantFrom(...zones), arbNow, (spec, zone, now) => {
        const p = parsePeriod(spec, zone, now);
        expect(isLocalMidnight(p.from, zone)).toBe(true);
        expect(isLocalMidnight(p.previous.from, zone)).toBe(true);
        expect(p.from.getTime()).toBeLessThanOrEqual(p.to.getTime());
        expect(p.to.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(p.previous.from.getTime()).toBeLessThanOrEqual(p.previous.to.getTime());
        expect(p.previous.to.getTime()).toBeLessThanOrEqual(p.from.getTime());
      }),
    );
  });

  it("Nd and explicit periods: the previous period covers the same number of local days", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2090-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 0, max: 500 }),
        (zone, start, extra) => {
          const a = DateTime.fromJSDate(start, { zone }).toFormat("yyyy-MM-dd");
          const b = DateTime.fromJSDate(start, { zone }).plus({ days: extra }).toFormat("yyyy-MM-dd");
          const p = parsePeriod(`${a}..${b}`, zone, new Date("2099-01-01T00:00:00Z"));
          const days = (x: Date, y: Date) =>
            Math.round(DateTime.fromJSDate(y, { zone }).diff(DateTime.fromJSDate(x, { zone }), "days").days);
          expect(days(p.from, p.to)).toBe(extra + 1);
          expect(days(p.previous.from, p.previous.to)).toBe(extra + 1);
          expect(p.previous.to.getTime()).toBe(p.from.getTime());
        },
      ),
    );
  });

  it("week starts tile the period: consecutive local Mondays, the first holding `from`", () => {
    fc.assert(
      fc.property(arbSpec, fc.constantFrom(...zones), arbNow, (spec, zone, now) => {
        const p = parsePeriod(spec, zone, now);
        const weeks = weekStarts(p.from, p.to, zone);
        if (p.from.getTime() === p.to.getTime()) return;
        expect(weeks[0]!.key).toBe(weekKey(p.from, zone));
        expect(weeks.at(-1)!.key).toBe(weekKey(new Date(p.to.getTime() - 1), zone));
        for (const [i, w] of weeks.entries()) {
          const l = DateTime.fromJSDate(w.start, { zone });
          expect(l.weekday).toBe(1);
          expect(isLocalMidnight(w.start, zone)).toBe(true);
          if (i > 0) expect(l.diff(DateTime.fromJSDate(weeks[i - 1]!.start, { zone }), "days").days).toBe(7);
        }
      }),
    );
  });
});
