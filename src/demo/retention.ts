// The demo's customer drop-outs (pure, deterministic per response): a story the retention report can
// show truthfully. Detractors whose loop was closed drop out far less than those left unclaimed or
// closed without contact; promoters least of all. The programme companies' customers dropped out more
// before the programme took hold (answers over 9 months old) than since. The demo seeds the report's
// default period (last quarter) a year earlier too (data.ts), when cases were handled as outside the
// programme, so with the default 6 months of history `nps-loop retention brightfix` already shows
// Brightfix's drop-out rate lower than in the same period a year before, while Coastline's
// (`--area "Greater Manchester"`) stays about where it was.
import type { DemoCase, DemoData } from "./data.js";
import { Rng } from "./data.js";
import { DEMO_COMPANIES } from "./org.js";

export interface DemoDropOut {
  customerRef: string;
  /** UTC midnight of the day. */
  occurredOn: Date;
}

const DAY = 86_400_000;
/** Drop-outs happen within this many days of the answer (the report's default window). */
const WINDOW_DAYS = 180;
const PROGRAMME_SETTLED_DAYS = 270;

/** Chance of dropping out within the window, by what the customer answered and what was done. */
function dropChance(score: number, c: DemoCase | undefined): number {
  if (score >= 9) return 0.04;
  if (score >= 7) return 0.1;
  // Reached and resolved, as the report counts it (an "unreachable" case had calls but no conversation).
  const closed = c?.status === "resolved" && (c.outcome === "recovered" || c.outcome === "not_recovered");
  return closed ? 0.1 : 0.45;
}

export function demoDropOuts(data: Pick<DemoData, "responses" | "cases">, seed: number, now: Date): DemoDropOut[] {
  const cases = new Map(data.cases.map((c) => [c.externalId, c]));
  const inProgramme = new Set(DEMO_COMPANIES.filter((c) => c.inProgramme).map((c) => c.slug as string));
  const out: DemoDropOut[] = [];
  for (const r of data.responses) {
    const rng = new Rng(`${seed}|dropout|${r.externalId}`);
    const ageDays = (now.getTime() - r.respondedAt.getTime()) / DAY;
    let chance = dropChance(r.score, cases.get(r.externalId));
    if (inProgramme.has(r.companySlug) && ageDays > PROGRAMME_SETTLED_DAYS) chance *= 1.7;
    if (rng.next() >= chance) continue;
    // Earlier rather than later: half of those who leave do so within two months.
    const after = Math.floor(WINDOW_DAYS * rng.next() ** 1.6);
    const day = new Date(Math.floor(r.respondedAt.getTime() / DAY) * DAY + after * DAY);
    if (day.getTime() > now.getTime()) continue; // not happened yet
    out.push({ customerRef: r.customerRef, occurredOn: day });
  }
  return out;
}
