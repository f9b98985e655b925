// The answers about access both platforms give, as one text each (pure): "no report you can see"
// with the closest slug and what the viewer may ask about, the "both a team and a company" note,
// a person who cannot be found, and linking a channel. Each platform passes its own style (how to
// quote what the user typed, how to show a slug and a command) and nothing else differs.
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

function listed(slugs: string[], style: AnswerStyle): string {
  const shown = slugs.slice(0, LISTED_SLUGS).map((s) => style.code(s));
  return `${shown.join(", ")}${slugs.length > LISTED_SLUGS ? ` and ${slugs.length - LISTED_SLUGS} more` : ""}`;
}

/** What the viewer may ask about, as sentences. */
export function visibleHint(visible: VisibleSlugs, style: AnswerStyle): string {
  const parts: string[] = [];
  if (visible.teams.length) parts.push(`Teams you can ask about: ${listed(visible.teams, style)}.`);
  if (visible.companies.length) parts.push(`Companies you can ask about: ${listed(visible.companies, style)}.`);
  parts.push(
    parts.length
      ? `For your own NPS, ask ${style.command("me")}.`
      : `You can see your own NPS only: ask ${style.command("me")}.`,
  );
  return parts.join(" ");
}

function askedText(asked: AskedLabel, style: AnswerStyle): string {
  if (asked.kind === "self") return "you";
  if (asked.kind === "slack_user") return style.mention ? style.mention(asked.userId) : "that person";
  return style.quote(asked.text);
}

/** The same words whether the subject does not exist or may not be seen. */
export function notVisibleText(
  answer: { asked: AskedLabel; suggestion: string | null; visible: VisibleSlugs },
  style: AnswerStyle,
): string {
  const suggestion = answer.suggestion ? ` Did you mean ${style.code(answer.suggestion)}?` : "";
  return `I have no report for ${askedText(answer.asked, style)} that you can see.${suggestion} ${visibleHint(answer.visible, style)}`;
}

/** `nps` alone when no single report is the obvious one. */
export function whichReportText(visible: VisibleSlugs, style: AnswerStyle): string {
  return `Which report? Ask ${style.command("<team> [period]")}. ${visibleHint(visible, style)}`;
}

export function reportNoteText(note: ReportNote, style: AnswerStyle): string {
  return `${style.quote(note.slug)} is both a team and a company; this is the team. For the company, ask ${style.command(`company ${note.slug}`)}.`;
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

export function linkText(a: LinkAnswer, style: AnswerStyle): string {
  const teamList = (slugs: string[]) =>
    slugs.length ? `${slugs.map((s) => style.code(s)).join(", ")}.` : "none yet (load an org file first).";
  if (!a.ok) {
    switch (a.reason) {
      case "not_admin":
        return `Only NPS Loop admins can link a channel to a team. Ask an admin to type ${style.command("link <team>")} in this channel.`;
      case "which":
        return `Which team? Type ${style.command("link <team>")} in the team's channel. Teams: ${teamList(a.teams)}`;
      case "unknown_team":
        return `There is no team ${style.code(a.slug)}.${a.suggestion ? ` Did you mean ${style.code(a.suggestion)}?` : ""} Teams: ${teamList(a.teams)}`;
    }
  }
  const team = `${style.strong(a.team.name)} (${style.code(a.team.slug)})`;
  if (a.already) return `This channel is already linked to ${team}; nothing changed.`;
  const lines = [`Linked: new cases and messages for ${team} will be posted in this channel.`];
  if (a.previousChannelId) {
    const where = style.channel ? style.channel(a.previousChannelId) : "another channel";
    lines.push(`They went to ${where} before; cards already posted there stay there.`);
  }
  if (a.unlinked.length) {
    lines.push(
      `This channel no longer receives the cases of ${a.unlinked.map((t) => style.strong(t.name)).join(", ")}; link another channel for them.`,
    );
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

export function personNotFoundText(f: PersonNotFound, style: AnswerStyle): string {
  const q = f.query as { by: string; userId?: string; email?: string; name?: string };
  if (f.reason === "ambiguous") {
    const names = f.matches.map((p) => `${p.name}${p.email ? ` (${p.email})` : ""}`).join(", ");
    return `More than one person matches ${style.quote(q.name ?? "")}: ${names}. Use their email or mention them.`;
  }
  if (f.reason === "not_found") {
    return `I can't find ${style.quote(q.name ?? "")} among the people you can see. Use their email or mention them.`;
  }
  switch (q.by) {
    case "slack_user":
      return `I don't know ${style.mention ? style.mention(q.userId ?? "") : "that person"} in NPS Loop yet; an admin adds their Slack user id to the org file.`;
    case "teams_user":
      return `NPS Loop does not know ${q.name ?? "that person"}'s Teams account yet; use their email, or ask an admin to add their Teams account to the org file.`;
    case "email":
      return `No one with the email ${style.quote(q.email ?? "")} is in NPS Loop.`;
    default:
      return `I can't find ${style.quote(q.name ?? "")} among the people you can see. Use their email or mention them.`;
  }
}

/** A service's refusal ("only a manager of …") as a sentence: capitalised, with a full stop. */
export function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}
