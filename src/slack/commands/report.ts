// `/nps <team|company|me|@person> [period]`: who may see what, then the query service's report.
// An unknown and a forbidden target get the same answer, listing only what the asker may see.
import { isAppError } from "../../core/errors.js";
import { DEFAULT_PERIOD, PERIOD_FORMS } from "../../core/periods.js";
import type { PersonRecord } from "../../core/types.js";
import { OrgRepository } from "../../db/repositories/org.js";
import type { ReportTarget } from "../../services/queries.js";
import type { SlackDeps } from "../context.js";
import { canSeeReport, type ReportSubject, visibleCompanies, visibleTeams } from "../report-access.js";
import { md, type SlackMessage, serviceText } from "../views/blocks.js";
import { buildReportMessage, type ReportShareValue } from "../views/report.js";
import type { ReportAsk } from "./parse.js";

const LISTED = 12;

export type ReportAnswer = { ok: true; message: SlackMessage; subjectName: string } | { ok: false; text: string };

export const UNKNOWN_PERSON_TEXT =
  "I don't know you yet: your Slack account is not linked to anyone in NPS Loop. Ask an admin to add your Slack user id to the org file.";

/** Finds what was asked for, if it exists and the viewer may see it; otherwise null (same for both). */
export async function resolveSubject(
  deps: SlackDeps,
  viewer: PersonRecord,
  ask: ReportAsk,
): Promise<ReportSubject | null> {
  const org = new OrgRepository(deps.core.db.client);
  let candidates: ReportSubject[] = [];
  if (ask.by === "self") candidates = [{ kind: "person", person: viewer }];
  else if (ask.by === "user") {
    const person = await org.personBySlackUser(ask.userId);
    if (person) candidates = [{ kind: "person", person }];
  } else {
    const [team, company] = await Promise.all([
      ask.as === "company" ? null : org.teamBySlug(ask.slug),
      ask.as === "team" ? null : org.companyBySlug(ask.slug),
    ]);
    if (team) candidates.push({ kind: "team", team });
    if (company) candidates.push({ kind: "company", company });
  }
  return candidates.find((s) => canSeeReport(viewer, s)) ?? null;
}

export function subjectTarget(s: ReportSubject): ReportTarget {
  return s.kind === "team"
    ? { kind: "team", slug: s.team.slug }
    : s.kind === "company"
      ? { kind: "company", slug: s.company.slug }
      : { kind: "person", id: s.person.id };
}

function subjectName(s: ReportSubject): string {
  return s.kind === "team" ? s.team.name : s.kind === "company" ? s.company.name : s.person.name;
}

/** The same words whether the target does not exist or may not be seen. */
async function notVisibleText(deps: SlackDeps, viewer: PersonRecord, ask: ReportAsk): Promise<string> {
  const asked = ask.by === "slug" ? `"${md(ask.slug, 60, false)}"` : ask.by === "user" ? `<@${ask.userId}>` : "you";
  const org = new OrgRepository(deps.core.db.client);
  const [teams, companies] = await Promise.all([org.listTeams(), org.listCompanies()]);
  const t = visibleTeams(viewer, teams).map((x) => x.slug);
  const c = visibleCompanies(viewer, companies).map((x) => x.slug);
  const list = (label: string, slugs: string[]) =>
    slugs.length
      ? ` ${label}: ${slugs
          .slice(0, LISTED)
          .map((s) => `\`${md(s, 60, false)}\``)
          .join(", ")}${slugs.length > LISTED ? ` and ${slugs.length - LISTED} more` : ""}.`
      : "";
  const hint =
    t.length || c.length
      ? list("Teams you can ask about", t) + list("Companies", c)
      : " You can ask `/nps me` for your own NPS.";
  return `I have no report for ${asked} that you can see.${hint}`;
}

export async function answerReport(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  ask: ReportAsk,
  period: string | null,
  opts: { shareable: boolean; sharedBy?: string },
): Promise<ReportAnswer> {
  if (!viewer?.active) return { ok: false, text: UNKNOWN_PERSON_TEXT };
  const subject = await resolveSubject(deps, viewer, ask);
  if (!subject) return { ok: false, text: await notVisibleText(deps, viewer, ask) };
  const spec = period ?? DEFAULT_PERIOD;
  try {
    const view = await deps.queries.report(subjectTarget(subject), spec);
    const share: ReportShareValue | undefined = opts.shareable
      ? { kind: view.scope.kind, slug: shareSlug(subject), period: spec }
      : undefined;
    return {
      ok: true,
      subjectName: subjectName(subject),
      message: buildReportMessage(view, {
        ...(share ? { share } : {}),
        ...(opts.sharedBy ? { sharedBy: opts.sharedBy } : {}),
      }),
    };
  } catch (err) {
    if (isAppError(err, "PERIOD_INVALID")) {
      return {
        ok: false,
        text: `${serviceText(err.userMessage)}\nPeriods I understand:\n${PERIOD_FORMS.map((f) => `• ${f}`).join("\n")}`,
      };
    }
    throw err;
  }
}

/** Shared reports are rebuilt from the share button; people travel as their Slack id. */
function shareSlug(s: ReportSubject): string {
  return s.kind === "team"
    ? s.team.slug
    : s.kind === "company"
      ? s.company.slug
      : (s.person.slackUserId ?? `#${s.person.id}`);
}

export function askFromShare(v: ReportShareValue): ReportAsk {
  if (v.kind === "person") return v.slug.startsWith("#") ? { by: "self" } : { by: "user", userId: v.slug };
  return { by: "slug", slug: v.slug, as: v.kind };
}
