// What people type to the bot in Teams (personal chat, or @mention in a channel), parsed into a
// command. Pure: the mention is already stripped by the caller.
import { parseImpactArgs } from "../core/impact.js";
import { parseRetentionWords, type RetentionRequest } from "../core/retention-ask.js";

export type TeamsCommand =
  | { kind: "help" }
  | { kind: "nps"; target: NpsTarget | null; period: string | null }
  | { kind: "link"; slug: string | null }
  | { kind: "coach"; who: string | null; topic: string | null }
  | { kind: "reminders"; enabled: boolean | null }
  | { kind: "impact"; area: string | null; window: string | null }
  | { kind: "coaching"; target: NpsTarget | null }
  | { kind: "retention"; request: RetentionRequest }
  | { kind: "language"; tag: string | null }
  | { kind: "unknown"; text: string };

/** What a report is asked for: a slug, "me" or an email as typed, or a slug said to be a team or a company. */
export type NpsTarget = string | { slug: string; as: "team" | "company" };

/** A period token: 30d, 12w, month, last-quarter, ytd, 2026-01-01..2026-03-31 ... */
const PERIOD =
  /^(\d+[dw]|month|last-month|quarter|last-quarter|ytd|last-year|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/i;

export function isPeriodToken(token: string): boolean {
  return PERIOD.test(token);
}

export function parseCommand(input: string): TeamsCommand {
  // Teams may leave non-breaking spaces and a leading slash from the command menu.
  const text = input
    .replace(/[\u00a0\u200b]/g, " ")
    .trim()
    .replace(/^\//, "");
  const [head = "", ...rest] = text.split(/\s+/).filter(Boolean);
  const word = head.toLowerCase();
  switch (word) {
    case "":
    case "help":
    case "?":
    case "hi":
    case "hello":
      return { kind: "help" };
    case "nps":
    case "report":
      return parseNps(rest);
    case "retention":
      return { kind: "retention", request: parseRetentionWords(rest) };
    case "link":
      return { kind: "link", slug: rest[0]?.toLowerCase() ?? null };
    case "coach": {
      const [who = null, ...topic] = rest;
      return { kind: "coach", who, topic: topic.length ? topic.join(" ") : null };
    }
    case "reminders": {
      const v = rest[0]?.toLowerCase();
      return { kind: "reminders", enabled: v === "on" ? true : v === "off" ? false : null };
    }
    case "language":
    case "idioma":
    case "語言":
      return { kind: "language", tag: rest[0] ?? null };
    default:
      return { kind: "unknown", text };
  }
}

/** `nps [target] [period]`: a lone period token is a period; a second word is always the period. */
function parseNps(args: string[]): TeamsCommand {
  if (args[0]?.toLowerCase() === "retention") return { kind: "retention", request: parseRetentionWords(args.slice(1)) };
  const as = args[0]?.toLowerCase();
  // `nps impact [area] [window]`, `nps coaching [team|company|me]`.
  if (as === "impact") return { kind: "impact", ...parseImpactArgs(args.slice(1)) };
  if (as === "coaching" && args.length <= 2) {
    const who = args[1];
    return { kind: "coaching", target: who === undefined ? null : who.toLowerCase() === "me" ? "me" : who };
  }
  // `nps company acme [period]`: for a slug that is both a team and a company.
  if ((as === "team" || as === "company") && args.length >= 2 && args.length <= 3) {
    return { kind: "nps", target: { slug: args[1]!.toLowerCase(), as }, period: args[2]?.toLowerCase() ?? null };
  }
  if (args.length > 2) return { kind: "unknown", text: `nps ${args.join(" ")}` };
  const [first, second] = args;
  if (first === undefined) return { kind: "nps", target: null, period: null };
  if (second === undefined && isPeriodToken(first)) return { kind: "nps", target: null, period: first.toLowerCase() };
  const target = first.toLowerCase() === "me" ? "me" : first;
  return { kind: "nps", target, period: second?.toLowerCase() ?? null };
}
