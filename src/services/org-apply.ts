// The apply step of `nps-loop org apply`: compares a validated org with the database and writes the
// difference inside the caller's transaction, counting what it created, updated and left unchanged.
import { type OrgFile, OrgFileError, type OrgProblem, pathText } from "../core/org-file.js";
import { inProgrammeOn } from "../core/org-schema.js";
import type { TeamRecord } from "../core/types.js";
import type { OrgAdminRepository, OrgSnapshot, PersonData, TeamData } from "../db/repositories/org-admin.js";
import {
  type Diff,
  defined,
  diff,
  freeUniqueValues,
  type Row,
  sameConversation,
  sameJson,
  uniqueConflicts,
} from "./org-diff.js";

export { sameJson } from "./org-diff.js";

export interface EntityCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface OrgApplySummary {
  source: string;
  dryRun: boolean;
  companies: EntityCounts;
  teams: EntityCounts;
  people: EntityCounts;
  surveySources: EntityCounts;
  routingRules: EntityCounts;
  memberships: { added: number; removed: number };
  pruned: { peopleDeactivated: number; sourcesDisabled: number; rulesDeleted: number };
  /** Left as they are because the file does not mention them (and prune is off, or cannot remove them). */
  notInFile: { companies: string[]; teams: string[]; activePeople: number; sources: number; rules: number };
  /** One line per change, e.g. `team north: slaHours 48 -> 24` (secret values never shown). */
  changes: string[];
  warnings: OrgProblem[];
}

interface Planned<R extends Row, D> {
  index: number;
  row: R | undefined;
  data: Partial<D>;
  label: string;
}

export class OrgApplier {
  private readonly companyIds = new Map<string, number>();
  private readonly teamIds = new Map<string, number>();

  constructor(
    private readonly repo: OrgAdminRepository,
    private readonly snap: OrgSnapshot,
    private readonly org: OrgFile,
    private readonly s: OrgApplySummary,
    private readonly env: Record<string, string | undefined>,
    private readonly prune: boolean,
    /** UTC date (YYYY-MM-DD) that inProgramme is derived for, from programme dates. */
    private readonly today: string = new Date().toISOString().slice(0, 10),
    private readonly phase: (name: string) => void = () => {},
  ) {
    for (const c of snap.companies) this.companyIds.set(c.slug, c.id);
    for (const t of snap.teams) this.teamIds.set(t.slug, t.id);
  }

  async run(): Promise<void> {
    this.phase("plan");
    const people = this.matchPeople();
    const teamBySlug = new Map(this.snap.teams.map((t) => [t.slug, t]));
    const teamPlans = this.org.teams.map((t, index): Planned<TeamRecord, TeamData> => {
      const row = teamBySlug.get(t.slug);
      return { index, row, data: {}, label: `team ${t.slug}` };
    });
    const problems = [
      ...uniqueConflicts("teams", "slackChannelId", this.org.teams, teamPlans, this.snap.teams, (t) => t.slug),
      ...(["email", "slackUserId", "teamsAadObjectId"] as const).flatMap((f) =>
        uniqueConflicts("people", f, this.org.people, people.plans, this.snap.people, (p) => p.email ?? `#${p.id}`),
      ),
      ...people.problems,
    ];
    if (problems.length) throw new OrgFileError(problems, this.s.source);

    this.phase("companies");
    await this.applyCompanies();
    this.phase("teams");
    await this.applyTeams(teamPlans);
    this.phase("people");
    await this.applyPeople(people.plans);
    this.phase("sources and rules");
    await this.applySources();
    await this.applyRules();
    this.phase("prune");
    await this.pruneOrReport(people.plans);
  }

  private async applyCompanies() {
    const creates = this.org.companies.filter((c) => !this.snap.companies.some((x) => x.slug === c.slug));
    const created = await this.repo.createCompanies(
      creates.map((c) => ({
        slug: c.slug,
        name: c.name,
        area: c.area ?? null,
        inProgramme: this.inProgramme(c) ?? true,
        programmeStart: c.programmeStart ?? null,
        programmeEnd: c.programmeEnd ?? null,
        locale: c.locale ?? null,
      })),
    );
    for (const c of created) this.companyIds.set(c.slug, c.id);
    for (const c of this.org.companies) {
      const row = this.snap.companies.find((x) => x.slug === c.slug);
      if (!row) {
        this.created("companies", `company ${c.slug}: created`);
        continue;
      }
      const d = diff(
        row,
        defined({
          name: c.name,
          area: c.area,
          inProgramme: this.inProgramme(c),
          locale: c.locale,
          programmeStart: c.programmeStart,
          // A cleared start clears the end too (an end alone means nothing).
          programmeEnd: c.programmeStart === null ? null : c.programmeEnd,
        }),
      );
      if (d.changed) await this.repo.updateCompany(row.id, d.data);
      this.counted("companies", `company ${c.slug}`, d);
    }
  }

