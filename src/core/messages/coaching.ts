// Coaching loop messages (pure): the staff member's note that a session is planned, and the
// before/after summary shown when a session is marked done.
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import { bold, type MessageView } from "../views.js";
import { firstName, scoreText, shortDate, signed } from "./format.js";

export const COACHING_DONE_ACTION = "coaching_done";

export interface PlannedInput {
  /** The staff member's language (absent = the source locale). */
  locale?: Locale;
  sessionId: number;
  staffName: string;
  managerName: string | null;
  topic: string;
  dueAt: Date | null;
  timeZone: string;
}

/** Sent to the staff member when a manager plans a session with them. */
export function coachingPlannedMessage(i: PlannedInput): MessageView {
  const L = i.locale ?? SOURCE_LOCALE;
  const who = i.managerName ? firstName(i.managerName) : t(L, "coaching.yourManager");
  const when = i.dueAt ? t(L, "coaching.before", { date: shortDate(i.dueAt, i.timeZone, L) }) : "";
  return {
    text: t(L, "coaching.text", { who, topic: i.topic }),
    blocks: [
      { type: "header", text: t(L, "coaching.header") },
      {
        type: "text",
        text: [
          { text: t(L, "coaching.lead", { name: firstName(i.staffName), who, when }) },
          bold(i.topic),
          { text: t(L, "coaching.notBlame") },
        ],
      },
      {
        type: "actions",
        actions: [{ id: COACHING_DONE_ACTION, label: t(L, "reminder.markDone"), value: String(i.sessionId) }],
      },
      { type: "context", text: t(L, "coaching.markDoneHint") },
    ],
  };
}

export interface NpsWindow {
  from: Date;
  to: Date;
  n: number;
  nps: number | null;
  marginOfError: number | null;
  minSample: number;
}

/** The answer to "Mark done": the person's NPS before the session and since, in the reader's language. */
export function coachingDoneText(i: {
  staffName: string;
  topic: string;
  before: NpsWindow;
  after: NpsWindow;
  timeZone: string;
  locale?: Locale;
}): string {
  const L = i.locale ?? SOURCE_LOCALE;
  const date = (d: Date) => shortDate(d, i.timeZone, L);
  const dates = t(L, "text.dates", { from: date(i.before.from), to: date(new Date(i.before.to.getTime() - 1)) });
  const lines = [
    t(L, "done.coachingDone", { topic: i.topic, staff: i.staffName }),
    t(L, "done.npsBefore", { dates, score: scoreText(i.before, L) }),
  ];
  if (i.after.n === 0) {
    lines.push(t(L, "done.sinceNone"));
  } else if (i.after.nps === null || i.before.nps === null) {
    const responses = t(L, "unit.responses", { n: i.after.minSample });
    lines.push(t(L, "done.sinceFew", { score: scoreText(i.after, L), responses }));
  } else {
    lines.push(t(L, "done.since", { score: scoreText(i.after, L), delta: signed(i.after.nps - i.before.nps, L) }));
  }
  return lines.join("\n");
}
