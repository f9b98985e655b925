// Coaching loop messages (pure): the staff member's note that a session is planned, and the
// before/after summary shown when a session is marked done.
import { bold, type MessageView } from "../views.js";
import { firstName, plural, scoreText, shortDate, signed } from "./format.js";

export const COACHING_DONE_ACTION = "coaching_done";

export interface PlannedInput {
  sessionId: number;
  staffName: string;
  managerName: string | null;
  topic: string;
  dueAt: Date | null;
  timeZone: string;
}

/** Sent to the staff member when a manager plans a session with them. */
export function coachingPlannedMessage(i: PlannedInput): MessageView {
  const who = i.managerName ? firstName(i.managerName) : "Your manager";
  const when = i.dueAt ? ` before ${shortDate(i.dueAt, i.timeZone)}` : "";
  return {
    text: `${who} would like a short coaching chat with you about: ${i.topic}`,
    blocks: [
      { type: "header", text: "A short coaching chat" },
      {
        type: "text",
        text: [
          { text: `Hi ${firstName(i.staffName)}, ${who} would like to spend 15 minutes with you${when} on: ` },
          bold(i.topic),
          {
            text: ". It is about learning from a recent customer's experience, not about blame: bring your side of the story.",
          },
        ],
      },
      { type: "actions", actions: [{ id: COACHING_DONE_ACTION, label: "Mark done", value: String(i.sessionId) }] },
      { type: "context", text: "Press Mark done after the chat; either of you can add notes." },
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

/** The answer to "Mark done": the person's NPS before the session and since. */
export function coachingDoneText(i: {
  staffName: string;
  topic: string;
  before: NpsWindow;
  after: NpsWindow;
  timeZone: string;
}): string {
  const before = `${shortDate(i.before.from, i.timeZone)} to ${shortDate(new Date(i.before.to.getTime() - 1), i.timeZone)}`;
  const lines = [
    `Coaching on "${i.topic}" with ${i.staffName} is marked done. Thank you for taking the time.`,
    `NPS before (${before}): ${scoreText(i.before)}.`,
  ];
  if (i.after.n === 0) {
    lines.push("Since the session: no responses yet. The weekly reminder will show how it goes.");
  } else if (i.after.nps === null || i.before.nps === null) {
    lines.push(
      `Since the session: ${scoreText(i.after)}; a comparison needs ${plural(i.after.minSample, "response")} on each side.`,
    );
  } else {
    lines.push(`Since the session: ${scoreText(i.after)}, ${signed(i.after.nps - i.before.nps)} points.`);
  }
  return lines.join("\n");
}
