// Parses the text of `/nps …` into a request (pure). Slack escapes mentions in command text as
// <@U123|name> when the command's "escape" option is on (see manifests/slack.yaml).

import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import { parseImpactArgs } from "../../core/impact.js";
import { parseRetentionWords, type RetentionRequest } from "../../core/retention-ask.js";

export type NpsRequest =
  | { kind: "help" }
  | { kind: "report"; target: ReportAsk; period: string | null }
  | { kind: "link"; slug: string | null }
  | { kind: "coach"; userId: string | null; topic: string }
  | { kind: "reminders"; enabled: boolean | null }
  | { kind: "impact"; area: string | null; window: string | null }
  | { kind: "coaching"; target: ReportAsk | null }
  | { kind: "retention"; request: RetentionRequest }
  | { kind: "language"; tag: string | null }
  | { kind: "invalid"; message: string };

export type ReportAsk =
  | { by: "self" }
  | { by: "user"; userId: string }
  | { by: "slug"; slug: string; as: "team" | "company" | null };

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export function parseNpsCommand(text: string): NpsRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (!first) return { kind: "help" };
  const head = first.toLowerCase();
  const periodOf = (ws: string[]) => (ws.length ? ws.join(" ") : null);
  switch (head) {
    case "help":
    case "?":
      return { kind: "help" };
    case "me":
    case "my":
    case "myself":
      return { kind: "report", target: { by: "self" }, period: periodOf(rest) };
    case "link":
      return { kind: "link", slug: rest[0]?.toLowerCase() ?? null };
    case "retention":
      return { kind: "retention", request: parseRetentionWords(rest) };
    case "coach": {
      const [who, ...topic] = rest;
      const m = who ? MENTION.exec(who) : null;
      return { kind: "coach", userId: m?.[1] ?? null, topic: topic.join(" ").trim() };
    }
    case "reminders":
    case "reminder": {
      const v = rest[0]?.toLowerCase();
      return { kind: "reminders", enabled: v === "on" ? true : v === "off" ? false : null };
    }
    case "impact":
      return { kind: "impact", ...parseImpactArgs(rest) };
    case "coaching": {
      const [who] = rest;
      const m = who ? MENTION.exec(who) : null;
      const target: ReportAsk | null = !who
        ? null
        : m
          ? { by: "user", userId: m[1]! }
          : who.toLowerCase() === "me"
            ? { by: "self" }
            : { by: "slug", slug: who.toLowerCase(), as: null };
      return { kind: "coaching", target };
    }
    case "language":
    case "idioma":
    case "語言":
      return { kind: "language", tag: rest[0] ?? null };
    case "team":
    case "company": {
      const [slug, ...period] = rest;
      if (!slug) return { kind: "invalid", message: `Which ${head}? For example: /nps ${head} madrid-north 90d` };
      return { kind: "report", target: { by: "slug", slug: slug.toLowerCase(), as: head }, period: periodOf(period) };
    }
  }
  const mention = MENTION.exec(first);
  if (mention) return { kind: "report", target: { by: "user", userId: mention[1]! }, period: periodOf(rest) };
  return { kind: "report", target: { by: "slug", slug: head, as: null }, period: periodOf(rest) };
}

/** The `/nps` help, in the reader's language (the words live in the catalogues as help.slack). */
export function helpText(locale: Locale = SOURCE_LOCALE): string {
  return [
    t(locale, "help.slack"),
    t(locale, "help.slack.retention"),
    t(locale, "help.slack.impact"),
    t(locale, "help.slack.coaching"),
  ].join("\n");
}

export const HELP_TEXT = helpText();
