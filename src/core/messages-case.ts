// Messages about a case sent to one person (pure builders of MessageView).
import { formatDuration } from "./case-view.js";
import type { CaseDetail } from "./types.js";
import type { MessageBlock, MessageField, MessageView } from "./views.js";

/** The new owner's DM: everything needed to call the customer back, contacts unmasked. */
export function ownerContactMessage(c: CaseDetail, now: Date): MessageView {
  const r = c.response;
  const fields: MessageField[] = [];
  if (r.customerName) fields.push({ label: "Customer", value: r.customerName });
  if (r.customerRef) fields.push({ label: "Reference", value: r.customerRef });
  // Exactly as the customer gave them, and tappable (tel:/mailto:) where the platform allows.
  if (r.customerPhone) fields.push({ label: "Phone", value: r.customerPhone, link: "tel" });
  if (r.customerEmail) fields.push({ label: "Email", value: r.customerEmail, link: "mailto" });
  fields.push({ label: "Score", value: `${r.score}/10` });
  if (r.touchpoint) fields.push({ label: "Touchpoint", value: r.touchpoint });
  if (c.staff) fields.push({ label: "Served by", value: c.staff.name });
  const due =
    now.getTime() > c.dueAt.getTime()
      ? `overdue by ${formatDuration(now.getTime() - c.dueAt.getTime())}`
      : `due in ${formatDuration(c.dueAt.getTime() - now.getTime())}`;
  const blocks: MessageBlock[] = [
    { type: "header", text: `You own case #${c.id}: please call the customer back` },
    { type: "fields", fields },
  ];
  if (r.comment && !r.erasedAt) blocks.push({ type: "quote", text: r.comment, attribution: "What the customer said" });
  if (r.erasedAt) blocks.push({ type: "context", text: "The customer's personal data was erased on request." });
  else if (!r.customerPhone && !r.customerEmail)
    blocks.push({ type: "context", text: "No contact details came with this response; check the customer record." });
  blocks.push({
    type: "context",
    text: `Follow-up ${due}. Listen first, agree a next step, then resolve the case with the outcome and root cause.`,
  });
  return {
    text: `You own case #${c.id} (score ${r.score}/10). Contact details inside; follow-up ${due}.`,
    blocks,
    personalContact: true,
  };
}
