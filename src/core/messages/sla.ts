// SLA watch messages (pure): the reminder in an unclaimed card's thread, and the escalation DM, in
// the card's language (the team's, then the company's: the director is the company's).
import { cardText } from "../card-text.js";
import { SOURCE_LOCALE, t } from "../i18n/index.js";
import type { CaseCardView, MessageView } from "../views.js";
import { hoursText } from "./format.js";

/** Posted once in the thread of a case card nobody has claimed after the reminder delay. */
export function unclaimedReminder(view: CaseCardView, waitedMs: number): MessageView {
  const L = view.locale ?? SOURCE_LOCALE;
  const waited = hoursText(waitedMs, L);
  const team = view.teamName ?? t(L, "sla.theTeam");
  return {
    text: t(L, "sla.unclaimed.text", { id: view.caseId, waited }),
    blocks: [
      { type: "text", text: t(L, "sla.unclaimed.body", { waited, score: view.score, team }) },
      { type: "context", text: t(L, "sla.unclaimed.context", { due: view.dueText }) },
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
  const L = v.locale ?? SOURCE_LOCALE;
  const overdue = hoursText(i.overdueMs, L);
  // English keeps the status id as it always said ("claimed", "contacted"); others their label.
  const status = L === SOURCE_LOCALE ? v.status : cardText(L).status[v.status];
  const who = v.ownerName ? t(L, "sla.esc.owns", { owner: v.ownerName, status }) : t(L, "sla.esc.nobody");
  const team = v.teamName ?? t(L, "sla.esc.unassigned");
  const blocks: MessageView["blocks"] = [
    { type: "header", text: t(L, "sla.esc.header", { id: v.caseId, level: i.level, max: i.maxLevel }) },
    {
      type: "fields",
      fields: [
        { label: t(L, "sla.esc.team"), value: team },
        { label: t(L, "sla.esc.score"), value: `${v.score}/10` },
        { label: t(L, "sla.esc.overdueBy"), value: overdue },
        { label: t(L, "sla.esc.status"), value: who },
      ],
    },
  ];
  if (v.comment) blocks.push({ type: "quote", text: v.comment, attribution: t(L, "owner.said") });
  blocks.push({
    type: "context",
    text:
      i.level < i.maxLevel ? t(L, "sla.esc.again", { team: v.teamName ?? t(L, "sla.theTeam") }) : t(L, "sla.esc.last"),
  });
  return { text: t(L, "sla.esc.text", { id: v.caseId, team, score: v.score, overdue, who }), blocks };
}
