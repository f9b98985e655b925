// Report periods ("30d", "quarter", "2026-01-01..2026-03-31", ...) resolved in a time zone, each with
// the previous period of equal calendar length for the change column. Boundaries are local midnights
// (week starts are ISO Mondays), so a period that spans a DST switch is one hour shorter or longer in
// absolute time but covers whole local days, as a director reading it expects.
import { DateTime, type DurationLikeObject } from "luxon";
import { AppError } from "./errors.js";

export interface PeriodRange {
  label: string;
  /** Inclusive start. */
  from: Date;
  /** Exclusive end: `now` for periods that run to date. */
  to: Date;
}

export interface ResolvedPeriod extends PeriodRange {
  /** The spec as given, normalised (e.g. "30d"). */
  spec: string;
  timeZone: string;
  /** The period just before, of the same calendar length (the same days of the previous quarter for "quarter"). */
  previous: PeriodRange;
}

export const DEFAULT_PERIOD = "30d";

/** A word that reads as a period spec (30d, 12w, month, last-quarter, ytd, 2026-01-01..2026-03-31 ...). */
const PERIOD_TOKEN =
  /^(\d+[dw]|month|last-month|quarter|last-quarter|ytd|last-year|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/i;

export function isPeriodToken(word: string): boolean {
  return PERIOD_TOKEN.test(word);
}

export const PERIOD_FORMS = [
  "7d, 30d, 90d (any Nd up to 3660: the last N days, today included)",
  "12w (any Nw up to 520: this week and the N-1 weeks before, weeks start on Monday)",
  "month (this month to date), last-month",
  "quarter (this calendar quarter to date), last-quarter",
  "ytd (this year to date), last-year",
  "2026-01-01..2026-03-31 (explicit dates, both included)",
];

const MAX_DAYS = 3660;
const MAX_WEEKS = 520;
const DATE_FORMAT = "yyyy-MM-dd";

export function isValidTimeZone(timeZone: string): boolean {
  return DateTime.now().setZone(timeZone).isValid;
}

/** Resolves a period spec at `now` in `timeZone`; throws AppError PERIOD_INVALID on anything else. */
export function parsePeriod(spec: string, timeZone: string, now: Date): ResolvedPeriod {
  if (!isValidTimeZone(timeZone)) {
    throw new AppError(
      "PERIOD_INVALID",
      `unknown time zone "${timeZone}"; expected an IANA name such as Europe/Madrid or UTC`,
    );
  }
  const normalised = spec.trim().toLowerCase();
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const built = build(normalised, local);
  if (!built) throw invalid(spec);
  // Calendar arithmetic keeps the wall time; re-taking the start of the day matters where a DST
  // switch skips midnight (America/Santiago), so every boundary stays the first instant of a day.
  const dayStart = (d: DateTime) => d.startOf("day");
  const from = dayStart(built.from);
  const to = built.toNow ? built.to : dayStart(built.to);
  const prevTo = to.minus(built.shift);
  return {
    spec: normalised,
    timeZone,
    label: built.label,
    from: from.toJSDate(),
    to: to.toJSDate(),
    previous: {
      label: built.previousLabel,
      from: dayStart(from.minus(built.shift)).toJSDate(),
      to: (built.toNow ? prevTo : dayStart(prevTo)).toJSDate(),
    },
  };
}

interface Built {
  from: DateTime;
  to: DateTime;
  /** True when the period runs to `now` (otherwise it ends on a day boundary). */
  toNow: boolean;
  /** How far back the previous period lies, in calendar units of the zone. */
  shift: DurationLikeObject;
  label: string;
  previousLabel: string;
}

function build(spec: string, now: DateTime): Built | null {
  const today = now.startOf("day");
  let m = /^(\d{1,4})d$/.exec(spec);
  if (m) {
    const days = Number(m[1]);
    if (days < 1 || days > MAX_DAYS) return null;
    return {
      from: today.minus({ days: days - 1 }),
      to: now,
      toNow: true,
      shift: { days },
      label: days === 1 ? "today" : `last ${days} days`,
      previousLabel: days === 1 ? "yesterday (same hours)" : `previous ${days} days`,
    };
  }
  m = /^(\d{1,3})w$/.exec(spec);
  if (m) {
    const weeks = Number(m[1]);
    if (weeks < 1 || weeks > MAX_WEEKS) return null;
    return {
      from: now.startOf("week").minus({ weeks: weeks - 1 }),
      to: now,
      toNow: true,
      shift: { weeks },
      label: weeks === 1 ? "this week" : `last ${weeks} weeks`,
      previousLabel: weeks === 1 ? "same days of last week" : `previous ${weeks} weeks`,
    };
  }
  switch (spec) {
    case "month":
    case "mtd":
      return {
        from: now.startOf("month"),
        to: now,
        toNow: true,
        shift: { months: 1 },
        label: `this month (${now.toFormat("LLLL yyyy")}, to date)`,
        previousLabel: `same days of ${now.minus({ months: 1 }).toFormat("LLLL yyyy")}`,
      };
    case "last-month": {
      const start = now.startOf("month").minus({ months: 1 });
      return {
        from: start,
        to: now.startOf("month"),
        toNow: false,
        shift: { months: 1 },
        label: `last month (${start.toFormat("LLLL yyyy")})`,
        previousLabel: start.minus({ months: 1 }).toFormat("LLLL yyyy"),
      };
    }
    case "quarter":
    case "qtd":
      return {
        from: now.startOf("quarter"),
        to: now,
        toNow: true,
        shift: { quarters: 1 },
        label: `this quarter (${quarterName(now)}, to date)`,
        previousLabel: `same days of ${quarterName(now.minus({ quarters: 1 }))}`,
      };
    case "last-quarter": {
      const start = now.startOf("quarter").minus({ quarters: 1 });
      return {
        from: start,
        to: now.startOf("quarter"),
        toNow: false,
        shift: { quarters: 1 },
        label: `last quarter (${quarterName(start)})`,
        previousLabel: quarterName(start.minus({ quarters: 1 })),
      };
    }
    case "ytd":
    case "year":
      return {
        from: now.startOf("year"),
        to: now,
        toNow: true,
        shift: { years: 1 },
        label: `year to date (${now.year})`,
        previousLabel: `same days of ${now.year - 1}`,
      };
    case "last-year": {
      const start = now.startOf("year").minus({ years: 1 });
      return {
        from: start,
        to: now.startOf("year"),
        toNow: false,
        shift: { years: 1 },
        label: `last year (${start.year})`,
        previousLabel: String(start.year - 1),
      };
    }
  }
  return explicitRange(spec, now.zone.name);
}

function explicitRange(spec: string, zone: string): Built | null {
  const m = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/.exec(spec);
  if (!m) return null;
  const start = DateTime.fromFormat(m[1]!, DATE_FORMAT, { zone });
  const end = DateTime.fromFormat(m[2]!, DATE_FORMAT, { zone });
  if (!start.isValid || !end.isValid) {
    throw new AppError("PERIOD_INVALID", `"${spec}" names a date that does not exist; use real dates (YYYY-MM-DD)`);
  }
  if (end < start) {
    throw new AppError("PERIOD_INVALID", `"${spec}" ends before it starts; put the earlier date first`);
  }
  const days = Math.round(end.diff(start, "days").days) + 1;
  if (days > MAX_DAYS) {
    throw new AppError("PERIOD_INVALID", `"${spec}" spans ${days} days; the longest period is ${MAX_DAYS} days`);
  }
  const prevStart = start.minus({ days });
  return {
    from: start,
    to: end.plus({ days: 1 }),
    toNow: false,
    shift: { days },
    label: `${start.toFormat(DATE_FORMAT)} to ${end.toFormat(DATE_FORMAT)}`,
    previousLabel: `${prevStart.toFormat(DATE_FORMAT)} to ${start.minus({ days: 1 }).toFormat(DATE_FORMAT)}`,
  };
}

function quarterName(d: DateTime): string {
  return `Q${d.quarter} ${d.year}`;
}

function invalid(spec: string): AppError {
  return new AppError("PERIOD_INVALID", `period "${spec}" is not understood; use one of: ${PERIOD_FORMS.join("; ")}`, {
    accepted: PERIOD_FORMS,
  });
}

/** ISO date (YYYY-MM-DD) of the local Monday that starts the week holding `at`. */
export function weekKey(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).startOf("week").toFormat(DATE_FORMAT);
}

/** The local Mondays (as instants) of every week that overlaps [from, to), oldest first. */
export function weekStarts(from: Date, to: Date, timeZone: string): { key: string; start: Date }[] {
  const out: { key: string; start: Date }[] = [];
  const end = DateTime.fromJSDate(to, { zone: timeZone });
  for (
    let w = DateTime.fromJSDate(from, { zone: timeZone }).startOf("week");
    w < end;
    // Adding calendar weeks (not 168 h) keeps each start on a local midnight across DST.
    w = w.plus({ weeks: 1 })
  ) {
    out.push({ key: w.toFormat(DATE_FORMAT), start: w.toJSDate() });
  }
  return out;
}

/** Date part of an instant in a zone, for labels: "2026-03-31". */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat(DATE_FORMAT);
}
