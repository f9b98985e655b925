// The /nps report as Block Kit: converts the neutral report card (core/report-card.ts, which decides
// every word and keeps the numbers honest), plus Slack's own Share button and "Shared by" line.
import type { CardFact } from "../../core/card-parts.js";
import { cardText } from "../../core/card-text.js";
import { showChartLabel } from "../../core/messages/charts.js";
import { buildReportCardContent, type ReportCard } from "../../core/report-card.js";
import type { ReportView } from "../../core/views.js";
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
  SLACK_LIMITS,
  type SlackMessage,
} from "./blocks.js";
import { mrkdwnLine, plainLine } from "./card-parts.js";

export const REPORT_SHARE_ACTION = "report_share";
/** "Show chart": the same report's charts as images, sent to the asker privately. */
export const REPORT_CHART_ACTION = "report_chart";

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
  /** Facts after the report's own (a person's coaching effect). */
  extraFacts?: CardFact[];
}

/** The report for a view: the neutral report card (core/report-card.ts), converted. */
export function buildReportMessage(view: ReportView, opts: ReportMessageOptions = {}): SlackMessage {
  return reportCardToBlockKit(
    buildReportCardContent(view, { note: opts.note ?? null, extraFacts: opts.extraFacts ?? [] }),
    opts,
  );
}

/** Converts the neutral report card to a Block Kit message (pure); share and sharedBy are Slack's own. */
export function reportCardToBlockKit(
  card: ReportCard,
  opts: Omit<ReportMessageOptions, "note" | "extraFacts"> = {},
): SlackMessage {
  const R = cardText(card.locale).report;
  const blocks: KnownBlock[] = [header(plainLine(card.title)), context(mrkdwnLine(card.scope))];
  if (card.note) blocks.push(context(mrkdwnLine(card.note)));

  // The score once, with its margin and n.
  if (card.headline) {
    const h = card.headline;
    blocks.push(mrkdwnSection(`*${h.label}* *${mrkdwnLine([h.figure])}* ${mrkdwnLine([h.detail])}`));
  }
  if (card.absent) blocks.push(mrkdwnSection(mrkdwnLine(card.absent)));
  if (card.warning) blocks.push(context(mrkdwnLine([card.warning])));
  blocks.push(...fieldSections(card.facts.map((f) => ({ label: f.label, value: mrkdwnLine(f.value) }))));

  blocks.push(mrkdwnSection(`*${mrkdwnLine([card.followUp.label])}*`));
  blocks.push(...fieldSections(card.followUp.facts.map((f) => ({ label: f.label, value: mrkdwnLine(f.value) }))));

  if (opts.sharedBy) blocks.push(context(`${R.sharedBy}<@${opts.sharedBy}>${R.sharedWith}`));
  if (opts.share) {
    const share: ActionsBlock = {
      type: "actions",
      block_id: "report_actions",
      elements: [
        button(REPORT_SHARE_ACTION, R.share, encodeShareValue(opts.share)),
        button(REPORT_CHART_ACTION, showChartLabel(card.locale ?? "en"), encodeShareValue(opts.share)),
      ],
    };
    blocks.push(share);
  }
  return { blocks: fitBlocks(blocks), text: fallback(md(card.fallback, SLACK_LIMITS.fallbackText, false)) };
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
