// Local-time slots for scheduled messages (pure). A job ticks every few minutes in UTC and asks,
// for each recipient, "is your slot due now?": a slot is due from its instant until a grace period
// later, and is keyed by its local week or day, so the caller's dedupe key makes it happen once.
// That is what keeps DST days honest: a skipped local time (spring forward) resolves to the
// instant just after the gap, a repeated one (fall back) to its first occurrence, and neither
// loses nor doubles a slot however the ticks fall.
import { DateTime } from "luxon";
import { AppError } from "./errors.js";

export interface WeeklySpec {
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Local wall time "HH:MM". */
  time: string;
  timeZone: string;
}

export interface DailySpec {
  time: string;
  timeZone: string;
  /** ISO weekdays on which the slot exists (default every day). */
  weekdays?: readonly number[];
}

export interface Occurrence {
  /** "2026-W14" for weekly slots, "2026-03-30" for daily ones (local calendar of the zone). */
  key: string;
  at: Date;
  /** The local wall time it stands for, e.g. "2026-03-30 09:00 Europe/Madrid". */
  local: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseLocalTime(time: string, field = "time"): { hour: number; minute: number } {
  const m = TIME.exec(time.trim());
  if (!m)
    throw new AppError("VALIDATION_FAILED", `${field} must be a 24-hour local time HH:MM such as 09:00, got "${time}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The zone if it is a valid IANA name, else UTC (a bad zone in the org data must not stop a job). */
export function safeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  let ok = validZones.get(timeZone);
  if (ok === undefined) {
    ok = DateTime.now().setZone(timeZone).isValid;
    validZones.set(timeZone, ok);
  }
  return ok ? timeZone : "UTC";
}
const validZones = new Map<string, boolean>();

/**
 * The instant a local wall time stands for on a local date. In a spring-forward gap, the instant
 * the clock would have shown it without the change (luxon's rule: 02:30 -> 03:30 summer time);
 * when a fall-back hour repeats, its first occurrence.
 */
export function localInstant(day: DateTime, hour: number, minute: number): DateTime {
  const zone = day.zone;
  let at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  for (const back of [60, 30]) {
    const earlier = at.minus({ minutes: back });
    if (earlier.hour === hour && earlier.minute === minute && earlier.day === at.day && earlier < at) at = earlier;
  }
  return at;
}

function describe(at: DateTime, zone: string): string {
  return `${at.setZone(zone).toFormat("yyyy-MM-dd HH:mm")} ${zone}`;
}

// Slot instants are pure functions of (zone, weekday, time, week): memoised, because a tick asks
// the same few questions for thousands of recipients and luxon's zone arithmetic is not cheap.
const memo = new Map<string, Occurrence>();
function memoised(key: string, make: () => Occurrence): Occurrence {
  let o = memo.get(key);
  if (!o) {
    if (memo.size > 50_000) memo.clear();
    o = make();
    memo.set(key, o);
  }
  return o;
}

function weeklyIn(spec: WeeklySpec, anyDayOfWeek: DateTime): Occurrence {
  const week = anyDayOfWeek.startOf("week");
  return memoised(`w|${spec.timeZone}|${spec.weekday}|${spec.time}|${week.toMillis()}`, () => weeklyAt(spec, week));
}

function weeklyAt(spec: WeeklySpec, week: DateTime): Occurrence {
  const { hour, minute } = parseLocalTime(spec.time, "reminder time");
  if (!Number.isInteger(spec.weekday) || spec.weekday < 1 || spec.weekday > 7) {
    throw new AppError("VALIDATION_FAILED", `weekday must be 1 (Monday) to 7 (Sunday), got ${spec.weekday}`);
  }
  const day = week.plus({ days: spec.weekday - 1 });
  const at = localInstant(day, hour, minute);
  return { key: day.toFormat("kkkk-'W'WW"), at: at.toJSDate(), local: describe(at, spec.timeZone) };
}

/** The weekly slot due at `at` (within `graceMs` after its instant), if any. */
export function dueWeekly(spec: WeeklySpec, at: Date, graceMs: number): Occurrence | null {
  const zone = safeZone(spec.timeZone);
  const local = DateTime.fromJSDate(at, { zone });
  const current = weeklyIn({ ...spec, timeZone: zone }, local);
  const since = at.getTime() - current.at.getTime();
  if (since >= 0) return since < graceMs ? current : null;
  // Last week's slot lies about 7 days earlier (give or take a DST hour): skip it when clearly out.
  const sinceLastWeek = since + WEEK_MS;
  if (sinceLastWeek < -2 * HOUR_MS || sinceLastWeek > graceMs + 2 * HOUR_MS) return null;
  const previous = weeklyIn({ ...spec, timeZone: zone }, local.minus({ weeks: 1 }));
  const sincePrevious = at.getTime() - previous.at.getTime();
  return sincePrevious >= 0 && sincePrevious < graceMs ? previous : null;
}

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** The first weekly slot strictly after `after`. */
export function nextWeekly(spec: WeeklySpec, after: Date): Occurrence {
  const zone = safeZone(spec.timeZone);
  const local = DateTime.fromJSDate(after, { zone });
  for (let w = 0; ; w++) {
    const o = weeklyIn({ ...spec, timeZone: zone }, local.plus({ weeks: w }));
    if (o.at.getTime() > after.getTime()) return o;
  }
}

function dailyOn(spec: DailySpec, day: DateTime): Occurrence | null {
  if (spec.weekdays && !spec.weekdays.includes(day.weekday)) return null;
  const start = day.startOf("day");
  return memoised(`d|${spec.timeZone}|${spec.time}|${start.toMillis()}`, () => {
    const { hour, minute } = parseLocalTime(spec.time);
    const at = localInstant(start, hour, minute);
    return { key: start.toFormat("yyyy-MM-dd"), at: at.toJSDate(), local: describe(at, spec.timeZone) };
  });
}

/** The daily slot due at `at` (within `graceMs` after its instant), if any. */
export function dueDaily(spec: DailySpec, at: Date, graceMs: number): Occurrence | null {
  const zone = safeZone(spec.timeZone);
  const local = DateTime.fromJSDate(at, { zone });
  for (const day of [local, local.minus({ days: 1 })]) {
    const o = dailyOn({ ...spec, timeZone: zone }, day);
    if (!o) continue;
    const since = at.getTime() - o.at.getTime();
    if (since >= 0 && since < graceMs) return o;
  }
  return null;
}

/** The first daily slot strictly after `after`. */
export function nextDaily(spec: DailySpec, after: Date): Occurrence {
  const zone = safeZone(spec.timeZone);
  const local = DateTime.fromJSDate(after, { zone });
  for (let d = 0; d < 8; d++) {
    const o = dailyOn({ ...spec, timeZone: zone }, local.plus({ days: d }));
    if (o && o.at.getTime() > after.getTime()) return o;
  }
  throw new AppError("VALIDATION_FAILED", "a daily slot needs at least one weekday");
}

/** The last daily slot strictly before `before` (the previous business day's, for weekday slots). */
export function previousDaily(spec: DailySpec, before: Date): Occurrence {
  const zone = safeZone(spec.timeZone);
  const local = DateTime.fromJSDate(before, { zone });
  for (let d = 0; d < 8; d++) {
    const o = dailyOn({ ...spec, timeZone: zone }, local.minus({ days: d }));
    if (o && o.at.getTime() < before.getTime()) return o;
  }
  throw new AppError("VALIDATION_FAILED", "a daily slot needs at least one weekday");
}

/** The end of the local day holding `at` (next local midnight). */
export function endOfLocalDay(at: Date, timeZone: string): Date {
  return DateTime.fromJSDate(at, { zone: safeZone(timeZone) })
    .startOf("day")
    .plus({ days: 1 })
    .toJSDate();
}

/** The local calendar week [Monday 00:00, next Monday 00:00) before the one holding `at`. */
export function previousLocalWeek(at: Date, timeZone: string): { from: Date; to: Date; key: string } {
  const thisWeek = DateTime.fromJSDate(at, { zone: safeZone(timeZone) }).startOf("week");
  const last = thisWeek.minus({ weeks: 1 });
  return { from: last.toJSDate(), to: thisWeek.toJSDate(), key: last.toFormat("kkkk-'W'WW") };
}

/** Whole local weeks ending before the week of `at`: [Monday `weeks` weeks ago, this Monday). */
export function lastWholeWeeks(at: Date, timeZone: string, weeks: number): { from: Date; to: Date } {
  const thisWeek = DateTime.fromJSDate(at, { zone: safeZone(timeZone) }).startOf("week");
  return { from: thisWeek.minus({ weeks }).toJSDate(), to: thisWeek.toJSDate() };
}

export interface BusinessHours {
  /** Minutes after local midnight. */
  start: number;
  end: number;
  /** ISO weekdays counted as business days. */
  weekdays: readonly number[];
}

/** "08:00-18:00" (Monday to Friday). */
export function parseBusinessHours(spec: string): BusinessHours {
  const [a = "", b = ""] = spec.split("-");
  const s = parseLocalTime(a, "BUSINESS_HOURS start");
  const e = parseLocalTime(b, "BUSINESS_HOURS end");
  const start = s.hour * 60 + s.minute;
  const end = e.hour * 60 + e.minute;
  if (end <= start) {
    throw new AppError("VALIDATION_FAILED", `BUSINESS_HOURS must end after it starts (HH:MM-HH:MM), got "${spec}"`);
  }
  return { start, end, weekdays: [1, 2, 3, 4, 5] };
}

/** Cases older than this are counted from this far back: enough for any escalation level. */
const MAX_BUSINESS_SPAN_DAYS = 400;

/** Milliseconds of business time between two instants in a zone (0 when `to` <= `from`). */
export function businessMsBetween(from: Date, to: Date, hours: BusinessHours, timeZone: string): number {
  if (to <= from) return 0;
  const zone = safeZone(timeZone);
  const start = Math.max(from.getTime(), to.getTime() - MAX_BUSINESS_SPAN_DAYS * 86_400_000);
  let day = DateTime.fromMillis(start, { zone }).startOf("day");
  const end = DateTime.fromJSDate(to, { zone });
  let total = 0;
  while (day <= end) {
    if (hours.weekdays.includes(day.weekday)) {
      const open = localInstant(day, Math.floor(hours.start / 60), hours.start % 60).toMillis();
      const close = localInstant(day, Math.floor(hours.end / 60), hours.end % 60).toMillis();
      total += Math.max(0, Math.min(close, to.getTime()) - Math.max(open, start));
    }
    day = day.plus({ days: 1 });
  }
  return total;
}

/** True when `at` falls inside business hours in the zone. */
export function inBusinessHours(at: Date, hours: BusinessHours, timeZone: string): boolean {
  const local = DateTime.fromJSDate(at, { zone: safeZone(timeZone) });
  const minutes = local.hour * 60 + local.minute;
  return hours.weekdays.includes(local.weekday) && minutes >= hours.start && minutes < hours.end;
}
