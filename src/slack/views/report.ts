// The /nps report as Block Kit: honest numbers (no score under the minimum sample, the margin of
// error beside every score, a change called significant only when the test says so).

import { localDate } from "../../core/periods.js";
import { duration, formatReportText, num, pct, plural, signed } from "../../core/report-text.js";
import type { ComparisonRow, ReportView } from "../../core/views.js";
import {
  type ActionsBlock,
  button,
  context,
  fallback,
  fieldSections,
  fitBlocks,
  header,
  type KnownBlock,
  md,
  mrkdwnSection,
  plain,
  SLACK_LIMITS,
  type SlackMessage,
} from "./blocks.js";

export const REPORT_SHARE_ACTION = "report_share";

/** What the "Share in channel" button carries to rebuild the same report. */
export interface ReportShareValue {
  kind: "team" | "company" | "person";
  slug: string;
  period: string;
}

export interface ReportMessageOptions {
  /** Adds the "Share in channel" button (ephemeral answers only). */
  share?: ReportShareValue;
  /** "Shared by <@U…>" line on a report posted in a channel. */
  sharedBy?: string;
  /** A note shown above the numbers (e.g. "x is both a team and a company"). */
  note?: string | null;
}

const KIND_LABEL = { team: "Team", company: "Company", person: "Person" } as const;

export function buildReportMessage(view: ReportView, opts: ReportMessageOptions = {}): SlackMessage {
  const { scope, period } = view;
  const last = new Date(period.to.getTime() - 1);
  const blocks: KnownBlock[] = [
    header(`📊 NPS · ${plain(scope.name, 120, false)}`),
    context(
      `${KIND_LABEL[scope.kind]} \`${md(scope.slug, 100, false)}\` · ${md(period.label, 100, false)} · ` +
        `${localDate(period.from, period.timeZone)} to ${localDate(last, period.timeZone)} (${md(period.timeZone, 60, false)})`,
    ),
  ];
  if (opts.note) blocks.push(context(`ℹ️ ${md(opts.note, 500, false)}`));

  if (view.n === 0) {
    blocks.push(mrkdwnSection("*No responses in this period.*"));
  } else if (!view.enoughData || view.nps === null) {
    blocks.push(
      mrkdwnSection(
        `*Too few responses for an NPS:* ${plural(view.n, "response")} in this period, and a score needs at least ${view.minSample} to mean anything.`,
      ),
    );
  } else {
    const moe = view.marginOfError ?? 0;
    blocks.push(
      ...fieldSections([
        { label: "NPS", value: `*${signed(view.nps)}* ± ${num(moe)} (95% margin)` },
        { label: "Responses", value: String(view.n) },
        {
          label: "Promoters · Passives · Detractors",
          value: `${pct(view.promotersPct)} · ${pct(view.passivesPct)} · ${pct(view.detractorsPct)}`,
        },
        { label: "Change", value: changeText(view) },
      ]),
    );
    if (moe > 20) {
      blocks.push(
        context(
          `The margin is wide: the true score could be anywhere from ${signed(Math.max(-100, view.nps - moe))} to ${signed(Math.min(100, view.nps + moe))}; more responses would narrow it.`,
        ),
      );
    }
  }

  if (view.trend.length > 0) {
    const gaps = view.trend.some((t) => t.nps === null);
    blocks.push(
      mrkdwnSection(
        `*Weekly trend* (${plural(view.trend.length, "week")}, oldest first): \`${md(view.sparkline, 200, false)}\`` +
          (gaps ? `\n_· = fewer than ${view.minSample} responses that week_` : ""),
      ),
    );
  }

  const closed = view.closedCases;
  blocks.push(
    ...fieldSections([
      {
        label: "Open cases",
        value: `${view.openCases}${view.overdueCases ? ` (⚠️ ${view.overdueCases} overdue)` : ""}`,
      },
      {
        label: "Closed within SLA",
        value:
          view.slaShare === null
            ? "no cases closed in this period"
            : `${pct(view.slaShare * 100)}${closed === undefined ? "" : ` of ${plural(closed, "case")}`}`,
      },
      {
        label: "Median time to close",
        value: view.medianHoursToClose === null ? "—" : duration(view.medianHoursToClose),
      },
      {
        label: "Top root causes",
        value: view.topRootCauses.length
          ? view.topRootCauses.map((c) => `${md(c.cause, 100, false)} (${c.count})`).join(", ")
          : "—",
      },
    ]),
  );

  if (view.comparison) {
    const c = view.comparison;
    blocks.push(
      mrkdwnSection(
        `*Area “${md(c.area, 100, false)}”:* programme ${side(c.programme)} vs non-programme ${side(c.nonProgramme)}`,
      ),
    );
  }

  if (opts.sharedBy) blocks.push(context(`Shared by <@${opts.sharedBy}> with /nps`));
  if (opts.share) {
    const share: ActionsBlock = {
      type: "actions",
      block_id: "report_actions",
      elements: [button(REPORT_SHARE_ACTION, "Share in channel", encodeShareValue(opts.share))],
    };
    blocks.push(share);
  }
  return { blocks: fitBlocks(blocks), text: fallback(md(formatReportText(view), SLACK_LIMITS.fallbackText, false)) };
}

export function encodeShareValue(v: ReportShareValue): string {
  return JSON.stringify(v);
}

export function decodeShareValue(raw: string): ReportShareValue | null {
  try {
    const v = JSON.parse(raw) as Partial<ReportShareValue>;
    if ((v.kind === "team" || v.kind === "company" || v.kind === "person") && typeof v.slug === "string") {
      return { kind: v.kind, slug: v.slug, period: typeof v.period === "string" ? v.period : "30d" };
    }
  } catch {
    // fall through
  }
  return null;
}

function changeText(view: ReportView): string {
  const c = view.change;
  const against = md(c?.period?.label ?? "the previous period", 100, false);
  if (!c) return "no previous period";
  if (c.previousNps === null || c.delta === null) {
    return c.previousN === 0
      ? `no responses in ${against}`
      : `not shown: only ${plural(c.previousN, "response")} in ${against}`;
  }
  const verdict = c.significant ? "*significant* at 95%" : "not significant (within the noise)";
  return `${signed(c.delta)} vs ${against} (was ${signed(c.previousNps)}, n = ${c.previousN}); ${verdict}`;
}

function side(r: ComparisonRow): string {
  if (r.companies === 0) return "no companies";
  const who = `(${plural(r.companies, "company", "companies")}, n = ${r.n})`;
  return r.nps === null ? `${who} too few responses` : `${signed(r.nps)} ± ${num(r.marginOfError ?? 0)} ${who}`;
}
