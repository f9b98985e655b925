// The demo organisation's history (the org itself is in demo-org.ts), generated deterministically
// from a seed (pure: the same seed, months and clock give the same rows). The programme contractor's
// scores improve, its cases close within SLA and coaching happens; the other's do not. Each day of
// each team has its own random stream, so ids are stable and a later run only adds the days since.
// Besides the months asked for, the retention report's default period one year earlier is seeded
// (before the programme: every team where it started, cases handled as outside the programme, no
// coaching), so that the report's year-before comparison has answers. Each company's customers and
// managers write in its language (text.ts), and answer between 08:00 and 20:00 of its time zone.
import { DateTime } from "luxon";
import { parsePeriod } from "../core/periods.js";
import { DEFAULT_RETENTION_PERIOD, sameDatesYearBefore } from "../core/retention.js";
import { makeCase, makeCoaching } from "./cases.js";
import {
  DEMO_SOURCE,
  DEMO_TEAMS,
  DEMO_TIME_ZONE,
  DEMO_TOUCHPOINTS,
  type DemoTeamSpec,
  domainOf,
  emailOf,
  inProgrammeOf,
  localeOf,
  zoneOf,
} from "./org.js";
import { Rng } from "./rng.js";
import { type DemoText, type Theme, textFor } from "./text.js";
import type { DemoCase, DemoCoaching, DemoData, DemoOptions, DemoResponse } from "./types.js";

export type { DemoCase, DemoCoaching, DemoData, DemoEvent, DemoOptions, DemoResponse } from "./types.js";

export { Rng };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How much better customers rate someone in the weeks after a completed coaching session. */
const COACHING_LIFT = 0.14;
const COACHING_LIFT_DAYS = 42;

/**
 * The day Brightfix joined the programme: halfway through the history (a UTC day), so the impact
 * report has its 90 days either side in the default six months.
 */
export function demoProgrammeStart(now: Date, months: number): string {
  const to = DateTime.fromJSDate(now, { zone: DEMO_TIME_ZONE });
  const first = to.minus({ months }).startOf("day");
  const mid = new Date((first.toMillis() + to.toMillis()) / 2);
  return mid.toISOString().slice(0, 10);
}

