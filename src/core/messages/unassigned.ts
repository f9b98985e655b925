// The admins' alert for a response that could not be routed to a team (pure view model).
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

export function unassignedAlertMessage(a: UnassignedAlertInput): MessageView {
  const category = categorize(a.score);
  const what = `${category} response (score ${a.score}) from ${a.source}`;
  const why = a.reasons.length ? a.reasons.join("; ") : "no team matched";
  const fields = [
    { label: "Score", value: `${a.score} (${category})` },
    { label: "Source", value: `${a.source} · ${a.externalId}` },
    { label: "Answered", value: a.respondedAt.toISOString().slice(0, 16).replace("T", " ") + " UTC" },
  ];
  if (a.touchpoint) fields.push({ label: "Touchpoint", value: a.touchpoint });
  if (a.caseId !== null) fields.push({ label: "Case", value: `#${a.caseId} (open, no team yet)` });
  // Admins see the gist, not the customer's contact details (they are not the case owner).
  const comment = a.comment ? maskContacts(truncate(a.comment, COMMENT_PREVIEW)) : null;
  return {
    text: `Unassigned ${what}: it could not be routed to a team (${why}). It waits in the unassigned queue.`,
    blocks: [
      { type: "header", text: "A survey response needs a team" },
      {
        type: "text",
        text: `A ${what} could not be routed to a team, so no manager has seen it yet. It waits in the unassigned queue.`,
      },
      { type: "fields", fields },
      ...(comment ? [{ type: "quote" as const, text: comment, attribution: "Customer comment" }] : []),
      { type: "context", text: `Why: ${why}.` },
      {
        type: "context",
        text: "To route responses like this one: send a team slug or a mapped staff member with it, or add a routing rule (touchpoint, area or attribute). Later deliveries of the same response then reach the team.",
      },
    ],
  };
}

function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max).join("")}…`;
}
