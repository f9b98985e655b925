// The weekly director digest (pure): each company's NPS with its margin of error and trend, by team,
// follow-up health (SLA share), top root causes, outer-loop issues, and how programme companies
// compare with the rest of their area. Honest: no score under the minimum sample, changes called
// real only when significant.
import { bold, type MessageBlock, type MessageView, type ReportView, type TextRun } from "../views.js";
import { blockTextLength, capUtf16, MESSAGE_TEXT_BUDGET } from "./budget.js";
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
/** Outer-loop issues listed per company, and how much of each note: the digest is a summary. */
const MAX_ISSUES = 5;
const NOTE_CHARS = 280;
/** Root causes and team names inside summary lines (the org file allows 200 characters). */
const LABEL_CHARS = 80;
const MAX_CAUSES = 5;

function line(name: string, r: ReportView): TextRun[] {
  const change = changeText(r.change);
  const trend = r.trend.some((t) => t.nps !== null) ? ` ${r.sparkline}` : "";
  return [{ text: "• " }, bold(name), { text: `: ${scoreText(r)}${trend}${change ? `, ${change}` : ""}` }];
}

function lines(rows: TextRun[][]): TextRun[] {
  return rows.flatMap((r, i) => (i === 0 ? r : [{ text: "\n" }, ...r]));
}

function health(r: ReportView): string {
  const parts = [`${plural(r.openCases, "open case")}${r.overdueCases ? ` (${r.overdueCases} overdue)` : ""}`];
  parts.push(r.slaShare === null ? "none closed in the period" : `${pct(r.slaShare)} closed within SLA`);
  if (r.topRootCauses.length)
    parts.push(
      `top causes: ${r.topRootCauses
        .slice(0, MAX_CAUSES)
        .map((c) => `${capUtf16(c.cause, LABEL_CHARS)} (${c.count})`)
        .join(", ")}`,
    );
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
  // Companies are added whole while the message stays within its text budget; the rest are
  // summarised in one line (a digest past Slack's limit would not arrive at all).
  const moreLine = (n: number): MessageBlock => ({
    type: "context",
    text: `and ${plural(n, "more company", "more companies")}: ask /nps <company> for any of them.`,
  });
  const reserve = blockTextLength(moreLine(companies.length));
  let used = blocks.reduce((n, b) => n + blockTextLength(b), 0);
  let shown = 0;
  for (const c of companies.slice(0, single ? 1 : MAX_COMPANIES)) {
    const group = companyBlocks(c, single, seenAreas);
    const size = group.reduce((n, b) => n + blockTextLength(b), 0);
    if (shown > 0 && used + size > MESSAGE_TEXT_BUDGET - reserve) break;
    blocks.push(...group);
    used += size;
    shown += 1;
  }
  if (!single && companies.length > shown) blocks.push(moreLine(companies.length - shown));
  const head = companies[0];
  const text = head
    ? `NPS digest (${i.periodLabel}): ${head.name} ${scoreText(head.report)}${companies.length > 1 ? ` and ${plural(companies.length - 1, "more company", "more companies")}` : ""}.`
    : `NPS digest (${i.periodLabel}): no companies to report on.`;
  return { text, blocks };
}

function companyBlocks(c: DigestCompany, single: boolean, seenAreas: Set<string>): MessageBlock[] {
  const blocks: MessageBlock[] = [{ type: "text", text: line(c.name, c.report) }];
  if (single && c.teams.length) {
    const teams = [...c.teams].sort((a, b) => b.report.n - a.report.n || a.name.localeCompare(b.name));
    blocks.push({ type: "text", text: lines(teams.slice(0, MAX_TEAMS).map((t) => line(t.name, t.report))) });
    if (teams.length > MAX_TEAMS) blocks.push({ type: "context", text: `and ${teams.length - MAX_TEAMS} more teams.` });
  }
  blocks.push({ type: "context", text: `Follow-up: ${health(c.report)}` });
  if (c.outerLoop.length) {
    const issues = c.outerLoop.slice(0, MAX_ISSUES).map((o) => {
      const note = o.note ? `: ${capUtf16(o.note, NOTE_CHARS)}` : "";
      const team = o.teamName ? ` (${capUtf16(o.teamName, LABEL_CHARS)})` : "";
      return `• #${o.caseId} ${capUtf16(o.rootCause ?? "unspecified", LABEL_CHARS)}${team}${note}`;
    });
    const more = c.outerLoop.length - MAX_ISSUES;
    if (more > 0) issues.push(`and ${more} more flagged outer loop in the period.`);
    blocks.push({
      type: "text",
      text: [bold("Outer-loop issues"), { text: ` (beyond the team's reach):\n${issues.join("\n")}` }],
    });
  }
  const cmp = comparison(c.report);
  if (cmp && !seenAreas.has(c.report.comparison!.area)) {
    seenAreas.add(c.report.comparison!.area);
    blocks.push({ type: "context", text: cmp });
  }
  return blocks;
}
