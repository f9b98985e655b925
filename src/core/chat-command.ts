// What people type to the bot after the command word (`/nps …` in Slack; `nps …`, `report …` or a
// bare command word such as `coach` in Teams), parsed once for both platforms (pure). What differs
// between the platforms comes in as a grammar, never as a fork here: how a word names a person
// (Slack: an escaped mention <@U123|name>; Teams: an email, since Teams strips mentions before) and
// what the command word alone asks for.
import { type Locale, t } from "./i18n/index.js";
import { parseImpactArgs } from "./impact.js";
import { isPeriodToken } from "./periods.js";
import { parseRetentionWords, type RetentionRequest } from "./retention-ask.js";

/**
 * Whose report (or coaching effect) is asked for. `P` is the caller's person reference, kept as the
 * caller's grammar returned it; its `by` must not be "default", "self" or "slug".
 */
export type ChatTarget<P> =
  /** Nothing named: the asker's company (directors), only team (managers), or themselves (staff). */
  { by: "default" } | { by: "self" } | { by: "slug"; slug: string; as: "team" | "company" | null } | P;

export type ChatRequest<P> =
  | { kind: "help" }
  | { kind: "report"; target: ChatTarget<P>; period: string | null }
  | { kind: "coaching"; target: ChatTarget<P> }
  | { kind: "impact"; area: string | null; window: string | null }
  | { kind: "retention"; request: RetentionRequest }
  /** `who` is the word as typed (Teams looks names and mention tokens up); `person` what the grammar made of it. */
  | { kind: "coach"; who: string | null; person: P | null; topic: string | null }
  | { kind: "reminders"; enabled: boolean | null }
  | { kind: "language"; tag: string | null }
  | { kind: "link"; slug: string | null }
  /** A command missing a word: say what is missing (invalidCommandText) in the reader's language. */
  | { kind: "invalid"; problem: "team_missing" | "company_missing"; example: string }
  /** Not a command: the platform shows its help, with `text` (the words given) said back. */
  | { kind: "unknown"; text: string };

export interface ChatGrammar<P> {
  /** The person a word names, or null when it names none. */
  person(word: string): P | null;
  /** What the command word alone asks for: Slack's `/nps` shows the help, Teams' `nps` the asker's report. */
  alone: "help" | "report";
  /** The command word as people type it, for the examples in messages: "/nps", "nps". */
  commandWord: string;
}

const HELP_WORDS = new Set(["help", "?", "hi", "hello"]);
const SELF_WORDS = new Set(["me", "my", "myself"]);
const LANGUAGE_WORDS = new Set(["language", "idioma", "語言"]);

/** Parses the words after the command word. */
export function parseChatCommand<P>(text: string, grammar: ChatGrammar<P>): ChatRequest<P> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) {
    return grammar.alone === "help" ? { kind: "help" } : { kind: "report", target: { by: "default" }, period: null };
  }
  const head = first.toLowerCase();
  if (HELP_WORDS.has(head)) return { kind: "help" };
  if (LANGUAGE_WORDS.has(head)) return { kind: "language", tag: rest[0] ?? null };
  switch (head) {
    case "link":
      return { kind: "link", slug: rest[0]?.toLowerCase() ?? null };
    case "retention":
      return { kind: "retention", request: parseRetentionWords(rest) };
    case "impact":
      return { kind: "impact", ...parseImpactArgs(rest) };
    case "coaching":
      // Words after the target are ignored, as Slack always did (`/nps coaching madrid-north 90d`).
      return { kind: "coaching", target: rest.length ? coachingTarget(rest, grammar) : { by: "default" } };
    case "coach": {
      const [who = null, ...topic] = rest;
      return { kind: "coach", who, person: who ? grammar.person(who) : null, topic: topic.join(" ") || null };
    }
    case "reminders":
    case "reminder": {
      const v = rest[0]?.toLowerCase();
      return { kind: "reminders", enabled: v === "on" ? true : v === "off" ? false : null };
    }
    case "team":
    case "company": {
      // `company acme [period]`: for a slug that is both a team and a company.
      const [slug, period, ...extra] = rest;
      if (!slug) {
        return {
          kind: "invalid",
          problem: `${head}_missing`,
          example: `${grammar.commandWord} ${head} madrid-north 90d`,
        };
      }
      if (extra.length) return { kind: "unknown", text: words.join(" ") };
      return { kind: "report", target: { by: "slug", slug: slug.toLowerCase(), as: head }, period: lower(period) };
    }
  }
  // `<target> [period]`, or a lone period for the asker's default report.
  if (words.length > 2) return { kind: "unknown", text: words.join(" ") };
  const [second] = rest;
  if (second === undefined && isPeriodToken(first)) {
    return { kind: "report", target: { by: "default" }, period: first.toLowerCase() };
  }
  return { kind: "report", target: targetOf(first, grammar), period: lower(second) };
}

/** The message for an invalid request, in the reader's language. */
export function invalidCommandText(
  req: { problem: "team_missing" | "company_missing"; example: string },
  locale: Locale,
) {
  return t(locale, req.problem === "team_missing" ? "command.whichTeam" : "command.whichCompany", {
    example: req.example,
  });
}

/** One word naming whose report: a person (as the grammar reads people), the asker, or a slug. */
function targetOf<P>(word: string, grammar: ChatGrammar<P>): ChatTarget<P> {
  const person = grammar.person(word);
  if (person !== null) return person;
  const lowered = word.toLowerCase();
  return SELF_WORDS.has(lowered) ? { by: "self" } : { by: "slug", slug: lowered, as: null };
}

/** `coaching team x`, `coaching company x`, or `coaching <target>`. */
function coachingTarget<P>(words: string[], grammar: ChatGrammar<P>): ChatTarget<P> {
  const [first, slug] = words as [string, ...string[]];
  const as = first.toLowerCase();
  if ((as === "team" || as === "company") && slug) return { by: "slug", slug: slug.toLowerCase(), as };
  return targetOf(first, grammar);
}

function lower(word: string | undefined): string | null {
  return word?.toLowerCase() ?? null;
}
