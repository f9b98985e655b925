// Who may see which NPS report (pure; platform-neutral, so Teams can apply the same rule):
// admins everything; directors their company (no company = every company); managers their teams
// and the people in them; staff only themselves. Callers give an unknown and a forbidden target
// the same answer so that nobody learns which teams or companies exist.
import type { CompanyRecord, PersonRecord, TeamRecord } from "./types.js";

export type ReportSubject =
  | { kind: "team"; team: TeamRecord }
  | { kind: "company"; company: CompanyRecord }
  | { kind: "person"; person: PersonRecord };

export function canSeeReport(viewer: PersonRecord | null, subject: ReportSubject): boolean {
  if (!viewer?.active) return false;
  if (subject.kind === "person" && subject.person.id === viewer.id) return true;
  switch (viewer.role) {
    case "admin":
      return true;
    case "director": {
      const companyId =
        subject.kind === "team"
          ? subject.team.companyId
          : subject.kind === "company"
            ? subject.company.id
            : subject.person.companyId;
      return viewer.companyId === null || (companyId !== null && companyId === viewer.companyId);
    }
    case "manager":
      if (subject.kind === "team") return viewer.teamIds.includes(subject.team.id);
      if (subject.kind === "person") return subject.person.teamIds.some((t) => viewer.teamIds.includes(t));
      return false;
    case "staff":
      return false;
  }
}

/** The teams a viewer may ask about (for the "teams you can see" hint). */
export function visibleTeams(viewer: PersonRecord, teams: TeamRecord[]): TeamRecord[] {
  return teams.filter((team) => canSeeReport(viewer, { kind: "team", team }));
}

export function visibleCompanies(viewer: PersonRecord, companies: CompanyRecord[]): CompanyRecord[] {
  return companies.filter((company) => canSeeReport(viewer, { kind: "company", company }));
}

/** The slugs a viewer may ask about, for hints and suggestions. */
export interface VisibleSlugs {
  teams: string[];
  companies: string[];
}

/**
 * Whose report an ask is about, decided once for both platforms: the subject (with a note when the
 * slug names both a team and a company), or an answer that suggests what the viewer may ask instead.
 * An unknown and a forbidden subject give the same answer, so nobody learns what exists.
 */
export type ReportChoice =
  | { ok: true; subject: ReportSubject; note: ReportNote | null }
  | { ok: false; reason: "not_visible"; asked: AskedLabel; suggestion: string | null; visible: VisibleSlugs }
  | { ok: false; reason: "which"; visible: VisibleSlugs };

/** The slug was both a team and a company, and the team was chosen. */
export interface ReportNote {
  kind: "team_and_company";
  slug: string;
}

/** What the viewer asked for, echoed back as typed (never masked: it is their own input). */
export type AskedLabel = { kind: "text"; text: string } | { kind: "slack_user"; userId: string } | { kind: "self" };

export function subjectName(s: ReportSubject): string {
  return s.kind === "team" ? s.team.name : s.kind === "company" ? s.company.name : s.person.name;
}
