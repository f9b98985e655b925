// Messages about a case sent to one person (pure builders of MessageView), in their language.
import { formatDuration } from "./case-view.js";
import { type Locale, SOURCE_LOCALE, t } from "./i18n/index.js";
import type { CaseDetail } from "./types.js";
import type { MessageBlock, MessageField, MessageView } from "./views.js";

/** The new owner's DM: everything needed to call the customer back, contacts unmasked. */
export function ownerContactMessage(c: CaseDetail, now: Date, locale: Locale = SOURCE_LOCALE): MessageView {
  const L = locale;
  const r = c.response;
  const fields: MessageField[] = [];
  if (r.customerName) fields.push({ label: t(L, "owner.customer"), value: r.customerName });
  if (r.customerRef) fields.push({ label: t(L, "owner.reference"), value: r.customerRef });
  // Exactly as the customer gave them, and tappable (tel:/mailto:) where the platform allows.
  if (r.customerPhone) fields.push({ label: t(L, "owner.phone"), value: r.customerPhone, link: "tel" });
  if (r.customerEmail) fields.push({ label: t(L, "owner.email"), value: r.customerEmail, link: "mailto" });
  fields.push({ label: t(L, "owner.score"), value: `${r.score}/10` });
  if (r.touchpoint) fields.push({ label: t(L, "owner.touchpoint"), value: r.touchpoint });
  if (c.staff) fields.push({ label: t(L, "owner.servedBy"), value: c.staff.name });
  const due =
    now.getTime() > c.dueAt.getTime()
      ? t(L, "owner.overdue", { d: formatDuration(now.getTime() - c.dueAt.getTime(), L) })
      : t(L, "owner.due", { d: formatDuration(c.dueAt.getTime() - now.getTime(), L) });
  const blocks: MessageBlock[] = [
    { type: "header", text: t(L, "owner.header", { id: c.id }) },
    { type: "fields", fields },
  ];
  if (r.comment && !r.erasedAt) blocks.push({ type: "quote", text: r.comment, attribution: t(L, "owner.said") });
  if (r.erasedAt) blocks.push({ type: "context", text: t(L, "owner.erased") });
  else if (!r.customerPhone && !r.customerEmail) blocks.push({ type: "context", text: t(L, "owner.noContact") });
  blocks.push({ type: "context", text: t(L, "owner.howTo", { due }) });
  return {
    text: t(L, "owner.text", { id: c.id, score: r.score, due }),
    blocks,
    personalContact: true,
  };
}
