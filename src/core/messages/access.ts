// The answers about access both platforms give, as one text each (pure): "no report you can see"
// with the closest slug and what the viewer may ask about, the "both a team and a company" note,
// a person who cannot be found, and linking a channel. Each platform passes its own style (how to
// quote what the user typed, how to show a slug and a command) and nothing else differs.
// Every text takes the reader's locale last (English by default).
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import type { AskedLabel, ReportNote, VisibleSlugs } from "../report-access.js";
import type { PersonRecord, TeamRecord } from "../types.js";

export interface AnswerStyle {
  /** What the user typed, quoted (escaped for the platform, never masked). */
  quote(text: string): string;
  /** A slug or other identifier. */
  code(text: string): string;
  /** A command the user can type, e.g. command("me") is `/nps me` in Slack, “nps me” in Teams. */
  command(args: string): string;
  /** Someone mentioned by Slack user id (Slack only). */
  mention?(userId: string): string;
  /** A channel by id, where the platform can link to it (Slack). */
  channel?(channelId: string): string;
  /** Emphasis for a name. */
  strong(text: string): string;
}

/** How many slugs a hint lists before "and N more". */
export const LISTED_SLUGS = 12;

function listed(slugs: string[], style: AnswerStyle, L: Locale): string {
  const shown = slugs
    .slice(0, LISTED_SLUGS)
    .map((s) => style.code(s))
    .join(t(L, "digest.listSeparator"));
  return slugs.length > LISTED_SLUGS ? t(L, "access.listMore", { list: shown, n: slugs.length - LISTED_SLUGS }) : shown;
}

/** What the viewer may ask about, as sentences. */
export function visibleHint(visible: VisibleSlugs, style: AnswerStyle, locale: Locale = SOURCE_LOCALE): string {
  const L = locale;
  const parts: string[] = [];
  if (visible.teams.length) parts.push(t(L, "access.teams", { list: listed(visible.teams, style, L) }));
  if (visible.companies.length) parts.push(t(L, "access.companies", { list: listed(visible.companies, style, L) }));
  parts.push(t(L, parts.length ? "access.ownNps" : "access.onlyOwn", { command: style.command("me") }));
  return parts.join(" ");
}

function askedText(asked: AskedLabel, style: AnswerStyle, L: Locale): string {
  if (asked.kind === "self") return t(L, "access.you");
  if (asked.kind === "slack_user") return style.mention ? style.mention(asked.userId) : t(L, "access.thatPerson");
  return style.quote(asked.text);
}

/** The same words whether the subject does not exist or may not be seen. */
export function notVisibleText(
  answer: { asked: AskedLabel; suggestion: string | null; visible: VisibleSlugs },
  style: AnswerStyle,
  locale: Locale = SOURCE_LOCALE,
): string {
  const L = locale;
  const suggestion = answer.suggestion ? t(L, "access.didYouMean", { slug: style.code(answer.suggestion) }) : "";
  return t(L, "access.notVisible", {
    asked: askedText(answer.asked, style, L),
    suggestion,
    hint: visibleHint(answer.visible, style, L),
  });
}

/** `nps` alone when no single report is the obvious one. */
export function whichReportText(visible: VisibleSlugs, style: AnswerStyle, locale: Locale = SOURCE_LOCALE): string {
  const L = locale;
  return t(L, "access.which", {
    command: style.command(t(L, "access.argTeamPeriod")),
    hint: visibleHint(visible, style, L),
  });
}

export function reportNoteText(note: ReportNote, style: AnswerStyle, locale: Locale = SOURCE_LOCALE): string {
  return t(locale, "access.note", { slug: style.quote(note.slug), command: style.command(`company ${note.slug}`) });
}

/** What linking a channel answered (the channel service's LinkResult, structurally). */
export type LinkAnswer =
  | { ok: false; reason: "not_admin" }
  | { ok: false; reason: "which"; teams: string[] }
  | { ok: false; reason: "unknown_team"; slug: string; suggestion: string | null; teams: string[] }
  | { ok: true; already: true; team: Pick<TeamRecord, "name" | "slug"> }
  | {
      ok: true;
      already: false;
      team: Pick<TeamRecord, "name" | "slug">;
      previousChannelId: string | null;
      unlinked: Pick<TeamRecord, "name" | "slug">[];
    };

export function linkText(a: LinkAnswer, style: AnswerStyle, locale: Locale = SOURCE_LOCALE): string {
  const L = locale;
  const sep = t(L, "digest.listSeparator");
  const teamList = (slugs: string[]) =>
    slugs.length ? t(L, "link.teamList", { list: slugs.map((s) => style.code(s)).join(sep) }) : t(L, "link.noTeams");
  const linkCommand = style.command(t(L, "link.argTeam"));
  if (!a.ok) {
    switch (a.reason) {
      case "not_admin":
        return t(L, "link.notAdmin", { command: linkCommand });
      case "which":
        return t(L, "link.which", { command: linkCommand, teams: teamList(a.teams) });
      case "unknown_team":
        return t(L, "link.unknown", {
          slug: style.code(a.slug),
          suggestion: a.suggestion ? t(L, "access.didYouMean", { slug: style.code(a.suggestion) }) : "",
          teams: teamList(a.teams),
        });
    }
  }
  const team = t(L, "link.team", { name: style.strong(a.team.name), slug: style.code(a.team.slug) });
  if (a.already) return t(L, "link.already", { team });
  const lines = [t(L, "link.linked", { team })];
  if (a.previousChannelId) {
    const where = style.channel ? style.channel(a.previousChannelId) : t(L, "link.anotherChannel");
    lines.push(t(L, "link.previous", { where }));
  }
  if (a.unlinked.length) {
    lines.push(t(L, "link.unlinked", { teams: a.unlinked.map((x) => style.strong(x.name)).join(sep) }));
  }
  return lines.join("\n");
}

/** Why a person could not be found (the access service's PersonFound failures, structurally). */
export type PersonNotFound =
  | {
      reason: "unknown";
      query:
        | { by: "slack_user"; userId: string }
        | { by: "teams_user"; name?: string }
        | { by: "email"; email: string }
        | { by: "name"; name: string };
    }
  | { reason: "not_found"; query: { by: string; name?: string } }
  | { reason: "ambiguous"; query: { by: string; name?: string }; matches: Pick<PersonRecord, "name" | "email">[] };

export function personNotFoundText(f: PersonNotFound, style: AnswerStyle, locale: Locale = SOURCE_LOCALE): string {
  const L = locale;
  const q = f.query as { by: string; userId?: string; email?: string; name?: string };
  if (f.reason === "ambiguous") {
    const names = f.matches.map((p) => `${p.name}${p.email ? ` (${p.email})` : ""}`).join(t(L, "digest.listSeparator"));
    return t(L, "person.ambiguous", { query: style.quote(q.name ?? ""), names });
  }
  if (f.reason === "not_found") return t(L, "person.notFound", { query: style.quote(q.name ?? "") });
  switch (q.by) {
    case "slack_user":
      return t(L, "person.unknownSlack", {
        who: style.mention ? style.mention(q.userId ?? "") : t(L, "access.thatPerson"),
      });
    case "teams_user":
      return q.name ? t(L, "person.unknownTeams", { name: q.name }) : t(L, "person.unknownTeamsNoName");
    case "email":
      return t(L, "person.unknownEmail", { email: style.quote(q.email ?? "") });
    default:
      return t(L, "person.notFound", { query: style.quote(q.name ?? "") });
  }
}

/** A service's refusal ("only a manager of …") as a sentence: capitalised, with a full stop. */
export function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}
