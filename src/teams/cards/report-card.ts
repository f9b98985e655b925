// The answer to `nps team-x 30d` in Teams: the same report as Slack's /nps and the CLI (the lines
// of core/report-text, so wording and honesty rules stay in one place), with the score as a headline.
import { formatReportText } from "../../core/report-text.js";
import type { ReportView } from "../../core/views.js";
import { type AdaptiveCard, type CardElement, card, md, plain, textBlock } from "./common.js";

/** "Label: value" lines with a short label become facts; longer sentences stay paragraphs. */
const FACT_LINE = /^([A-Z][^:]{1,40}): (.+)$/;

export interface ReportCardOptions {
  /** A line shown above the numbers (e.g. "x is both a team and a company"). */
  note?: string | null;
}

export function buildReportCard(view: ReportView, opts: ReportCardOptions = {}): AdaptiveCard {
  const text = formatReportText(view);
  const [title = "NPS report", period = "", ...rest] = text.split("\n");
  const body: CardElement[] = [
    textBlock(md(title, { maskContacts: false, max: 200 }), { size: "Large", weight: "Bolder" }),
    textBlock(md(period, { maskContacts: false, max: 200 }), { isSubtle: true, spacing: "None" }),
  ];
  if (opts.note) body.push(textBlock(`ℹ️ ${md(opts.note, { maskContacts: false, max: 500 })}`, { size: "Small" }));
  if (view.enoughData && view.nps !== null) body.push(headline(view));
  const facts: { title: string; value: string }[] = [];
  const flushFacts = () => {
    if (facts.length) body.push({ type: "FactSet", facts: facts.splice(0) });
  };
  for (const line of rest) {
    const m = FACT_LINE.exec(line);
    if (m?.[1] && m[2]) {
      facts.push({ title: md(m[1], { maskContacts: false }), value: md(m[2], { maskContacts: false, max: 1000 }) });
    } else {
      flushFacts();
      body.push(textBlock(md(line, { maskContacts: false, max: 1000 })));
    }
  }
  flushFacts();
  return card(body, [], plain(rest[0] ? `${title}: ${rest[0]}` : title, { maskContacts: false, max: 300 }));
}

function headline(view: ReportView): CardElement {
  const nps = Math.round(view.nps!);
  const moe = view.marginOfError === null ? "" : ` ± ${Math.round(view.marginOfError)}`;
  return {
    type: "ColumnSet",
    columns: [
      {
        type: "Column",
        width: "auto",
        items: [
          textBlock(`${nps > 0 ? "+" : ""}${nps}`, {
            size: "ExtraLarge",
            weight: "Bolder",
            color: nps >= 30 ? "Good" : nps < 0 ? "Attention" : "Default",
          }),
        ],
      },
      {
        type: "Column",
        width: "stretch",
        verticalContentAlignment: "Center",
        items: [textBlock(`NPS${moe} · n = ${view.n}`, { isSubtle: true })],
      },
    ],
  };
}
