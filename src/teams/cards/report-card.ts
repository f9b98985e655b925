// The answer to `nps team-x 30d` in Teams: converts the neutral report card (core/report-card.ts,
// the same content as Slack's /nps) to an Adaptive Card. The score is shown once, big, with its
// margin and n beside it; the text form of the report is only the notification fallback.
import type { CardFact } from "../../core/card-parts.js";
import { buildReportCardContent, type ReportCard, type ReportHeadline } from "../../core/report-card.js";
import type { ReportView } from "../../core/views.js";
import { markdownLine } from "./card-parts.js";
import { type AdaptiveCard, type CardElement, card, factSet, plain, textBlock } from "./common.js";

export interface ReportCardOptions {
  /** A line shown above the numbers (e.g. "x is both a team and a company"). */
  note?: string | null;
  /** Facts after the report's own (a person's coaching effect). */
  extraFacts?: CardFact[];
  /** A chart under the numbers: a data URI or a short-lived link this server serves. */
  chart?: ReportChartImage | null;
}

export interface ReportChartImage {
  url: string;
  alt: string;
}

/** Longest notification summary of a report. */
const FALLBACK_MAX = 300;

const TONE_COLOR: Record<ReportHeadline["tone"], string> = { good: "Good", neutral: "Default", bad: "Attention" };

export function buildReportCard(view: ReportView, opts: ReportCardOptions = {}): AdaptiveCard {
  return reportCardToAdaptiveCard(
    buildReportCardContent(view, { note: opts.note ?? null, extraFacts: opts.extraFacts ?? [] }),
    opts.chart ?? null,
  );
}

/** Converts the neutral report card to an Adaptive Card 1.5 (pure). */
export function reportCardToAdaptiveCard(r: ReportCard, chart: ReportChartImage | null = null): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(markdownLine(r.title), { size: "Large", weight: "Bolder" }),
    textBlock(markdownLine(r.scope), { isSubtle: true, spacing: "None" }),
  ];
  if (r.note) body.push(textBlock(markdownLine(r.note), { size: "Small" }));
  if (r.headline) body.push(headline(r.headline));
  if (r.absent) body.push(textBlock(markdownLine(r.absent)));
  if (r.warning) body.push(textBlock(r.warning, { isSubtle: true, size: "Small" }));
  if (r.facts.length) body.push(factSet(r.facts.map((f) => ({ title: f.label, value: markdownLine(f.value) }))));
  if (chart) body.push({ type: "Image", url: chart.url, altText: chart.alt, size: "Stretch", spacing: "Medium" });
  body.push(textBlock(r.followUp.label, { weight: "Bolder", separator: true }));
  body.push(factSet(r.followUp.facts.map((f) => ({ title: f.label, value: markdownLine(f.value) }))));
  return card(body, [], plain(firstLines(r.fallback, FALLBACK_MAX), { maskContacts: false, max: FALLBACK_MAX }));
}

/** The report's text form cut at a line end: a notification shows its first lines, whole. */
function firstLines(text: string, max: number): string {
  const lines = text.split("\n");
  let out = lines[0] ?? "";
  for (const line of lines.slice(1)) {
    if (Array.from(`${out}\n${line}`).length > max) break;
    out = `${out}\n${line}`;
  }
  return out;
}

function headline(h: ReportHeadline): CardElement {
  return {
    type: "ColumnSet",
    columns: [
      {
        type: "Column",
        width: "auto",
        items: [textBlock(h.figure, { size: "ExtraLarge", weight: "Bolder", color: TONE_COLOR[h.tone] })],
      },
      {
        type: "Column",
        width: "stretch",
        verticalContentAlignment: "Center",
        items: [textBlock(`${h.label} ${h.detail}`, { isSubtle: true })],
      },
    ],
  };
}
