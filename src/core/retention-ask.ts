// What `retention ...` asks for, parsed once for Slack (`/nps retention ...`) and Teams
// (`nps retention ...`) (pure): a team, a company, an area (its name may have spaces) or the
// viewer's default scope, and a period.
import { RETENTION_TEXT } from "./messages/retention.js";
import { isPeriodToken } from "./periods.js";

export type RetentionAsk =
  | { by: "default" }
  | { by: "slug"; slug: string; as: "team" | "company" | null }
  | { by: "area"; area: string | null };

/** A refusal keeps the words asked (`words`), so a handler can say it again in the reader's language. */
export type RetentionRequest =
  | { ok: true; ask: RetentionAsk; period: string | null }
  | { ok: false; message: string; words: string };

/** Parses the words after `retention`. */
export function parseRetentionWords(words: string[]): RetentionRequest {
  const ws = words.filter(Boolean);
  const last = ws[ws.length - 1];
  const hasPeriod = last !== undefined && isPeriodToken(last);
  const period = hasPeriod ? last!.toLowerCase() : null;
  const rest = hasPeriod ? ws.slice(0, -1) : ws;
  const head = rest[0]?.toLowerCase();
  if (head === "area") {
    const name = rest.slice(1).join(" ").trim();
    return { ok: true, ask: { by: "area", area: name || null }, period };
  }
  if (head === "team" || head === "company") {
    if (rest.length !== 2) return notUnderstood(ws);
    return { ok: true, ask: { by: "slug", slug: rest[1]!.toLowerCase(), as: head }, period };
  }
  if (rest.length === 0) return { ok: true, ask: { by: "default" }, period };
  if (rest.length === 1) return { ok: true, ask: { by: "slug", slug: rest[0]!.toLowerCase(), as: null }, period };
  return notUnderstood(ws);
}

function notUnderstood(ws: string[]): RetentionRequest {
  const words = ws.join(" ");
  return { ok: false, message: RETENTION_TEXT.tooManyWords(words), words };
}
