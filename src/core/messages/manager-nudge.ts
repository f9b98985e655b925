// The daily manager nudge (pure): coaching due or overdue, behavioural cases closed without a
// coaching plan, and thanks for a quiet week. Sent only when one of those has something in it.
import { bold, type MessageBlock, type MessageView } from "../views.js";
import { COACHING_DONE_ACTION } from "./coaching.js";
import { firstName, plural, shortDate } from "./format.js";

export interface ManagerNudgeInput {
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
  const blocks: MessageBlock[] = [{ type: "header", text: `Good morning, ${firstName(i.managerName)}` }];
  const summary: string[] = [];
  if (i.quietTeams.length > 0) {
    const names = i.quietTeams.map((t) => `${t.name} (${plural(t.responses, "response")})`).join(", ");
    blocks.push({
      type: "text",
      text: `Thank you: last week ${names} brought no unhappy customer to call back. Whatever the team did, it worked; tell them.`,
    });
    summary.push("a quiet week to celebrate");
  }
  if (i.dueCoaching.length > 0) {
    blocks.push({ type: "text", text: [bold("Coaching due")] });
    for (const s of i.dueCoaching.slice(0, MAX_LISTED)) {
      const late = s.dueAt.getTime() < i.now.getTime() - 86_400_000;
      const when = late ? `was due ${shortDate(s.dueAt, i.timeZone)}` : "due today";
      blocks.push({ type: "text", text: `• ${s.staffName}: ${s.topic} (${when})` });
      blocks.push({
        type: "actions",
        actions: [{ id: COACHING_DONE_ACTION, label: "Mark done", value: String(s.id) }],
      });
    }
    if (i.dueCoaching.length > MAX_LISTED) {
      blocks.push({ type: "context", text: `and ${i.dueCoaching.length - MAX_LISTED} more in the app.` });
    }
    summary.push(plural(i.dueCoaching.length, "coaching session"));
  }
  if (i.newUncoached.length > 0 || i.olderUncoached > 0) {
    blocks.push({ type: "text", text: [bold("Worth a coaching chat?")] });
    for (const c of i.newUncoached.slice(0, MAX_LISTED)) {
      blocks.push({ type: "text", text: `• Case #${c.caseId}: ${c.staffName}, ${c.rootCause}` });
    }
    const rest = i.newUncoached.length - Math.min(MAX_LISTED, i.newUncoached.length) + i.olderUncoached;
    if (rest > 0)
      blocks.push({
        type: "context",
        text: `${plural(rest, "earlier case")} from the last two weeks also have no coaching planned.`,
      });
    blocks.push({
      type: "context",
      text: "These were closed with a root cause about how the visit went. Plan a 15-minute chat with /nps coach @person <topic> (Teams: coach <person> <topic>).",
    });
    summary.push(plural(i.newUncoached.length + i.olderUncoached, "case") + " without coaching");
  }
  return { text: `NPS Loop today: ${summary.join(", ")}.`, blocks };
}
