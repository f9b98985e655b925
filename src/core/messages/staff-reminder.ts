// The weekly staff reminder (pure). Often read by contractors' staff who owe us nothing: it
// recognises first (their customers' words, their score), then offers one practical thing to try,
// then lists what they agreed with their manager. It asks, never orders, and is easy to turn off.
import type { CoachingTip } from "../coaching-rules.js";
import { bold, italic, type MessageBlock, type MessageView, type ReportView, type TextRun } from "../views.js";
import { COACHING_DONE_ACTION } from "./coaching.js";
import { firstName, num, plural, shortDate, signed } from "./format.js";

export interface StaffReminderInput {
  name: string;
  timeZone: string;
  weeks: number;
  report: Pick<ReportView, "n" | "nps" | "marginOfError" | "enoughData" | "minSample" | "change" | "sparkline">;
  promoterQuote: { text: string; at: Date } | null;
  focus: (CoachingTip & { count: number }) | null;
  openCoaching: { id: number; topic: string; dueAt: Date | null; managerName: string | null }[];
  /** How to turn these off on the recipient's platform. */
  turnOffHint: string;
}

/** Margins wider than this many points get a "rough guide" note. */
const WIDE_MARGIN = 20;
/** How many coaching actions get their own Mark done button (the rest are counted). */
const MAX_ACTIONS = 5;

function scoreParagraph(i: StaffReminderInput): TextRun[] {
  const r = i.report;
  const span = `the last ${i.weeks} weeks`;
  if (r.n === 0) {
    return [{ text: `No customer ratings reached us for your visits in ${span}. That happens; they will come.` }];
  }
  if (!r.enoughData || r.nps === null) {
    return [
      {
        text:
          `${plural(r.n, "customer")} rated your visits in ${span}. ` +
          `A score needs at least ${r.minSample} ratings to mean much, so we will show one when there are enough.`,
      },
    ];
  }
  const lead = `Your customers' NPS over ${span}: `;
  let line = ` (± ${num(r.marginOfError ?? 0)}, from ${plural(r.n, "rating")}).`;
  const c = r.change;
  if (c && c.delta !== null) {
    if (c.significant && c.delta > 0)
      line += ` That is up ${num(c.delta)} points on the weeks before: a real improvement, well done.`;
    else if (c.significant) line += ` That is ${num(-c.delta)} points below the weeks before.`;
    else line += " About the same as the weeks before.";
  }
  if ((r.marginOfError ?? 0) > WIDE_MARGIN) {
    line += " With this few ratings the margin is wide, so read it as a rough guide: each customer moves it a lot.";
  }
  // Individual weeks rarely reach the minimum sample: only show bars when some week has one.
  if (/[^·\s]/.test(r.sparkline)) line += `\nWeek by week: ${r.sparkline}`;
  return [{ text: lead }, bold(signed(r.nps)), { text: line }];
}

export function weeklyStaffReminder(i: StaffReminderInput): MessageView {
  const hi = firstName(i.name);
  const blocks: MessageBlock[] = [{ type: "header", text: `Your week with customers, ${hi}` }];
  // Praise first: a customer's own words beat any number.
  if (i.promoterQuote) {
    blocks.push({ type: "text", text: "A customer said this about your visit:" });
    blocks.push({
      type: "quote",
      text: i.promoterQuote.text,
      attribution: `a customer, ${shortDate(i.promoterQuote.at, i.timeZone)}`,
    });
  }
  blocks.push({ type: "text", text: scoreParagraph(i) });
  if (i.focus) {
    blocks.push({ type: "divider" });
    blocks.push({
      type: "text",
      text: [
        bold(`One thing to try this week: ${i.focus.focus.toLowerCase()}`),
        { text: `\n${i.focus.tip}\n` },
        italic(i.focus.why),
      ],
    });
    blocks.push({
      type: "context",
      text: `Suggested because ${plural(i.focus.count, "recent follow-up")} with your customers came back to ${i.focus.cause}.`,
    });
  }
  if (i.openCoaching.length > 0) {
    blocks.push({ type: "divider" });
    blocks.push({ type: "text", text: [bold("What you agreed with your manager")] });
    for (const s of i.openCoaching.slice(0, MAX_ACTIONS)) {
      const by = s.dueAt ? ` (by ${shortDate(s.dueAt, i.timeZone)})` : "";
      const with_ = s.managerName ? ` with ${firstName(s.managerName)}` : "";
      blocks.push({ type: "text", text: `• ${s.topic}${with_}${by}` });
      blocks.push({
        type: "actions",
        actions: [{ id: COACHING_DONE_ACTION, label: "Mark done", value: String(s.id) }],
      });
    }
    if (i.openCoaching.length > MAX_ACTIONS) {
      blocks.push({ type: "context", text: `and ${i.openCoaching.length - MAX_ACTIONS} more in the app.` });
    }
  }
  blocks.push({ type: "context", text: `Thank you for looking after our customers. ${i.turnOffHint}` });

  const summary =
    i.report.enoughData && i.report.nps !== null ? `NPS ${signed(i.report.nps)}` : `${plural(i.report.n, "rating")}`;
  const praise = i.promoterQuote ? "A customer praised your visit. " : "";
  return { text: `${praise}Your week with customers: ${summary} over the last ${i.weeks} weeks.`, blocks };
}