  /** inProgramme as given, or derived from the programme dates for today (undefined: leave as is). */
  private inProgramme(c: OrgFile["companies"][number]): boolean | undefined {
    if (c.programmeStart) return inProgrammeOn(c.programmeStart, c.programmeEnd, this.today);
    return c.inProgramme;
  }

  private async applyTeams(plans: Planned<TeamRecord, TeamData>[]) {
    for (const p of plans) {
      const t = this.org.teams[p.index]!;
      p.data = defined({
        name: t.name,
        companyId: this.companyIds.get(t.company),
        timeZone: t.timeZone,
        slackChannelId: t.slackChannelId,
        teamsConversationRef: t.teamsConversationRef,
        slaHours: t.slaHours,
        casesForPassives: t.casesForPassives,
        reminderWeekday: t.reminderWeekday,
        reminderTime: t.reminderTime,
        locale: t.locale,
      });
    }
    await freeUniqueValues(plans, ["slackChannelId"], async (field, ids) => {
      for (const id of ids) await this.repo.updateTeam(id, { [field]: null });
    });
    const creates = plans.filter((p) => !p.row);
    const created = await this.repo.createTeams(
      creates.map((p) => ({ slug: this.org.teams[p.index]!.slug, ...p.data }) as TeamData),
    );
    for (const t of created) this.teamIds.set(t.slug, t.id);
    for (const p of plans) {
      if (!p.row) {
        this.created("teams", `${p.label}: created`);
        continue;
      }
      const d = diff(p.row, p.data, { teamsConversationRef: sameConversation });
      if (d.changed) await this.repo.updateTeam(p.row.id, d.data);
      this.counted("teams", p.label, d);
    }
  }

