// The App Home tab: my open cases with their SLA, my team's NPS, my coaching to-dos.

import { type Locale, periodLabel, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import { COACHING_DONE_ACTION } from "../../core/messages/coaching.js";
import { num, signed } from "../../core/report-text.js";
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
  /** The reader's language (absent = the source locale). */
  locale?: Locale;
}

const LIST_MAX = 15;

export function buildHome(data: HomeData): HomeView {
  const L = data.locale ?? SOURCE_LOCALE;
  // A header is plain_text: the name goes in as written (md's &amp; would show literally).
  const blocks: KnownBlock[] = [header(data.name ? `NPS Loop · ${plain(data.name, 100, false)}` : "NPS Loop")];
  if (!data.role) {
    blocks.push(mrkdwnSection(t(L, "home.unknown")));
    return { type: "home", blocks };
  }

  blocks.push(header(t(L, "home.myCases")));
  if (data.myCases.length === 0) blocks.push(context(t(L, "home.nothingOpen")));
  for (const c of data.myCases.slice(0, LIST_MAX)) blocks.push(caseLine(c, data.channelOfCase?.[c.caseId], L));
  if (data.myCases.length > LIST_MAX) blocks.push(context(t(L, "home.more", { n: data.myCases.length - LIST_MAX })));

  if (data.unclaimed.length) {
    blocks.push(header(t(L, "home.unclaimed")));
    for (const c of data.unclaimed.slice(0, LIST_MAX)) blocks.push(caseLine(c, data.channelOfCase?.[c.caseId], L));
    if (data.unclaimed.length > LIST_MAX) {
      blocks.push(context(t(L, "home.more", { n: data.unclaimed.length - LIST_MAX })));
    }
  }

  if (data.reports.length) {
    blocks.push({ type: "divider" }, header(t(L, "home.yourNps", { n: data.reports.length })));
    for (const r of data.reports.slice(0, LIST_MAX)) blocks.push(reportLine(r, L));
    if (data.chart) {
      blocks.push({
        type: "image",
        image_url: data.chart.url,
        alt_text: plain(data.chart.alt, 2000, false),
        title: { type: "plain_text", text: plain(data.chart.title, 2000, false) },
      });
    }
    blocks.push(context(t(L, "home.askReport")));
  }

  blocks.push({ type: "divider" }, header(t(L, "home.coaching")));
  if (data.coaching.length === 0) blocks.push(context(t(L, "home.noCoaching")));
  for (const s of data.coaching.slice(0, LIST_MAX)) {
    const due = s.dueAt ? t(L, "home.due", { date: slackDate(s.dueAt, "{date_short_pretty}") }) : "";
    const who = s.withName ? t(L, "home.with", { name: md(s.withName, 100, false) }) : "";
    const line = mrkdwnSection(`• *${md(s.topic, 300, false)}*${who}${due}`);
    if (s.canMarkDone) {
      line.accessory = button(COACHING_DONE_ACTION, t(L, "reminder.markDone"), String(s.id), "primary");
    }
    blocks.push(line);
  }
  // The same total text budget as messages: Slack documents none for views, and refuses past it.
  return { type: "home", blocks: fitTextBudget(fitBlocks(blocks, SLACK_LIMITS.surfaceBlocks)) };
}

function caseLine(c: CaseCardView, channelId: string | undefined, L: Locale) {
  const cat = CATEGORY_STYLE[c.category];
  const sla = c.overdue ? `⚠️ *${md(c.dueText, 80, false)}*` : md(c.dueText, 80, false);
  const where = channelId ? t(L, "home.in", { channel: `<#${channelId}>` }) : "";
  const comment = c.comment && !c.erased ? `\n_“${md(c.comment, 140)}”_` : "";
  const touchpoint = md(c.touchpoint ?? t(L, "home.noTouchpoint"), 80);
  return mrkdwnSection(`${cat.emoji} *#${c.caseId}* · ${c.score}/10 · ${touchpoint} · ${sla}${where}${comment}`);
}

function reportLine(r: ReportView, L: Locale) {
  const score =
    r.enoughData && r.nps !== null
      ? `*${signed(r.nps, L)}* ± ${num(r.marginOfError ?? 0, L)} (n = ${r.n})`
      : t(L, "home.tooFew", { n: r.n, min: r.minSample });
  const trend = r.sparkline ? ` \`${md(r.sparkline, 60, false)}\`` : "";
  const cases = r.openCases ? t(L, "home.openCases", { n: r.openCases }) : "";
  const period = md(periodLabel(L, r.period.label), 40, false);
  return mrkdwnSection(`*${md(r.scope.name, 100, false)}* · ${period}: ${score}${trend}${cases}`);
}
