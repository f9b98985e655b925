// The weekly director digest (pure): each company's NPS with its margin of error and trend, by team,
// follow-up health (SLA share), top root causes, outer-loop issues, and how programme companies
// compare with the rest of their area. Honest: no score under the minimum sample, changes called
// real only when significant.
// Every word comes from the catalogues, in the director's language (`locale`, English by default).
import { rootCauseLabel } from "../card-text.js";
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import { bold, type MessageBlock, type MessageView, type ReportView, type TextRun } from "../views.js";
import { blockTextLength, capUtf16, MESSAGE_TEXT_BUDGET } from "./budget.js";
import { firstName, num, scoreText, signed } from "./format.js";

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
  /** The director's language (services.language.localeOf); English when absent. */
  locale?: Locale;
}

const MAX_TEAMS = 15;
const MAX_COMPANIES = 20;
/** Outer-loop issues listed per company, and how much of each note: the digest is a summary. */
const MAX_ISSUES = 5;
const NOTE_CHARS = 280;
/** Root causes and team names inside summary lines (the org file allows 200 characters). */
const LABEL_CHARS = 80;
const MAX_CAUSES = 5;

/** "up 8 points vs the period before (a real change)" / "+2 vs the period before, within the noise". */
function changeText(L: Locale, c: { delta: number | null; significant: boolean } | null): string {
  if (!c || c.delta === null) return "";
  if (!c.significant) return t(L, "digest.changeNoise", { delta: signed(c.delta, L) });
  return t(L, c.delta > 0 ? "digest.changeUp" : "digest.changeDown", { delta: num(Math.abs(c.delta), L) });
}

function line(L: Locale, name: string, r: ReportView): TextRun[] {
  const change = changeText(L, r.change);
  const trend = r.trend.some((w) => w.nps !== null) ? ` ${r.sparkline}` : "";
  return [{ text: "• " }, bold(name), { text: `: ${scoreText(r, L)}${trend}${change ? `, ${change}` : ""}` }];
}

function lines(rows: TextRun[][]): TextRun[] {
  return rows.flatMap((r, i) => (i === 0 ? r : [{ text: "\n" }, ...r]));
}

function causeLabel(L: Locale, cause: string): string {
  return capUtf16(L === SOURCE_LOCALE ? cause : rootCauseLabel(L, cause), LABEL_CHARS);
}

function health(L: Locale, r: ReportView): string {
  const open = t(L, "unit.openCases", { n: r.openCases });
  const parts = [r.overdueCases ? t(L, "digest.overdue", { cases: open, n: r.overdueCases }) : open];
  parts.push(
    r.slaShare === null ? t(L, "digest.noneClosed") : t(L, "digest.withinSla", { pct: Math.round(r.slaShare * 100) }),
  );
  if (r.topRootCauses.length)
    parts.push(
      t(L, "digest.topCauses", {
        list: r.topRootCauses
          .slice(0, MAX_CAUSES)
          .map((c) => t(L, "digest.cause", { cause: causeLabel(L, c.cause), count: c.count }))
          .join(t(L, "digest.listSeparator")),
      }),
    );
  return parts.join(" · ");
}

function comparison(L: Locale, r: ReportView): string | null {
  const c = r.comparison;
  if (!c || c.programme.companies === 0 || c.nonProgramme.companies === 0) return null;
  const side = (x: typeof c.programme) =>
    x.nps === null
      ? t(L, "digest.compareFew", { n: x.n })
      : t(L, "score.value", { nps: signed(x.nps, L), moe: num(x.marginOfError ?? 0, L), n: x.n });
  return t(L, "digest.compare", { area: c.area, programme: side(c.programme), others: side(c.nonProgramme) });
}

export function directorDigest(i: DirectorDigestInput): MessageView {
  const L = i.locale ?? SOURCE_LOCALE;
  const blocks: MessageBlock[] = [
    { type: "header", text: t(L, "digest.header", { period: i.periodLabel }) },
    { type: "context", text: t(L, "digest.intro", { name: firstName(i.directorName) }) },
  ];
  const single = i.companies.length === 1;
  const seenAreas = new Set<string>();
  const companies = [...i.companies].sort((a, b) => b.report.n - a.report.n || a.name.localeCompare(b.name));
  // Companies are added whole while the message stays within its text budget; the rest are
  // summarised in one line (a digest past Slack's limit would not arrive at all).
  const moreLine = (n: number): MessageBlock => ({
    type: "context",
    text: t(L, "digest.moreCompanies", { n }),
  });
  const reserve = blockTextLength(moreLine(companies.length));
  let used = blocks.reduce((n, b) => n + blockTextLength(b), 0);
  let shown = 0;
  for (const c of companies.slice(0, single ? 1 : MAX_COMPANIES)) {
    const group = companyBlocks(L, c, single, seenAreas);
    const size = group.reduce((n, b) => n + blockTextLength(b), 0);
    if (shown > 0 && used + size > MESSAGE_TEXT_BUDGET - reserve) break;
    blocks.push(...group);
    used += size;
    shown += 1;
  }
  if (!single && companies.length > shown) blocks.push(moreLine(companies.length - shown));
  const head = companies[0];
  const text = !head
    ? t(L, "digest.textNone", { period: i.periodLabel })
    : companies.length > 1
      ? t(L, "digest.textMore", {
          period: i.periodLabel,
          company: head.name,
          score: scoreText(head.report, L),
          n: companies.length - 1,
        })
      : t(L, "digest.text", { period: i.periodLabel, company: head.name, score: scoreText(head.report, L) });
  return { text, blocks };
}

function companyBlocks(L: Locale, c: DigestCompany, single: boolean, seenAreas: Set<string>): MessageBlock[] {
  const blocks: MessageBlock[] = [{ type: "text", text: line(L, c.name, c.report) }];
  if (single && c.teams.length) {
    const teams = [...c.teams].sort((a, b) => b.report.n - a.report.n || a.name.localeCompare(b.name));
    blocks.push({ type: "text", text: lines(teams.slice(0, MAX_TEAMS).map((x) => line(L, x.name, x.report))) });
    if (teams.length > MAX_TEAMS)
      blocks.push({ type: "context", text: t(L, "digest.moreTeams", { n: teams.length - MAX_TEAMS }) });
  }
  blocks.push({ type: "context", text: t(L, "digest.followUp", { health: health(L, c.report) }) });
  if (c.outerLoop.length) {
    const issues = c.outerLoop.slice(0, MAX_ISSUES).map((o) => {
      const note = o.note ? `: ${capUtf16(o.note, NOTE_CHARS)}` : "";
      const team = o.teamName ? ` (${capUtf16(o.teamName, LABEL_CHARS)})` : "";
      const cause = o.rootCause ? causeLabel(L, o.rootCause) : t(L, "digest.unspecified");
      return `• #${o.caseId} ${cause}${team}${note}`;
    });
    const more = c.outerLoop.length - MAX_ISSUES;
    if (more > 0) issues.push(t(L, "digest.moreIssues", { n: more }));
    blocks.push({
      type: "text",
      text: [bold(t(L, "digest.issuesTitle")), { text: `${t(L, "digest.issuesReach")}\n${issues.join("\n")}` }],
    });
  }
  const cmp = comparison(L, c.report);
  if (cmp && !seenAreas.has(c.report.comparison!.area)) {
    seenAreas.add(c.report.comparison!.area);
    blocks.push({ type: "context", text: cmp });
  }
  return blocks;
}
