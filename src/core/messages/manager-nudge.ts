// The daily manager nudge (pure): coaching due or overdue, behavioural cases closed without a
// coaching plan, and thanks for a quiet week. Sent only when one of those has something in it.
import { rootCauseLabel } from "../card-text.js";
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import { bold, type MessageBlock, type MessageView } from "../views.js";
import { COACHING_DONE_ACTION } from "./coaching.js";
import { firstName, shortDate } from "./format.js";

export interface ManagerNudgeInput {
  /** The manager's language (absent = the source locale). */
  locale?: Locale;
  managerName: string;
  timeZone: string;
  now: Date;
  dueCoaching: { id: number; staffName: string; topic: string; dueAt: Date }[];
  /** Behavioural cases resolved since the last nudge with no coaching planned. */
  newUncoached: { caseId: number; staffName: string; rootCause: string }[];
  /** Older ones (last two weeks) still without a plan. */
  olderUncoached: number;
  /** Teams whose last week brought responses and no case to follow up. */
  quietTeams: { name: string; responses: number }[];
}

const MAX_LISTED = 8;

export function hasNudgeContent(i: ManagerNudgeInput): boolean {
  return i.dueCoaching.length + i.newUncoached.length + i.olderUncoached + i.quietTeams.length > 0;
}

export function managerNudge(i: ManagerNudgeInput): MessageView {
  const L = i.locale ?? SOURCE_LOCALE;
  const blocks: MessageBlock[] = [{ type: "header", text: t(L, "nudge.header", { name: firstName(i.managerName) }) }];
  const summary: string[] = [];
  if (i.quietTeams.length > 0) {
    const names = i.quietTeams.map((q) => `${q.name} (${t(L, "unit.responses", { n: q.responses })})`).join(", ");
    blocks.push({ type: "text", text: t(L, "nudge.quiet", { names }) });
    summary.push(t(L, "nudge.quietSummary"));
  }
  if (i.dueCoaching.length > 0) {
    blocks.push({ type: "text", text: [bold(t(L, "nudge.due"))] });
    for (const s of i.dueCoaching.slice(0, MAX_LISTED)) {
      const late = s.dueAt.getTime() < i.now.getTime() - 86_400_000;
      const when = late ? t(L, "nudge.wasDue", { date: shortDate(s.dueAt, i.timeZone, L) }) : t(L, "nudge.dueToday");
      blocks.push({ type: "text", text: `• ${s.staffName}: ${s.topic} (${when})` });
      blocks.push({
        type: "actions",
        actions: [{ id: COACHING_DONE_ACTION, label: t(L, "reminder.markDone"), value: String(s.id) }],
      });
    }
    if (i.dueCoaching.length > MAX_LISTED) {
      blocks.push({ type: "context", text: t(L, "reminder.more", { n: i.dueCoaching.length - MAX_LISTED }) });
    }
    summary.push(t(L, "nudge.sessions", { n: i.dueCoaching.length }));
  }
  if (i.newUncoached.length > 0 || i.olderUncoached > 0) {
    blocks.push({ type: "text", text: [bold(t(L, "nudge.worth"))] });
    for (const c of i.newUncoached.slice(0, MAX_LISTED)) {
      const cause = rootCauseLabel(L, c.rootCause);
      blocks.push({ type: "text", text: t(L, "nudge.case", { id: c.caseId, staff: c.staffName, cause }) });
    }
    const rest = i.newUncoached.length - Math.min(MAX_LISTED, i.newUncoached.length) + i.olderUncoached;
    if (rest > 0) blocks.push({ type: "context", text: t(L, "nudge.earlier", { n: rest }) });
    blocks.push({ type: "context", text: t(L, "nudge.why") });
    summary.push(t(L, "nudge.uncoached", { n: i.newUncoached.length + i.olderUncoached }));
  }
  return { text: t(L, "nudge.text", { summary: summary.join(", ") }), blocks };
}
