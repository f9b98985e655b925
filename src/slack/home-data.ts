// Gathers what the App Home shows for one Slack user: their open cases, unclaimed cases in the teams
// they manage, the NPS they may see, and their coaching to-dos.
import { isOpen } from "../core/case-machine.js";
import type { PersonRecord } from "../core/types.js";
import type { CaseCardView, ReportView } from "../core/views.js";
import { CaseRepository } from "../db/repositories/cases.js";
import { OrgRepository } from "../db/repositories/org.js";
import type { ReportTarget } from "../services/queries.js";
import type { SlackDeps } from "./context.js";
import type { HomeCoachingItem, HomeData } from "./views/home.js";

const MAX_CASES = 20;
const MAX_REPORTS = 5;
const HOME_PERIOD = "30d";

export async function loadHome(deps: SlackDeps, userId: string): Promise<HomeData> {
  const db = deps.core.db.client;
  const org = new OrgRepository(db);
  const person = await org.personBySlackUser(userId);
  if (!person?.active)
    return { name: person?.name ?? null, role: null, myCases: [], unclaimed: [], reports: [], coaching: [] };
  const cases = new CaseRepository(db);
  const manages = person.role === "manager" || person.role === "admin";

  const [mine, teamOpen] = await Promise.all([
    cases.openByOwner(person.id, MAX_CASES),
    manages && person.teamIds.length ? cases.openByTeams(person.teamIds, MAX_CASES * 2) : Promise.resolve([]),
  ]);
  const unclaimedRecords = teamOpen.filter((c) => c.ownerId === null && isOpen(c.status)).slice(0, MAX_CASES);
  const views = async (ids: number[]) =>
    (await Promise.all(ids.map((id) => deps.cases.cardView(id)))).filter((v): v is CaseCardView => v !== null);
  const [myCases, unclaimed, reports, coaching] = await Promise.all([
    views(mine.map((c) => c.id)),
    views(unclaimedRecords.map((c) => c.id)),
    homeReports(deps, person),
    homeCoaching(deps, person),
  ]);
  const channelOfCase: Record<number, string> = {};
  await Promise.all(
    [...myCases, ...unclaimed].map(async (v) => {
      const ref = await cases.chatMessage(v.caseId, "slack");
      if (ref) channelOfCase[v.caseId] = ref.channelId;
    }),
  );
  return { name: person.name, role: person.role, myCases, unclaimed, reports, coaching, channelOfCase };
}

async function homeReports(deps: SlackDeps, person: PersonRecord): Promise<ReportView[]> {
  const org = new OrgRepository(deps.core.db.client);
  let targets: ReportTarget[] = [];
  if (person.role === "staff") targets = [{ kind: "person", id: person.id }];
  else if (person.role === "director") {
    const companies = person.companyId === null ? await org.listCompanies() : [await org.companyById(person.companyId)];
    targets = companies.flatMap((c) => (c ? [{ kind: "company" as const, id: c.id }] : []));
  } else targets = person.teamIds.map((id) => ({ kind: "team" as const, id }));
  const settled = await Promise.allSettled(
    targets.slice(0, MAX_REPORTS).map((t) => deps.queries.report(t, HOME_PERIOD, { comparison: false })),
  );
  return settled.flatMap((s) => {
    if (s.status === "fulfilled") return [s.value];
    deps.log.warn({ err: s.reason }, "App Home report failed");
    return [];
  });
}

async function homeCoaching(deps: SlackDeps, person: PersonRecord): Promise<HomeCoachingItem[]> {
  const manages = person.role === "manager" || person.role === "admin";
  const [forMe, toRun] = await Promise.all([
    deps.coaching.listForStaff(person.id),
    manages ? deps.coaching.listForManager(person) : Promise.resolve([]),
  ]);
  return [
    ...toRun
      .filter((s) => s.status === "planned")
      .map((s) => ({ id: s.id, topic: s.topic, withName: s.staffName, dueAt: s.dueAt, canMarkDone: true })),
    // Staff may mark their own sessions done too (the service allows it).
    ...forMe.map((s) => ({ id: s.id, topic: s.topic, withName: s.managerName, dueAt: s.dueAt, canMarkDone: true })),
  ];
}
