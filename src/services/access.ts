// Who may see what, and whom an ask is about, for both platforms: whose report an ask is about
// (with the "both a team and a company" note, or the closest slug the viewer may see), and finding
// a person as a given viewer. Rules are in core/report-access.ts; this only looks things up.
import {
  type AskedLabel,
  canSeeReport,
  type ReportChoice,
  type ReportSubject,
  type VisibleSlugs,
  visibleCompanies,
  visibleTeams,
} from "../core/report-access.js";
import type { PersonRecord } from "../core/types.js";
import type { DbContext } from "../db/context.js";
import { repositories } from "../db/repositories/index.js";
import { closestSlug, type ReportTarget } from "./queries.js";

/** What a viewer asked a report for (each platform parses its own syntax into this). */
export type ReportAsk =
  | { by: "self" }
  /** Nothing named: the viewer's company (directors), only team (managers), or themselves (staff). */
  | { by: "default" }
  | { by: "slack_user"; userId: string }
  | { by: "email"; email: string }
  | { by: "slug"; slug: string; as: "team" | "company" | null };

/** A person as someone typed them: a chat account, an email, or a name. */
export type PersonQuery =
  | { by: "slack_user"; userId: string }
  /** `name` is the display name Teams gave, for the answer when the account is unknown. */
  | { by: "teams_user"; aadObjectId: string; name?: string }
  | { by: "email"; email: string }
  | { by: "name"; name: string };

export type PersonFound =
  | { ok: true; person: PersonRecord }
  | { ok: false; reason: "unknown"; query: PersonQuery }
  /** A name matched nobody among the people the viewer may see. */
  | { ok: false; reason: "not_found"; query: PersonQuery }
  | { ok: false; reason: "ambiguous"; query: PersonQuery; matches: PersonRecord[] };

export type AccessService = ReturnType<typeof createAccessService>;

export function createAccessService(deps: { db: DbContext }) {
  const repos = () => repositories(deps.db.client);

  async function visibleSlugs(viewer: PersonRecord): Promise<VisibleSlugs> {
    const { org } = repos();
    const [teams, companies] = await Promise.all([org.listTeams(), org.listCompanies()]);
    return {
      teams: visibleTeams(viewer, teams).map((t) => t.slug),
      companies: visibleCompanies(viewer, companies).map((c) => c.slug),
    };
  }

  async function notVisible(viewer: PersonRecord, asked: AskedLabel, slug: string | null): Promise<ReportChoice> {
    const visible = await visibleSlugs(viewer);
    const suggestion = slug ? closestSlug(slug, [...visible.teams, ...visible.companies]) : null;
    return { ok: false, reason: "not_visible", asked, suggestion, visible };
  }

  /** Whose report `ask` is about, as `viewer` (an active person) may see it. */
  async function chooseReport(viewer: PersonRecord, ask: ReportAsk): Promise<ReportChoice> {
    const { org } = repos();
    const person = (p: PersonRecord | null, asked: AskedLabel) =>
      p && canSeeReport(viewer, { kind: "person", person: p })
        ? ({ ok: true, subject: { kind: "person", person: p }, note: null } as const)
        : notVisible(viewer, asked, null);
    switch (ask.by) {
      case "self":
        return person(viewer, { kind: "self" });
      case "slack_user":
        return person(await org.personBySlackUser(ask.userId), { kind: "slack_user", userId: ask.userId });
      case "email":
        return person(await org.personByEmail(ask.email), { kind: "text", text: ask.email });
      case "default":
        return defaultReport(viewer);
      case "slug": {
        const slug = ask.slug.toLowerCase();
        const [team, company] = await Promise.all([
          ask.as === "company" ? null : org.teamBySlug(slug),
          ask.as === "team" ? null : org.companyBySlug(slug),
        ]);
        const teamOk = team !== null && canSeeReport(viewer, { kind: "team", team });
        const companyOk = company !== null && canSeeReport(viewer, { kind: "company", company });
        if (teamOk) {
          return {
            ok: true,
            subject: { kind: "team", team },
            note: companyOk ? { kind: "team_and_company", slug } : null,
          };
        }
        if (companyOk) return { ok: true, subject: { kind: "company", company }, note: null };
        return notVisible(viewer, { kind: "text", text: ask.slug }, slug);
      }
    }
  }

  async function defaultReport(viewer: PersonRecord): Promise<ReportChoice> {
    const { org } = repos();
    if (viewer.role === "director" && viewer.companyId !== null) {
      const company = await org.companyById(viewer.companyId);
      if (company) return { ok: true, subject: { kind: "company", company }, note: null };
    }
    if (viewer.role === "manager" && viewer.teamIds.length === 1) {
      const team = await org.teamById(viewer.teamIds[0]!);
      if (team) return { ok: true, subject: { kind: "team", team }, note: null };
    }
    if (viewer.role === "staff") return { ok: true, subject: { kind: "person", person: viewer }, note: null };
    return { ok: false, reason: "which", visible: await visibleSlugs(viewer) };
  }

  /**
   * A person as `viewer` names them. Accounts and emails are exact (the service that acts on the
   * person decides what the viewer may do); a bare name is looked up among the people the viewer
   * may see only (admins everyone, directors their company, managers their teams, staff themselves).
   */
  async function findPerson(viewer: PersonRecord, query: PersonQuery): Promise<PersonFound> {
    const { org } = repos();
    if (query.by !== "name") {
      const person =
        query.by === "slack_user"
          ? await org.personBySlackUser(query.userId)
          : query.by === "teams_user"
            ? await org.personByTeamsUser(query.aadObjectId)
            : await org.personByEmail(query.email);
      return person ? { ok: true, person } : { ok: false, reason: "unknown", query };
    }
    const pool =
      viewer.role === "admin"
        ? await org.listPeople({ active: true })
        : viewer.role === "director"
          ? await org.listPeople(
              viewer.companyId === null ? { active: true } : { active: true, companyId: viewer.companyId },
            )
          : viewer.role === "manager"
            ? (await Promise.all(viewer.teamIds.map((teamId) => org.listPeople({ teamId, active: true })))).flat()
            : [viewer];
    const needle = query.name.toLowerCase();
    const matches = [...new Map(pool.map((p) => [p.id, p])).values()].filter((p) => {
      const name = p.name.toLowerCase();
      return (
        name.split(/\s+/)[0] === needle ||
        name.replace(/\s+/g, "") === needle.replace(/[-_.]/g, "") ||
        p.email?.toLowerCase().split("@")[0] === needle
      );
    });
    if (matches.length === 1) return { ok: true, person: matches[0]! };
    if (matches.length > 1) return { ok: false, reason: "ambiguous", query, matches: matches.slice(0, 8) };
    return { ok: false, reason: "not_found", query };
  }

  return { chooseReport, findPerson, visibleSlugs };
}

/** The query service's target for a chosen subject. */
export function subjectTarget(s: ReportSubject): ReportTarget {
  return s.kind === "team"
    ? { kind: "team", slug: s.team.slug }
    : s.kind === "company"
      ? { kind: "company", slug: s.company.slug }
      : { kind: "person", id: s.person.id };
}