  private matchPeople() {
    const problems: OrgProblem[] = [];
    const byEmail = new Map(this.snap.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
    const byId = new Map(this.snap.people.map((p) => [p.id, p]));
    const plans = this.org.people.map((p, index) => {
      let row = p.id !== undefined ? byId.get(p.id) : undefined;
      if (p.id !== undefined && !row) {
        problems.push({
          path: pathText(["people", index, "id"]),
          message: `no person with id ${p.id} in the database (leave id: out to create them)`,
        });
      }
      if (p.id === undefined && p.email) row = byEmail.get(p.email);
      return { index, row, data: {} as Partial<PersonData>, label: `person ${p.email ?? `#${p.id}`}` };
    });
    return { plans, problems };
  }

  private async applyPeople(plans: ReturnType<OrgApplier["matchPeople"]>["plans"]) {
    for (const p of plans) {
      const e = this.org.people[p.index]!;
      p.data = defined({
        name: e.name,
        email: e.email,
        role: e.role,
        companyId: e.company == null ? e.company : this.companyIds.get(e.company),
        slackUserId: e.slackUserId,
        teamsAadObjectId: e.teamsAadObjectId,
        timeZone: e.timeZone,
        locale: e.locale,
        remindersEnabled: e.reminders,
        active: e.active ?? true,
      });
    }
    await freeUniqueValues(plans, ["email", "slackUserId", "teamsAadObjectId"], (field, ids) =>
      this.repo.clearPersonValue(field, ids),
    );
    // New people always have an email (the validator insists, since they have no id to match by).
    const created = await this.repo.createPeople(plans.filter((p) => !p.row).map((p) => p.data as PersonData));
    const newIds = new Map(created.map((x) => [x.email!, x.id]));
    const updates: { id: number; data: Partial<PersonData> }[] = [];
    const add: { personId: number; teamId: number }[] = [];
    const remove: { personId: number; teamId: number }[] = [];
    const names = (ids: number[]) => ids.map((id) => this.teamSlug(id)).join(", ");
    for (const p of plans) {
      const e = this.org.people[p.index]!;
      const wanted = e.teams?.map((slug) => this.teamIds.get(slug)!);
      if (!p.row) {
        const personId = newIds.get(e.email!)!;
        for (const teamId of wanted ?? []) add.push({ personId, teamId });
        this.created("people", `${p.label}: created (${e.role}${wanted?.length ? ` in ${names(wanted)}` : ""})`);
        continue;
      }
      const personId = p.row.id;
      const d = diff(p.row, p.data);
      if (d.changed) updates.push({ id: personId, data: d.data });
      this.counted("people", p.label, d);
      if (wanted === undefined) continue;
      const current = p.row.teamIds;
      const joined = wanted.filter((id) => !current.includes(id));
      const left = current.filter((id) => !wanted.includes(id));
      for (const teamId of joined) add.push({ personId, teamId });
      for (const teamId of left) remove.push({ personId, teamId });
      if (joined.length || left.length) {
        const what = [joined.length ? `joined ${names(joined)}` : "", left.length ? `left ${names(left)}` : ""];
        this.s.changes.push(`${p.label}: ${what.filter(Boolean).join("; ")}`);
      }
    }
    await this.repo.updatePeople(updates);
    this.phase("memberships");
    this.s.memberships.added += await this.repo.addMemberships(add);
    this.s.memberships.removed += await this.repo.removeMemberships(remove);
  }

  private async applySources() {
    for (const src of this.org.surveySources) {
      const data = defined({
        kind: src.kind,
        secret: src.secretEnv === undefined ? undefined : src.secretEnv === null ? null : this.env[src.secretEnv]!,
        mapping: src.mapping,
        enabled: src.enabled ?? true,
      });
      const row = this.snap.sources.find((x) => x.slug === src.slug);
      if (!row) {
        await this.repo.createSource({ slug: src.slug, ...data } as { slug: string; kind: string });
        this.created("surveySources", `survey source ${src.slug}: created (${src.kind})`);
        continue;
      }
      const d = diff(row, data, { mapping: sameJson }, ["secret"]);
      if (d.changed) await this.repo.updateSource(row.id, d.data);
      this.counted("surveySources", `survey source ${src.slug}`, d);
    }
  }

  private async applyRules() {
    for (const r of this.org.routingRules) {
      const teamId = this.teamIds.get(r.team)!;
      const row = this.snap.rules.find((x) => x.field === r.field && x.pattern === r.pattern);
      const label = `routing rule ${r.field}=${r.pattern}`;
      if (!row) {
        await this.repo.createRule({ field: r.field, pattern: r.pattern, teamId, priority: r.priority });
        this.created("routingRules", `${label}: created (-> ${r.team})`);
        continue;
      }
      const d = diff(row, { teamId, priority: r.priority });
      if (d.changed) await this.repo.updateRule(row.id, d.data);
      this.counted("routingRules", label, d);
    }
  }

  private async pruneOrReport(peoplePlans: { row: { id: number } | undefined }[]) {
    const n = this.s.notInFile;
    const inFile = <T>(list: T[], key: (x: T) => string) => new Set(list.map(key));
    const companySlugs = inFile(this.org.companies, (c) => c.slug);
    const teamSlugs = inFile(this.org.teams, (t) => t.slug);
    n.companies = this.snap.companies.filter((c) => !companySlugs.has(c.slug)).map((c) => c.slug);
    n.teams = this.snap.teams.filter((t) => !teamSlugs.has(t.slug)).map((t) => t.slug);
    const matched = new Set(peoplePlans.map((p) => p.row?.id));
    const absentPeople = this.snap.people.filter((p) => !matched.has(p.id) && p.active);
    const sourceSlugs = inFile(this.org.surveySources, (x) => x.slug);
    const absentSources = this.snap.sources.filter((x) => !sourceSlugs.has(x.slug) && x.enabled);
    const ruleKeys = new Set<number>();
    for (const r of this.org.routingRules) {
      const row = this.snap.rules.find((x) => x.field === r.field && x.pattern === r.pattern);
      if (row) ruleKeys.add(row.id);
    }
    const absentRules = this.snap.rules.filter((r) => !ruleKeys.has(r.id));
    if (!this.prune) {
      n.activePeople = absentPeople.length;
      n.sources = absentSources.length;
      n.rules = absentRules.length;
      return;
    }
    const p = this.s.pruned;
    p.peopleDeactivated = await this.repo.deactivatePeople(absentPeople.map((x) => x.id));
    p.sourcesDisabled = await this.repo.disableSources(absentSources.map((x) => x.id));
    p.rulesDeleted = await this.repo.deleteRules(absentRules.map((x) => x.id));
    for (const x of absentPeople) this.s.changes.push(`person ${x.email ?? `#${x.id}`}: deactivated (not in file)`);
    for (const x of absentSources) this.s.changes.push(`survey source ${x.slug}: disabled (not in file)`);
    for (const x of absentRules) this.s.changes.push(`routing rule ${x.field}=${x.pattern}: deleted (not in file)`);
  }

  private teamSlug(id: number): string {
    if (this.slugOfTeam.size !== this.teamIds.size) {
      this.slugOfTeam = new Map([...this.teamIds].map(([slug, tid]) => [tid, slug]));
    }
    return this.slugOfTeam.get(id) ?? `#${id}`;
  }
  private slugOfTeam = new Map<number, string>();

  private created(kind: CountedKind, line: string) {
    this.s[kind].created++;
    this.s.changes.push(line);
  }

  private counted(kind: CountedKind, label: string, d: Diff<unknown>) {
    if (!d.changed) {
      this.s[kind].unchanged++;
      return;
    }
    this.s[kind].updated++;
    this.s.changes.push(`${label}: ${d.notes.join(", ")}`);
  }
}

type CountedKind = "companies" | "teams" | "people" | "surveySources" | "routingRules";

export function emptySummary(source: string, dryRun: boolean, warnings: OrgProblem[]): OrgApplySummary {
  const c = () => ({ created: 0, updated: 0, unchanged: 0 });
  return {
    source,
    dryRun,
    companies: c(),
    teams: c(),
    people: c(),
    surveySources: c(),
    routingRules: c(),
    memberships: { added: 0, removed: 0 },
    pruned: { peopleDeactivated: 0, sourcesDisabled: 0, rulesDeleted: 0 },
    notInFile: { companies: [], teams: [], activePeople: 0, sources: 0, rules: 0 },
    changes: [],
    warnings,
  };
}
