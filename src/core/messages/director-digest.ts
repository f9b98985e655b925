// The weekly director digest (pure): each company's NPS with its margin of error and trend, by team,
// follow-up health (SLA share), top root causes, outer-loop issues, and how programme companies
// compare with the rest of their area. Honest: no score under the minimum sample, changes called
// real only when significant.
import type { MessageBlock, MessageView, ReportView } from "../views.js";
import { changeText, firstName, num, pct, plural, scoreText, signed } from "./format.js";

export interface DigestCompany {
  name: string;
  report: ReportView;
  /** Team rows (only for a director of one company; client-side directors get company rows). */
  teams: { name: string; report: ReportView }[];
  outerLoop: { caseId: number; rootCause: string | null; note: string | null; teamName: string | null }[];
}

export interface DirectorDigestInput {
  directorName: string;
  periodLabel: string;
  companies: DigestCompany[];
}

const MAX_TEAMS = 15;
const MAX_COMPANIES = 20;

function line(name: string, r: ReportView): string {
  const change = changeText(r.change);
  const trend = r.trend.some((t) => t.nps !== null) ? ` ${r.sparkline}` : "";
  return `• *${name}*: ${scoreText(r)}${trend}${change ? `, ${change}` : ""}`;
}

function health(r: ReportView): string {
  const parts = [`${plural(r.openCases, "open case")}${r.overdueCases ? ` (${r.overdueCases} overdue)` : ""}`];
  parts.push(r.slaShare === null ? "none closed in the period" : `${pct(r.slaShare)} closed within SLA`);
  if (r.topRootCauses.length)
    parts.push(`top causes: ${r.topRootCauses.map((c) => `${c.cause} (${c.count})`).join(", ")}`);
  return parts.join(" · ");
}

function comparison(r: ReportView): string | null {
  const c = r.comparison;
  if (!c || c.programme.companies === 0 || c.nonProgramme.companies === 0) return null;
  const side = (x: typeof c.programme) =>
    x.nps === null ? `too few responses (n = ${x.n})` : `${signed(x.nps)} ± ${num(x.marginOfError ?? 0)} (n = ${x.n})`;
  return `Area ${c.area}: programme companies ${side(c.programme)} vs the others ${side(c.nonProgramme)}.`;
}

export function directorDigest(i: DirectorDigestInput): MessageView {
  const blocks: MessageBlock[] = [
    { type: "header", text: `NPS digest: ${i.periodLabel}` },
    {
      type: "context",
      text: `For ${firstName(i.directorName)}. Scores are ± their 95% margin of error; bars show the weeks, oldest first (· = too few responses).`,
    },
  ];
  const single = i.companies.length === 1;
  const seenAreas = new Set<string>();
  const companies = [...i.companies].sort((a, b) => b.report.n - a.report.n || a.name.localeCompare(b.name));
  for (const c of companies.slice(0, single ? 1 : MAX_COMPANIES)) {
    if (single) {
      blocks.push({ type: "text", text: line(c.name, c.report) });
      if (c.teams.length) {
        const teams = [...c.teams].sort((a, b) => b.report.n - a.report.n || a.name.localeCompare(b.name));
        blocks.push({
          type: "text",
          text: teams
            .slice(0, MAX_TEAMS)
            .map((t) => line(t.name, t.report))
            .join("\n"),
        });
        if (teams.length > MAX_TEAMS)
          blocks.push({ type: "context", text: `and ${teams.length - MAX_TEAMS} more teams.` });
      }
    } else {
      blocks.push({ type: "text", text: line(c.name, c.report) });
    }
    blocks.push({ type: "context", text: `Follow-up: ${health(c.report)}` });
    if (c.outerLoop.length) {
      const issues = c.outerLoop.map(
        (o) =>
          `#${o.caseId} ${o.rootCause ?? "unspecified"}${o.teamName ? ` (${o.teamName})` : ""}${o.note ? `: ${o.note}` : ""}`,
      );
      blocks.push({
        type: "text",
        text: `*Outer-loop issues* (beyond the team's reach):\n${issues.map((x) => `• ${x}`).join("\n")}`,
      });
    }
    const cmp = comparison(c.report);
    if (cmp && !seenAreas.has(c.report.comparison!.area)) {
      seenAreas.add(c.report.comparison!.area);
      blocks.push({ type: "context", text: cmp });
    }
  }
  if (!single && companies.length > MAX_COMPANIES) {
    blocks.push({
      type: "context",
      text: `and ${companies.length - MAX_COMPANIES} more companies: ask /nps <company> for any of them.`,
    });
  }
  const head = companies[0];
  const text = head
    ? `NPS digest (${i.periodLabel}): ${head.name} ${scoreText(head.report)}${companies.length > 1 ? ` and ${plural(companies.length - 1, "more company", "more companies")}` : ""}.`
    : `NPS digest (${i.periodLabel}): no companies to report on.`;
  return { text, blocks };
}
