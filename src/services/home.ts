// What a person's home (Slack's App Home) shows: their open cases, unclaimed cases in the teams they
// manage, the NPS they may see, and their coaching to-dos. Cases are read in one batched query (not
// one per case), and so are the chat messages that show them.
import { isOpen } from "../core/case-machine.js";
import type { ChatPlatform, PersonRecord } from "../core/types.js";
import type { CaseCardView, ReportView } from "../core/views.js";
import type { DbContext } from "../db/context.js";
import { repositories } from "../db/repositories/index.js";
import type { Logger } from "../log.js";
import type { CaseService } from "./cases.js";
import type { CoachingService } from "./coaching.js";
import type { QueryService, ReportTarget } from "./queries.js";

const MAX_CASES = 20;
const MAX_REPORTS = 5;
const HOME_PERIOD = "30d";

export interface HomeCoachingItem {
  id: number;
  topic: string;
  /** The staff member coached (for managers) or the manager coaching (for staff). */
  withName: string | null;
  dueAt: Date | null;
  /** Shows a "Mark done" button (the coaching service decides on submission). */
  canMarkDone: boolean;
}

export interface HomeSummary {
  name: string | null;
  /** Null for someone NPS Loop does not know (or no longer active). */
  role: string | null;
  myCases: CaseCardView[];
  /** Unclaimed cases in the teams the person manages. */
  unclaimed: CaseCardView[];
  reports: ReportView[];
  coaching: HomeCoachingItem[];
  /** The channel each case's card lives in on the platform asked for. */
  channelOfCase?: Record<number, string>;
}

export type HomeService = ReturnType<typeof createHomeService>;

export function createHomeService(deps: {
  db: DbContext;
  log: Logger;
  cases: CaseService;
  queries: QueryService;
  coaching: CoachingService;
}) {
  async function forPerson(platform: ChatPlatform, person: PersonRecord | null): Promise<HomeSummary> {
    if (!person?.active)
      return { name: person?.name ?? null, role: null, myCases: [], unclaimed: [], reports: [], coaching: [] };
    const { cases } = repositories(deps.db.client);
    const manages = person.role === "manager" || person.role === "admin";
    const [mine, teamOpen] = await Promise.all([
      cases.openByOwner(person.id, MAX_CASES),
      manages && person.teamIds.length ? cases.openByTeams(person.teamIds, MAX_CASES * 2) : Promise.resolve([]),
    ]);
    const unclaimedIds = teamOpen
      .filter((c) => c.ownerId === null && isOpen(c.status))
      .slice(0, MAX_CASES)
      .map((c) => c.id);
    const mineIds = mine.map((c) => c.id);
    const [views, messages, reports, coaching] = await Promise.all([
      deps.cases.cardViews([...mineIds, ...unclaimedIds]),
      cases.latestChatMessages([...mineIds, ...unclaimedIds], platform),
      homeReports(person),
      homeCoaching(person),
    ]);
    const byId = new Map(views.map((v) => [v.caseId, v]));
    const pick = (ids: number[]) => ids.flatMap((id) => byId.get(id) ?? []);
    const channelOfCase: Record<number, string> = {};
    for (const [caseId, ref] of messages) channelOfCase[caseId] = ref.channelId;
    return {
      name: person.name,
      role: person.role,
      myCases: pick(mineIds),
      unclaimed: pick(unclaimedIds),
      reports,
      coaching,
      channelOfCase,
    };
  }

  async function homeReports(person: PersonRecord): Promise<ReportView[]> {
    const { org } = repositories(deps.db.client);
    let targets: ReportTarget[] = [];
    if (person.role === "staff") targets = [{ kind: "person", id: person.id }];
    else if (person.role === "director") {
      const companies =
        person.companyId === null ? await org.listCompanies() : [await org.companyById(person.companyId)];
      targets = companies.flatMap((c) => (c ? [{ kind: "company" as const, id: c.id }] : []));
    } else targets = person.teamIds.map((id) => ({ kind: "team" as const, id }));
    const settled = await Promise.allSettled(
      targets.slice(0, MAX_REPORTS).map((t) => deps.queries.report(t, HOME_PERIOD, { comparison: false })),
    );
    return settled.flatMap((s) => {
      if (s.status === "fulfilled") return [s.value];
      deps.log.warn({ err: s.reason }, "home report failed");
      return [];
    });
  }

  async function homeCoaching(person: PersonRecord): Promise<HomeCoachingItem[]> {
    const manages = person.role === "manager" || person.role === "admin";
    const [forMe, toRun] = await Promise.all([
      deps.coaching.listForStaff(person.id),
      manages ? deps.coaching.listForManager(person) : Promise.resolve([]),
    ]);
    return [
      ...toRun
        .filter((s) => s.status === "planned")
        .map((s) => ({ id: s.id, topic: s.topic, withName: s.staffName, dueAt: s.dueAt, canMarkDone: true })),
      // Staff may mark their own sessions done too (the coaching service allows it).
      ...forMe.map((s) => ({ id: s.id, topic: s.topic, withName: s.managerName, dueAt: s.dueAt, canMarkDone: true })),
    ];
  }

  return { forPerson };
}
