// `nps team-x 30d`, `nps company-y`, `nps me`: the same report and visibility rule as Slack's /nps
// (directors their companies, managers their teams, staff themselves). Unknown and forbidden targets
// get the same answer, listing only what the asker may see.
import type { TurnContext } from "botbuilder";
import { isAppError } from "../../core/errors.js";
import { DEFAULT_PERIOD, PERIOD_FORMS } from "../../core/periods.js";
import type { PersonRecord } from "../../core/types.js";
import { OrgRepository } from "../../db/repositories/org.js";
import { closestSlug, type ReportTarget } from "../../services/queries.js";
import { canSeeReport, visibleCompanies, visibleTeams } from "../../slack/report-access.js";
import { buildReportCard } from "../cards/report-card.js";
import { cardActivity } from "../sender.js";
import { actorOf, replyMessage, replyText, type TeamsHandlerDeps, unknownPersonText } from "./context.js";

const MAX_LISTED = 12;

export async function answerNps(
  h: TeamsHandlerDeps,
  ctx: TurnContext,
  asked: string | null,
  period: string | null,
): Promise<void> {
  const { person: viewer } = await actorOf(h, ctx);
  if (!viewer?.active) return replyText(ctx, unknownPersonText(ctx));
  const resolved = await resolveTarget(h, viewer, asked);
  if ("answer" in resolved) return replyText(ctx, resolved.answer);
  try {
    const view = await h.queries.report(resolved.target, period ?? DEFAULT_PERIOD);
    await ctx.sendActivity(cardActivity(buildReportCard(view, { note: resolved.note })));
  } catch (e) {
    if (isAppError(e, "PERIOD_INVALID")) {
      return replyMessage(ctx, {
        text: `I don't understand the period “${period}”.`,
        blocks: [
          { type: "text", text: `I don't understand the period “${period}”. Try one of these:` },
          { type: "text", text: PERIOD_FORMS.map((f) => `• ${f}`).join("\n") },
        ],
      });
    }
    throw e;
  }
}

type Resolved = { target: ReportTarget; note: string | null } | { answer: string };

async function resolveTarget(h: TeamsHandlerDeps, viewer: PersonRecord, asked: string | null): Promise<Resolved> {
  const org = new OrgRepository(h.deps.db.client);
  if (asked === "me") return { target: { kind: "person", id: viewer.id }, note: null };
  if (asked === null) return defaultTarget(org, viewer);
  if (asked.includes("@")) {
    const person = await org.personByEmail(asked);
    if (person && canSeeReport(viewer, { kind: "person", person })) {
      return { target: { kind: "person", id: person.id }, note: null };
    }
    return { answer: await notVisible(org, viewer, asked) };
  }
  const slug = asked.toLowerCase();
  const [team, company] = await Promise.all([org.teamBySlug(slug), org.companyBySlug(slug)]);
  const teamOk = team !== null && canSeeReport(viewer, { kind: "team", team });
  const companyOk = company !== null && canSeeReport(viewer, { kind: "company", company });
  if (teamOk) {
    return {
      target: { kind: "team", slug },
      note: companyOk ? `“${slug}” is both a team and a company; this is the team.` : null,
    };
  }
  if (companyOk) return { target: { kind: "company", slug }, note: null };
  return { answer: await notVisible(org, viewer, asked) };
}

/** `nps` alone: your company (directors), your team (managers of one team), else yourself. */
async function defaultTarget(org: OrgRepository, viewer: PersonRecord): Promise<Resolved> {
  if (viewer.role === "director" && viewer.companyId !== null) {
    const company = await org.companyById(viewer.companyId);
    if (company) return { target: { kind: "company", slug: company.slug }, note: null };
  }
  if (viewer.role === "manager" && viewer.teamIds.length === 1) {
    const team = await org.teamById(viewer.teamIds[0]!);
    if (team) return { target: { kind: "team", slug: team.slug }, note: null };
  }
  if (viewer.role === "staff") return { target: { kind: "person", id: viewer.id }, note: null };
  const { teams, companies } = await visibleSlugs(org, viewer);
  return {
    answer: `Which one? Type “nps team-slug 30d”. You can ask about ${describe(teams, companies)}, or “nps me”.`,
  };
}

async function notVisible(org: OrgRepository, viewer: PersonRecord, asked: string): Promise<string> {
  const { teams, companies } = await visibleSlugs(org, viewer);
  const close = closestSlug(asked.toLowerCase(), [...teams, ...companies]);
  return (
    `No team or company “${asked}” that you can see.` +
    (close ? ` Did you mean “${close}”?` : "") +
    ` You can ask about ${describe(teams, companies)}, or “nps me”.`
  );
}

async function visibleSlugs(org: OrgRepository, viewer: PersonRecord) {
  const [teams, companies] = await Promise.all([org.listTeams(), org.listCompanies()]);
  return {
    teams: visibleTeams(viewer, teams).map((t) => t.slug),
    companies: visibleCompanies(viewer, companies).map((c) => c.slug),
  };
}

function describe(teams: string[], companies: string[]): string {
  const list = (label: string, slugs: string[]) =>
    slugs.length === 0
      ? null
      : `${label} ${slugs.slice(0, MAX_LISTED).join(", ")}${slugs.length > MAX_LISTED ? ` and ${slugs.length - MAX_LISTED} more` : ""}`;
  const parts = [list("teams", teams), list("companies", companies)].filter(Boolean);
  return parts.length ? parts.join("; ") : "yourself only";
}
