// SLA watch messages (pure): the reminder in an unclaimed card's thread, and the escalation DM.
import type { CaseCardView, MessageView } from "../views.js";
import { hoursText } from "./format.js";

/** Posted once in the thread of a case card nobody has claimed after the reminder delay. */
export function unclaimedReminder(view: CaseCardView, waitedMs: number): MessageView {
  const waited = hoursText(waitedMs);
  const text =
    `This customer has waited ${waited} for someone to pick up their feedback (score ${view.score}/10). ` +
    `Could a manager of ${view.teamName ?? "the team"} claim it and call them back? ` +
    `A quick call now is often enough to win them back.`;
  return {
    text: `Case #${view.caseId} is still unclaimed after ${waited}`,
    blocks: [
      { type: "text", text },
      { type: "context", text: `Follow-up ${view.dueText}. Use Claim on the card above.` },
    ],
  };
}

export interface EscalationInput {
  view: CaseCardView;
  level: number;
  maxLevel: number;
  overdueMs: number;
  recipientName: string;
}

/** A director's DM: an overdue case, at an escalation level (each level is sent once). */
export function escalationMessage(i: EscalationInput): MessageView {
  const v = i.view;
  const overdue = hoursText(i.overdueMs);
  const who = v.ownerName ? `${v.ownerName} owns it (${v.status})` : "nobody has claimed it yet";
  const blocks: MessageView["blocks"] = [
    { type: "header", text: `Overdue follow-up: case #${v.caseId} (level ${i.level} of ${i.maxLevel})` },
    {
      type: "fields",
      fields: [
        { label: "Team", value: v.teamName ?? "unassigned" },
        { label: "Score", value: `${v.score}/10` },
        { label: "Overdue by", value: overdue },
        { label: "Status", value: who },
      ],
    },
  ];
  if (v.comment) blocks.push({ type: "quote", text: v.comment, attribution: "What the customer said" });
  blocks.push({
    type: "context",
    text:
      i.level < i.maxLevel
        ? `You will hear again if it is still open at the next level. The card is in ${v.teamName ?? "the team"}'s channel.`
        : "This is the last reminder about this case.",
  });
  return {
    text: `Case #${v.caseId} (${v.teamName ?? "unassigned"}, score ${v.score}/10) is overdue by ${overdue}: ${who}.`,
    blocks,
  };
}
