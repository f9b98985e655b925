// Plain domain records: what repositories return and services pass around (no Prisma types).
export type PersonRole = "director" | "manager" | "staff" | "admin";
export type CaseStatus = "open" | "claimed" | "contacted" | "resolved";
export type CaseOutcome = "recovered" | "not_recovered" | "unreachable" | "score_updated";
export type ChatPlatform = "slack" | "teams";
export type NpsCategory = "promoter" | "passive" | "detractor";

export interface CompanyRecord {
  id: number;
  slug: string;
  name: string;
  area: string | null;
  inProgramme: boolean;
  /** First day in the programme (UTC date YYYY-MM-DD); null when the org file gives none. */
  programmeStart: string | null;
  /** First day out of the programme (UTC date), for a company that left; null = still in. */
  programmeEnd: string | null;
  /** Language of its people when neither they nor their team set one (see core/i18n). */
  locale?: string | null;
}

export interface TeamRecord {
  id: number;
  slug: string;
  name: string;
  companyId: number;
  timeZone: string;
  slackChannelId: string | null;
  teamsConversationRef: unknown | null;
  teamsConversationOk: boolean;
  casesForPassives: boolean;
  slaHours: number | null;
  reminderWeekday: number;
  reminderTime: string;
  /** Language of the team's channel cards and of members who set none (see core/i18n). */
  locale?: string | null;
}

export interface PersonRecord {
  id: number;
  name: string;
  email: string | null;
  role: PersonRole;
  companyId: number | null;
  slackUserId: string | null;
  teamsAadObjectId: string | null;
  teamsConversationRef: unknown | null;
  timeZone: string;
  /** Chosen in the org file or with `/nps language`; null = not chosen. */
  locale: string | null;
  /** What the chat platform last reported for this person, remembered. */
  platformLocale?: string | null;
  remindersEnabled: boolean;
  active: boolean;
  teamIds: number[];
}

/** Who is acting, as the services see them (resolved from a Slack or Teams user). */
export interface Actor {
  /** Platform identity for the audit trail, e.g. "slack:U024BE7LH" or "teams:<aad id>" or "cli". */
  label: string;
  person: PersonRecord | null;
}

export interface ResponseRecord {
  id: number;
  source: string;
  externalId: string;
  score: number;
  comment: string | null;
  touchpoint: string | null;
  customerRef: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
  staffId: number | null;
  teamId: number | null;
  companyId: number | null;
  respondedAt: Date;
  receivedAt: Date;
  erasedAt: Date | null;
}

export interface CaseRecord {
  id: number;
  responseId: number;
  teamId: number | null;
  companyId: number | null;
  status: CaseStatus;
  ownerId: number | null;
  dueAt: Date;
  claimedAt: Date | null;
  contactedAt: Date | null;
  resolvedAt: Date | null;
  outcome: CaseOutcome | null;
  rootCause: string | null;
  outerLoop: boolean;
  note: string | null;
  reminderSentAt: Date | null;
  escalationLevel: number;
  silent: boolean;
  version: number;
  createdAt: Date;
}

/** A case with what a card needs to show it. */
export interface CaseDetail extends CaseRecord {
  response: ResponseRecord;
  team: TeamRecord | null;
  company: CompanyRecord | null;
  owner: PersonRecord | null;
  staff: PersonRecord | null;
  noteCount: number;
}

export interface ChatMessageRef {
  platform: ChatPlatform;
  channelId: string;
  messageId: string;
  conversationRef?: unknown;
}
