// The App Home tab: my open cases with their SLA, my team's NPS, my coaching to-dos.

import { COACHING_DONE_ACTION } from "../../core/messages/coaching.js";
import type { CaseCardView, ReportView } from "../../core/views.js";
import {
  button,
  context,
  fitBlocks,
  fitTextBudget,
  type HomeView,
  header,
  type KnownBlock,
  md,
  mrkdwnSection,
  plain,
  SLACK_LIMITS,
  slackDate,
} from "./blocks.js";
import { CATEGORY_STYLE } from "./case-card.js";

export { COACHING_DONE_ACTION };

export interface HomeCoachingItem {
  id: number;
  topic: string;
  /** The staff member coached (for managers) or the manager coaching (for staff). */
  withName: string | null;
  dueAt: Date | null;
  /** Shows a "Mark done" button (the coaching service decides on submission). */
  canMarkDone: boolean;
}

export interface HomeData {
  name: string | null;
  role: string | null;
  myCases: CaseCardView[];
  /** Unclaimed cases in the teams I manage. */
  unclaimed: CaseCardView[];
  reports: ReportView[];
  coaching: HomeCoachingItem[];
  /** Where a case card lives, to point at it. */
  channelOfCase?: Record<number, string>;
  /** The first report's weekly trend, by a link this server serves (only with PUBLIC_URL). */
  chart?: { url: string; alt: string; title: string } | null;
}

const LIST_MAX = 15;

export function buildHome(data: HomeData): HomeView {
  // A header is plain_text: the name goes in as written (md's &amp; would show literally).
  const blocks: KnownBlock[] = [header(data.name ? `NPS Loop · ${plain(data.name, 100, false)}` : "NPS Loop")];
  if (!data.role) {
    blocks.push(
      mrkdwnSection(
        "I don't know you yet. Ask an NPS Loop admin to add your Slack user id to the org file; then this tab shows your cases, your team's NPS and your coaching.",
      ),
    );
    return { type: "home", blocks };
  }

  blocks.push(header("Your open cases"));
  if (data.myCases.length === 0) blocks.push(context("Nothing open in your name. 🎉"));
  for (const c of data.myCases.slice(0, LIST_MAX)) blocks.push(caseLine(c, data.channelOfCase?.[c.caseId]));
  if (data.myCases.length > LIST_MAX) blocks.push(context(`… and ${data.myCases.length - LIST_MAX} more.`));

  if (data.unclaimed.length) {
    blocks.push(header("Waiting for someone to claim"));
    for (const c of data.unclaimed.slice(0, LIST_MAX)) blocks.push(caseLine(c, data.channelOfCase?.[c.caseId]));
    if (data.unclaimed.length > LIST_MAX) blocks.push(context(`… and ${data.unclaimed.length - LIST_MAX} more.`));
  }

  if (data.reports.length) {
    blocks.push({ type: "divider" }, header(data.reports.length === 1 ? "Your NPS" : "Your teams' NPS"));
    for (const r of data.reports.slice(0, LIST_MAX)) blocks.push(reportLine(r));
    if (data.chart) {
      blocks.push({
        type: "image",
        image_url: data.chart.url,
        alt_text: plain(data.chart.alt, 2000, false),
        title: { type: "plain_text", text: plain(data.chart.title, 2000, false) },
      });
    }
    blocks.push(context("Ask `/nps <team> [period]` for the full report with its trend and root causes."));
  }

  blocks.push({ type: "divider" }, header("Coaching"));
  if (data.coaching.length === 0) blocks.push(context("No coaching planned right now."));
  for (const s of data.coaching.slice(0, LIST_MAX)) {
    const due = s.dueAt ? ` · due ${slackDate(s.dueAt, "{date_short_pretty}")}` : "";
    const who = s.withName ? ` with ${md(s.withName, 100, false)}` : "";
    const line = mrkdwnSection(`• *${md(s.topic, 300, false)}*${who}${due}`);
    if (s.canMarkDone) {
      line.accessory = button(COACHING_DONE_ACTION, "Mark done", String(s.id), "primary");
    }
    blocks.push(line);
  }
  // The same total text budget as messages: Slack documents none for views, and refuses past it.
  return { type: "home", blocks: fitTextBudget(fitBlocks(blocks, SLACK_LIMITS.surfaceBlocks)) };
}

function caseLine(c: CaseCardView, channelId: string | undefined) {
  const cat = CATEGORY_STYLE[c.category];
  const sla = c.overdue ? `⚠️ *${md(c.dueText, 80, false)}*` : md(c.dueText, 80, false);
  const where = channelId ? ` in <#${channelId}>` : "";
  const comment = c.comment && !c.erased ? `\n_“${md(c.comment, 140)}”_` : "";
  return mrkdwnSection(
    `${cat.emoji} *#${c.caseId}* · ${c.score}/10 · ${md(c.touchpoint ?? "no touchpoint", 80)} · ${sla}${where}${comment}`,
  );
}

function reportLine(r: ReportView) {
  const score =
    r.enoughData && r.nps !== null
      ? `*${r.nps > 0 ? "+" : ""}${r.nps}* ± ${r.marginOfError ?? 0} (n = ${r.n})`
      : `too few responses (n = ${r.n}, needs ${r.minSample})`;
  const trend = r.sparkline ? ` \`${md(r.sparkline, 60, false)}\`` : "";
  const cases = r.openCases ? ` · ${r.openCases} open case${r.openCases === 1 ? "" : "s"}` : "";
  return mrkdwnSection(
    `*${md(r.scope.name, 100, false)}* · ${md(r.period.label, 40, false)}: ${score}${trend}${cases}`,
  );
}
