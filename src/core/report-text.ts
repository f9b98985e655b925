// A report as plain text: what `nps-loop nps` prints and the fallback text of the chat reports.
// Honest wording: no score under the minimum sample, the margin of error beside every score, and a
// change called significant only when the test says so.
import { localDate } from "./periods.js";
import type { ComparisonRow, ReportView } from "./views.js";

/** Margins wider than this many points get a warning that the score is a rough guide. */
const WIDE_MARGIN = 20;

export function formatReportText(view: ReportView): string {
  const lines: string[] = [];
  const { scope, period } = view;
  const last = new Date(period.to.getTime() - 1);
  const dates = `${localDate(period.from, period.timeZone)} to ${localDate(last, period.timeZone)}`;
  lines.push(
    `NPS report: ${scope.name} (${scope.kind} ${scope.slug})`,
    `Period: ${period.label === dates ? dates : `${period.label}, ${dates}`} (${period.timeZone})`,
  );
  lines.push(...scoreLines(view));
  lines.push(changeLine(view));
  lines.push(trendLine(view));
  lines.push(caseLine(view));
  if (view.topRootCauses.length > 0) {
    lines.push(`Top root causes: ${view.topRootCauses.map((c) => `${c.cause} (${c.count})`).join(", ")}`);
  }
  const comparison = comparisonLine(view);
  if (comparison) lines.push(comparison);
  return lines.join("\n");
}

function scoreLines(view: ReportView): string[] {
  if (view.n === 0) return ["No responses in this period."];
  if (!view.enoughData || view.nps === null) {
    return [
      `Too few responses for an NPS: ${plural(view.n, "response")} in this period, ` +
        `and a score needs at least ${view.minSample} to mean anything.`,
    ];
  }
  const moe = view.marginOfError ?? 0;
  const lines = [
    `NPS ${signed(view.nps)} ± ${num(moe)} (95% margin of error) from ${plural(view.n, "response")}`,
    `Promoters ${pct(view.promotersPct)} · Passives ${pct(view.passivesPct)} · Detractors ${pct(view.detractorsPct)}`,
  ];
  if (moe > WIDE_MARGIN) {
    lines.push(
      `The margin is wide: the true score could be anywhere from ${signed(Math.max(-100, view.nps - moe))} ` +
        `to ${signed(Math.min(100, view.nps + moe))}; more responses would narrow it.`,
    );
  }
  return lines;
}

function changeLine(view: ReportView): string {
  const c = view.change;
  const against = c?.period?.label ?? "the previous period";
  if (!c) return "Change: no previous period to compare with.";
  if (!view.enoughData) return `Change vs ${against}: not shown (too few responses now).`;
  if (c.previousNps === null || c.delta === null) {
    return c.previousN === 0
      ? `Change vs ${against}: no responses then to compare with.`
      : `Change vs ${against}: not shown (only ${plural(c.previousN, "response")} then, fewer than ${view.minSample}).`;
  }
  const verdict = c.significant ? "significant at 95%" : "not significant (within the noise of these sample sizes)";
  return `Change vs ${against}: ${signed(c.delta)} points (was ${signed(c.previousNps)}, n = ${c.previousN}), ${verdict}`;
}

function trendLine(view: ReportView): string {
  const weeks = view.trend.length;
  if (weeks === 0) return "Weekly trend: no full week in this period.";
  const gaps = view.trend.filter((t) => t.nps === null).length;
  if (gaps === weeks) {
    return `Weekly trend: ${view.sparkline} (no week had ${view.minSample} or more responses)`;
  }
  const legend = gaps > 0 ? `; · = fewer than ${view.minSample} responses that week` : "";
  return `Weekly trend: ${view.sparkline} (${plural(weeks, "week")}, oldest first${legend})`;
}

function caseLine(view: ReportView): string {
  const parts = [
    `${plural(view.openCases, "open case")}${view.overdueCases > 0 ? ` (${view.overdueCases} overdue)` : ""}`,
  ];
  const closed = view.closedCases;
  if (view.slaShare === null) {
    parts.push("no cases closed in this period");
  } else {
    parts.push(
      `${pct(view.slaShare * 100)} of ${closed === undefined ? "cases" : plural(closed, "case")} closed within SLA`,
    );
  }
  if (view.medianHoursToClose !== null) parts.push(`median ${duration(view.medianHoursToClose)} to close`);
  return `Follow-up: ${parts.join(" · ")}`;
}

function comparisonLine(view: ReportView): string | null {
  const c = view.comparison;
  if (!c) return null;
  const side = (label: string, r: ComparisonRow) => {
    if (r.companies === 0) return `no ${label} companies`;
    const who = `${label} (${plural(r.companies, "company", "companies")}, n = ${r.n})`;
    if (r.nps === null) return `${who}: too few responses`;
    return `${who}: ${signed(r.nps)} ± ${num(r.marginOfError ?? 0)}`;
  };
  return `Area "${c.area}": ${side("programme", c.programme)} vs ${side("non-programme", c.nonProgramme)}`;
}

export function num(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export function signed(x: number): string {
  const s = num(x);
  return x > 0 && s !== "0" ? `+${s}` : s === "-0" ? "0" : s;
}

export function pct(x: number | null): string {
  return x === null ? "n/a" : `${Math.round(x)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function duration(hours: number): string {
  return hours < 48 ? `${num(hours)} h` : `${num(hours / 24)} days`;
}