export function generateDemoData(opts: DemoOptions): DemoData {
  const to = DateTime.fromJSDate(opts.now, { zone: DEMO_TIME_ZONE });
  const first = to.minus({ months: opts.months }).startOf("day");
  const span = to.toMillis() - first.toMillis();
  const responses: DemoResponse[] = [];
  const cases: DemoCase[] = [];
  const coaching: DemoCoaching[] = [];
  const start = new Date(`${demoProgrammeStart(opts.now, opts.months)}T00:00:00Z`).getTime();
  // Completed sessions so far, by staff email: a coached person does better for a few weeks.
  const doneBy = new Map<string, number[]>();
  const lift = (email: string, at: Date) =>
    (doneBy.get(email) ?? []).some((d) => d <= at.getTime() && at.getTime() - d < COACHING_LIFT_DAYS * DAY)
      ? COACHING_LIFT
      : 0;

  /** One team's answers of one local date, with their cases and coaching. */
  const teamDay = (team: DemoTeamSpec, date: string, yearBefore: boolean) => {
    const text = textFor(localeOf(team.company));
    const day = DateTime.fromISO(date, { zone: zoneOf(team.company) });
    const rng = new Rng(`${opts.seed}|${team.slug}|${date}`);
    const weekend = day.weekday >= 6;
    const count = rng.poisson(team.dailyMean * (weekend ? 0.35 : 1));
    // Visits and survey replies between 08:00 and 20:00 local time, in order.
    const minutes = Array.from({ length: count }, () => 8 * 60 + Math.floor(rng.next() * 12 * 60)).sort(
      (a, b) => a - b,
    );
    // Brightfix's story: fast follow-up within SLA. Every programme company coaches its people. A
    // year before, the programme had not started anywhere.
    const programme = team.company === "brightfix" && !yearBefore;
    const coaches = inProgrammeOf(team.company) && !yearBefore;
    minutes.forEach((minute, k) => {
      const respondedAt = new Date(day.toMillis() + minute * 60_000);
      // Programme teams improve over the weeks after the start (a smooth S-curve over 35% of the
      // history); before it they are where they began. The other teams drift on their own.
      const progress =
        team.company === "brightfix"
          ? (respondedAt.getTime() - start) / (0.35 * span)
          : (respondedAt.getTime() - first.toMillis()) / span;
      const externalId = `${DEMO_SOURCE}-${team.slug}-${date}-${k + 1}`;
      const { r, theme, amount } = makeResponse(rng, team, text, externalId, respondedAt, progress, lift);
      if (r.receivedAt.getTime() > opts.now.getTime()) return;
      responses.push(r);
      if (theme === null) return;
      // Cases and coaching draw from their own streams: what "now" makes of a case's life never
      // shifts the responses that follow it.
      const c = makeCase(new Rng(`${opts.seed}|case|${externalId}`), team, text, programme, r, theme, amount, opts);
      cases.push(c);
      if (!coaches) return;
      const session = makeCoaching(new Rng(`${opts.seed}|coaching|${externalId}`), team, text, r, c, opts.now);
      if (session) {
        coaching.push(session);
        if (session.doneAt)
          doneBy.set(session.staffEmail, [...(doneBy.get(session.staffEmail) ?? []), session.doneAt.getTime()]);
      }
    });
  };

  const firstDate = first.toISODate()!;
  const yearBefore = opts.yearBefore === false ? null : yearBeforeDates(opts.now, firstDate);
  if (yearBefore) {
    for (const team of DEMO_TEAMS) {
      const days = yearBefore.byTeam.get(team.slug);
      if (!days) continue;
      const { from, to: last } = days;
      for (let d = DateTime.fromISO(from); d.toISODate()! <= last; d = d.plus({ days: 1 })) {
        teamDay(team, d.toISODate()!, true);
      }
    }
  }
  for (let day = first; day <= to; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    for (const team of DEMO_TEAMS) teamDay(team, date, false);
  }
  responses.sort((a, b) => a.respondedAt.getTime() - b.respondedAt.getTime());
  cases.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    from: first.toJSDate(),
    to: opts.now,
    yearBefore: yearBefore && { from: yearBefore.from, to: yearBefore.to },
    responses,
    cases,
    coaching,
  };
}

/**
 * The local dates of the retention report's default period one year before, for each team (in its
 * time zone, as the report counts them), short of the history's first date (which the history
 * holds already); null when the history covers them all.
 */
function yearBeforeDates(
  now: Date,
  firstDate: string,
): { from: string; to: string; byTeam: Map<string, { from: string; to: string }> } | null {
  const byTeam = new Map<string, { from: string; to: string }>();
  for (const team of DEMO_TEAMS) {
    const zone = zoneOf(team.company);
    const period = sameDatesYearBefore(parsePeriod(DEFAULT_RETENTION_PERIOD, zone, now), zone);
    const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate()!;
    const last = DateTime.fromISO(firstDate).minus({ days: 1 }).toISODate()!;
    const end = local(new Date(period.to.getTime() - 1)); // the period's end is exclusive
    const to = [end, last].sort()[0]!;
    const from = local(period.from);
    if (from <= to) byTeam.set(team.slug, { from, to });
  }
  if (byTeam.size === 0) return null;
  const spans = [...byTeam.values()];
  return {
    from: spans.map((s) => s.from).sort()[0]!,
    to: spans
      .map((s) => s.to)
      .sort()
      .at(-1)!,
    byTeam,
  };
}

