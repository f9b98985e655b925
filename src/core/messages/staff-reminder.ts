// The weekly staff reminder (pure). Often read by contractors' staff who owe us nothing: it
// recognises first (their customers' words, their score), then offers one practical thing to try,
// then lists what they agreed with their manager. It asks, never orders, and is easy to turn off.
import { rootCauseLabel } from "../card-text.js";
import { type CoachingTip, localTip } from "../coaching-rules.js";
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import { bold, italic, type MessageBlock, type MessageView, type ReportView, type TextRun } from "../views.js";
import { COACHING_DONE_ACTION } from "./coaching.js";
import { firstName, num, shortDate, signed } from "./format.js";

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
  /** The recipient's language (absent = the source locale). */
  locale?: Locale;
}

/** Margins wider than this many points get a "rough guide" note. */
const WIDE_MARGIN = 20;
/** How many coaching actions get their own Mark done button (the rest are counted). */
const MAX_ACTIONS = 5;

function scoreParagraph(i: StaffReminderInput, L: Locale): TextRun[] {
  const r = i.report;
  const span = t(L, "reminder.span", { weeks: i.weeks });
  if (r.n === 0) return [{ text: t(L, "reminder.noRatings", { span }) }];
  if (!r.enoughData || r.nps === null) {
    return [
      { text: t(L, "reminder.fewRatings", { customers: t(L, "unit.customers", { n: r.n }), span, min: r.minSample }) },
    ];
  }
  const lead = t(L, "reminder.scoreLead", { span });
  let line = t(L, "reminder.scoreDetail", {
    moe: num(r.marginOfError ?? 0, L),
    ratings: t(L, "unit.ratings", { n: r.n }),
  });
  const c = r.change;
  if (c && c.delta !== null) {
    if (c.significant && c.delta > 0) line += t(L, "reminder.up", { delta: num(c.delta, L) });
    else if (c.significant) line += t(L, "reminder.down", { delta: num(-c.delta, L) });
    else line += t(L, "reminder.same");
  }
  if ((r.marginOfError ?? 0) > WIDE_MARGIN) line += t(L, "reminder.wide");
  // Individual weeks rarely reach the minimum sample: only show bars when some week has one.
  if (/[^·\s]/.test(r.sparkline)) line += t(L, "reminder.weekByWeek", { spark: r.sparkline });
  return [{ text: lead }, bold(signed(r.nps, L)), { text: line }];
}

export function weeklyStaffReminder(i: StaffReminderInput): MessageView {
  const L = i.locale ?? SOURCE_LOCALE;
  const hi = firstName(i.name);
  const date = (at: Date) => shortDate(at, i.timeZone, L);
  const blocks: MessageBlock[] = [{ type: "header", text: t(L, "reminder.header", { name: hi }) }];
  // Praise first: a customer's own words beat any number.
  if (i.promoterQuote) {
    blocks.push({ type: "text", text: t(L, "reminder.quoteIntro") });
    blocks.push({
      type: "quote",
      text: i.promoterQuote.text,
      attribution: t(L, "reminder.quoteBy", { date: date(i.promoterQuote.at) }),
    });
  }
  blocks.push({ type: "text", text: scoreParagraph(i, L) });
  if (i.focus) {
    const tip = localTip(L, i.focus);
    blocks.push({ type: "divider" });
    blocks.push({
      type: "text",
      text: [
        bold(t(L, "reminder.focus", { focus: tip.focus.toLowerCase() })),
        { text: `\n${tip.tip}\n` },
        italic(tip.why),
      ],
    });
    blocks.push({
      type: "context",
      text: t(L, "reminder.suggested", {
        followUps: t(L, "unit.recentFollowUps", { n: i.focus.count }),
        cause: rootCauseLabel(L, i.focus.cause),
      }),
    });
  }
  if (i.openCoaching.length > 0) {
    blocks.push({ type: "divider" });
    blocks.push({ type: "text", text: [bold(t(L, "reminder.agreed"))] });
    for (const s of i.openCoaching.slice(0, MAX_ACTIONS)) {
      const by = s.dueAt ? t(L, "reminder.by", { date: date(s.dueAt) }) : "";
      const with_ = s.managerName ? t(L, "reminder.with", { name: firstName(s.managerName) }) : "";
      blocks.push({ type: "text", text: `• ${s.topic}${with_}${by}` });
      blocks.push({
        type: "actions",
        actions: [{ id: COACHING_DONE_ACTION, label: t(L, "reminder.markDone"), value: String(s.id) }],
      });
    }
    if (i.openCoaching.length > MAX_ACTIONS) {
      blocks.push({ type: "context", text: t(L, "reminder.more", { n: i.openCoaching.length - MAX_ACTIONS }) });
    }
  }
  blocks.push({ type: "context", text: t(L, "reminder.thanks", { turnOff: i.turnOffHint }) });

  const summary =
    i.report.enoughData && i.report.nps !== null
      ? t(L, "reminder.summaryNps", { nps: signed(i.report.nps, L) })
      : t(L, "unit.ratings", { n: i.report.n });
  const praise = i.promoterQuote ? t(L, "reminder.praise") : "";
  return { text: t(L, "reminder.text", { praise, summary, weeks: i.weeks }), blocks };
}
