// What `retention ...` asks for, parsed once for Slack (`/nps retention ...`) and Teams
// (`nps retention ...`) (pure): a team, a company, an area (its name may have spaces) or the
// viewer's default scope, and a period.
import { RETENTION_TEXT } from "./messages/retention.js";

export type RetentionAsk =
  | { by: "default" }
  | { by: "slug"; slug: string; as: "team" | "company" | null }
  | { by: "area"; area: string | null };

/** A refusal keeps the words asked (`words`), so a handler can say it again in the reader's language. */
export type RetentionRequest =
  | { ok: true; ask: RetentionAsk; period: string | null }
  | { ok: false; message: string; words: string };

/** A period token: 30d, 12w, month, last-quarter, ytd, 2026-01-01..2026-03-31 ... */
const PERIOD =
  /^(\d+[dw]|month|last-month|quarter|last-quarter|ytd|last-year|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/i;

/** Parses the words after `retention`. */
export function parseRetentionWords(words: string[]): RetentionRequest {
  const ws = words.filter(Boolean);
  const last = ws[ws.length - 1];
  const hasPeriod = last !== undefined && PERIOD.test(last);
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
