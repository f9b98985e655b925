// The admins' alert for a response that could not be routed to a team (pure view model), in the
// admin's language (`locale`, English by default). Routing reasons stay as the router wrote them.
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import { maskContacts } from "../text-safety.js";
import type { MessageView } from "../views.js";
import { categorize } from "../views.js";

export interface UnassignedAlertInput {
  responseId: number;
  source: string;
  externalId: string;
  score: number;
  comment: string | null;
  touchpoint: string | null;
  respondedAt: Date;
  caseId: number | null;
  reasons: string[];
}

const COMMENT_PREVIEW = 500;

export function unassignedAlertMessage(a: UnassignedAlertInput, locale: Locale = SOURCE_LOCALE): MessageView {
  const L = locale;
  const category = categorize(a.score);
  const what = t(L, "unassigned.what", { category, score: a.score, source: a.source });
  const why = a.reasons.length ? a.reasons.join("; ") : t(L, "unassigned.noTeam");
  const fields = [
    { label: t(L, "unassigned.score"), value: t(L, "unassigned.scoreValue", { score: a.score, category }) },
    { label: t(L, "unassigned.source"), value: `${a.source} · ${a.externalId}` },
    {
      label: t(L, "unassigned.answered"),
      value: a.respondedAt.toISOString().slice(0, 16).replace("T", " ") + " UTC",
    },
  ];
  if (a.touchpoint) fields.push({ label: t(L, "unassigned.touchpoint"), value: a.touchpoint });
  if (a.caseId !== null)
    fields.push({ label: t(L, "unassigned.case"), value: t(L, "unassigned.caseValue", { id: a.caseId }) });
  // Admins see the gist, not the customer's contact details (they are not the case owner).
  const comment = a.comment ? maskContacts(truncate(a.comment, COMMENT_PREVIEW)) : null;
  return {
    text: t(L, "unassigned.text", { what, why }),
    blocks: [
      { type: "header", text: t(L, "unassigned.header") },
      { type: "text", text: t(L, "unassigned.body", { what }) },
      { type: "fields", fields },
      ...(comment ? [{ type: "quote" as const, text: comment, attribution: t(L, "unassigned.comment") }] : []),
      { type: "context", text: t(L, "unassigned.why", { why }) },
      { type: "context", text: t(L, "unassigned.howTo") },
    ],
  };
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max).join("")}…`;
}
