// Small wording helpers shared by the message builders (pure).
import { DateTime } from "luxon";
import { safeZone } from "../schedule.js";

export function num(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export function signed(x: number): string {
  const s = num(x);
  return x > 0 && s !== "0" ? `+${s}` : s === "-0" ? "0" : s;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function pct(share: number | null): string {
  return share === null ? "n/a" : `${Math.round(share * 100)}%`;
}

/** "Mon 30 Mar" in the reader's zone. */
export function shortDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: safeZone(timeZone) }).toFormat("ccc d LLL");
}

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** Whole hours, or days past 48 h: "5 h", "3 days". */
export function hoursText(ms: number): string {
  const h = Math.max(0, Math.floor(ms / 3_600_000));
  return h < 48 ? `${h} h` : `${Math.floor(h / 24)} days`;
}

/** An NPS with its margin, or why there is none. */
export function scoreText(r: {
  nps: number | null;
  marginOfError: number | null;
  n: number;
  minSample: number;
}): string {
  if (r.n === 0) return "no responses";
  if (r.nps === null) return `${plural(r.n, "response")} (a score needs ${r.minSample})`;
  return `${signed(r.nps)} ± ${num(r.marginOfError ?? 0)} (n = ${r.n})`;
}

/** "up 8 points (a real change)" / "about the same" / "" when there is nothing to compare. */
export function changeText(c: { delta: number | null; significant: boolean } | null): string {
  if (!c || c.delta === null) return "";
  if (!c.significant) return `${signed(c.delta)} vs the period before, within the noise`;
  return `${c.delta > 0 ? "up" : "down"} ${num(Math.abs(c.delta))} points vs the period before (a real change)`;
}