function makeResponse(
  rng: Rng,
  team: DemoTeamSpec,
  text: DemoText,
  externalId: string,
  at: Date,
  progress: number,
  lift: (staffEmail: string, at: Date) => number,
): { r: DemoResponse; theme: Theme | null; amount: string } {
  const [staffName, staffOffset] = rng.pick(team.staff);
  const staffCall = text.staffCall(staffName);
  const s = Math.min(1, Math.max(0, progress));
  const target =
    team.npsStart +
    (team.npsEnd - team.npsStart) * s * s * (3 - 2 * s) +
    staffOffset +
    lift(emailOf(staffName, domainOf(team.company)), at);
  const passive = 0.24;
  const pPromoter = clamp((1 - passive + target) / 2, 0.05, 0.9);
  const pDetractor = clamp((1 - passive - target) / 2, 0.03, 0.9);
  const u = rng.next();
  const category = u < pPromoter ? "promoter" : u < pPromoter + pDetractor ? "detractor" : "passive";
  const score =
    category === "promoter"
      ? rng.next() < 0.58
        ? 10
        : 9
      : category === "passive"
        ? rng.next() < 0.55
          ? 8
          : 7
        : rng.weighted([0, 1, 2, 3, 4, 5, 6], [4, 2, 3, 4, 6, 9, 12]);
  const touchpoint =
    category === "detractor"
      ? rng.weighted([...DEMO_TOUCHPOINTS], [80, 13, 7])
      : rng.weighted([...DEMO_TOUCHPOINTS], [75, 3, 22]);
  const amount = text.money(60 + 5 * Math.floor(rng.next() * 53));
  const fill = (t: string) => t.replaceAll("{staff}", staffCall).replaceAll("{amount}", amount);
  let comment: string | null = null;
  let theme: Theme | null = null;
  if (category === "detractor") {
    theme = pickTheme(rng, team);
    if (touchpoint === "maintenance visit") {
      if (rng.next() < 0.85) comment = fill(rng.pick(text.detractor[theme]));
    } else {
      const [words, cause] = rng.pick(touchpoint === "complaint" ? text.detractorComplaint : text.detractorBranch);
      comment = fill(words);
      theme = cause;
    }
  } else if (category === "passive") {
    if (rng.next() < 0.5) comment = fill(rng.pick(text.passive));
  } else if (rng.next() < 0.6) {
    const pool =
      touchpoint === "branch visit" ? text.promoterBranch : rng.next() < 0.85 ? text.promoterVisit : text.promoterPlain;
    comment = fill(rng.pick(pool));
  }
  const people = text.customers;
  const first = rng.pick(people.firstNames);
  const last = rng.pick(people.lastNames);
  const named = rng.next() < 0.6;
  const domain = rng.pick(["example.com", "example.net", "example.org"]);
  const customerEmail = rng.next() < 0.45 ? `${people.emailName(first, last)}@${domain}` : null;
  const r: DemoResponse = {
    externalId,
    teamSlug: team.slug,
    companySlug: team.company,
    staffEmail: emailOf(staffName, domainOf(team.company)),
    score,
    comment,
    // Its survey names the touchpoint in the company's language; the story above reads the English id.
    touchpoint: text.touchpoints[touchpoint],
    // The client's (Northwind Homes') customer number, whichever contractor served them.
    customerRef: `NW-${100000 + Math.floor(rng.next() * 900000)}`,
    customerName: named ? people.fullName(first, last) : null,
    customerEmail,
    customerPhone: rng.next() < 0.35 ? people.phone(Math.floor(rng.next() * 1000)) : null,
    respondedAt: at,
    receivedAt: new Date(at.getTime() + Math.floor(rng.next() * 20 + 1) * 60_000),
  };
  return { r, theme, amount };
}

function pickTheme(rng: Rng, team: DemoTeamSpec): Theme {
  const themes: Theme[] = [
    "unexpected budget",
    "punctuality",
    "repeat visit",
    "technician treatment",
    "communication",
    "price",
    "equipment fault",
  ];
  return team.company === "brightfix"
    ? rng.weighted(themes, [25, 18, 15, 10, 17, 8, 7])
    : rng.weighted(themes, [30, 25, 15, 10, 10, 5, 5]);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
