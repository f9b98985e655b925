import { describe, expect, it } from "vitest";
import {
  businessMsBetween,
  dueDaily,
  dueWeekly,
  inBusinessHours,
  nextDaily,
  nextWeekly,
  parseBusinessHours,
  parseLocalTime,
  type WeeklySpec,
} from "../../src/core/schedule.js";

const MIN = 60_000;
const H = 60 * MIN;

/** Every 5-minute tick from `from` to `to`, the way the job scheduler calls. */
function ticks(from: string, to: string, stepMs = 5 * MIN): Date[] {
  const out: Date[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += stepMs) out.push(new Date(t));
  return out;
}

/** Runs the ticks and returns the (key -> first due instant) map, counting distinct keys. */
function fire(spec: WeeklySpec, at: Date[], graceMs = 6 * H): Map<string, Date> {
  const sent = new Map<string, Date>();
  for (const t of at) {
    const o = dueWeekly(spec, t, graceMs);
    if (o && !sent.has(o.key)) sent.set(o.key, t);
  }
  return sent;
}

describe("weekly slots across DST changes", () => {
  // EU switches on the last Sundays of March and October; the US on the second Sunday of March
  // and the first Sunday of November (it has no October switch).
  const cases: { zone: string; sunday: string; kind: string }[] = [
    { zone: "Europe/Madrid", sunday: "2026-03-29", kind: "spring forward (02:00 -> 03:00)" },
    { zone: "Europe/Madrid", sunday: "2026-10-25", kind: "fall back (03:00 -> 02:00)" },
    { zone: "America/New_York", sunday: "2026-03-08", kind: "spring forward (02:00 -> 03:00)" },
    { zone: "America/New_York", sunday: "2026-11-01", kind: "fall back (02:00 -> 01:00)" },
    { zone: "America/New_York", sunday: "2026-10-25", kind: "October Sunday, no change" },
  ];

  for (const c of cases) {
    describe(`${c.zone} ${c.sunday}: ${c.kind}`, () => {
      const from = new Date(Date.parse(`${c.sunday}T00:00:00Z`) - 1 * 24 * H).toISOString();
      const to = new Date(Date.parse(`${c.sunday}T00:00:00Z`) + 2 * 24 * H).toISOString();
      const all = ticks(from, to);

      for (const time of ["00:30", "01:30", "02:00", "02:30", "03:00", "09:00", "23:55"]) {
        it(`a Sunday ${time} slot fires exactly once, at or just after its local time`, () => {
          const sent = fire({ weekday: 7, time, timeZone: c.zone }, all);
          expect(sent.size).toBe(1);
          const [key, at] = [...sent][0]!;
          const local = new Intl.DateTimeFormat("en-GB", {
            timeZone: c.zone,
            weekday: "short",
            hour: "2-digit",
            minute: "2-digit",
            hourCycle: "h23",
          }).format(at);
          expect(local.startsWith("Sun")).toBe(true);
          const [hh, mm] = time.split(":").map(Number) as [number, number];
          const [lh, lm] = local.slice(-5).split(":").map(Number) as [number, number];
          // On time, or (inside a skipped hour) one hour later on the new clock; never earlier.
          const diff = lh * 60 + lm - (hh * 60 + mm);
          expect(diff).toBeGreaterThanOrEqual(0);
          expect(diff).toBeLessThanOrEqual(65);
          expect(key).toMatch(/^2026-W\d\d$/);
        });
      }

      it("a Monday 09:00 slot after the change fires once at 09:00 local", () => {
        const sent = fire({ weekday: 1, time: "09:00", timeZone: c.zone }, all);
        expect(sent.size).toBe(1);
        const at = [...sent.values()][0]!;
        const local = new Intl.DateTimeFormat("en-GB", {
          timeZone: c.zone,
          weekday: "short",
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23",
        }).format(at);
        expect(local).toBe("Mon 09:00");
      });
    });
  }

  it("picks the first of a repeated hour (Madrid 02:30 on 2026-10-25 is 00:30Z, not 01:30Z)", () => {
    const o = dueWeekly({ weekday: 7, time: "02:30", timeZone: "Europe/Madrid" }, new Date("2026-10-25T00:31:00Z"), H);
    expect(o?.at.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("resolves a skipped time to the instant after the gap (New York 02:30 on 2026-03-08)", () => {
    const o = nextWeekly({ weekday: 7, time: "02:30", timeZone: "America/New_York" }, new Date("2026-03-07T00:00:00Z"));
    expect(o.at.toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(o.local).toBe("2026-03-08 03:30 America/New_York");
  });
});

describe("grace and keys", () => {
  const spec: WeeklySpec = { weekday: 1, time: "09:00", timeZone: "Europe/Madrid" };
  it("is due from the slot until the grace ends, then not", () => {
    expect(dueWeekly(spec, new Date("2026-03-30T06:59:00Z"), 6 * H)).toBeNull();
    expect(dueWeekly(spec, new Date("2026-03-30T07:00:00Z"), 6 * H)?.key).toBe("2026-W14");
    expect(dueWeekly(spec, new Date("2026-03-30T12:59:00Z"), 6 * H)?.key).toBe("2026-W14");
    expect(dueWeekly(spec, new Date("2026-03-30T13:00:00Z"), 6 * H)).toBeNull();
  });

  it("keeps a late-Sunday slot's week when the grace crosses into Monday", () => {
    const sunday = { weekday: 7, time: "23:30", timeZone: "UTC" };
    expect(dueWeekly(sunday, new Date("2026-04-06T01:00:00Z"), 6 * H)?.key).toBe("2026-W14");
  });

  it("falls back to UTC for an unknown zone instead of failing the job", () => {
    expect(dueWeekly({ ...spec, timeZone: "Mars/Olympus" }, new Date("2026-03-30T09:01:00Z"), H)?.key).toBe("2026-W14");
  });

  it("rejects a malformed time with the field and an example", () => {
    expect(() => parseLocalTime("9am", "reminder time")).toThrow(
      /reminder time must be .*HH:MM such as 09:00, got "9am"/,
    );
  });
});

describe("daily slots", () => {
  const spec = { time: "08:30", timeZone: "America/New_York", weekdays: [1, 2, 3, 4, 5] };
  it("fires once per business day through the November change", () => {
    const keys = new Set<string>();
    for (const t of ticks("2026-10-29T00:00:00Z", "2026-11-05T00:00:00Z")) {
      const o = dueDaily(spec, t, 3 * H);
      if (o) keys.add(o.key);
    }
    expect([...keys]).toEqual(["2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04"]);
  });

  it("finds the next one after a weekend", () => {
    expect(nextDaily(spec, new Date("2026-10-31T12:00:00Z")).local).toBe("2026-11-02 08:30 America/New_York");
  });
});

describe("business hours", () => {
  const bh = parseBusinessHours("08:00-18:00");
  it("counts only weekday hours inside the window", () => {
    // Friday 16:00 to Monday 10:00 Madrid: 2 h on Friday + 2 h on Monday.
    const ms = businessMsBetween(
      new Date("2026-03-27T15:00:00Z"),
      new Date("2026-03-30T08:00:00Z"),
      bh,
      "Europe/Madrid",
    );
    expect(ms).toBe(4 * H);
  });

  it("knows whether an instant is inside", () => {
    expect(inBusinessHours(new Date("2026-03-30T06:30:00Z"), bh, "Europe/Madrid")).toBe(true);
    expect(inBusinessHours(new Date("2026-03-29T10:00:00Z"), bh, "Europe/Madrid")).toBe(false);
  });

  it("rejects an inverted window", () => {
    expect(() => parseBusinessHours("18:00-08:00")).toThrow(/must end after it starts/);
  });
});
