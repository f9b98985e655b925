// Prisma rows to plain core records. Kept in one place so every repository returns the same shapes.
import type {
  CaseRecord,
  ChatMessageRef,
  CompanyRecord,
  PersonRecord,
  ResponseRecord,
  TeamRecord,
} from "../../core/types.js";
import type { ChatMessage, Company, FollowUpCase, Person, SurveyResponse, Team } from "../generated/client.js";

/** What a person is read with so that toPerson() can list their teams (`include: withMemberships`). */
export const withMemberships = { memberships: { select: { teamId: true } } } as const;

/** A case's note count as its card shows it (`_count: noteCount`): notes that were allowed. */
export const noteCount = { select: { events: { where: { action: "note", allowed: true } } } } as const;

export function toChatMessage(r: ChatMessage): ChatMessageRef {
  return {
    platform: r.platform,
    channelId: r.channelId,
    messageId: r.messageId,
    ...(r.conversationRef ? { conversationRef: r.conversationRef } : {}),
  };
}

export function toCompany(c: Company): CompanyRecord {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    area: c.area,
    inProgramme: c.inProgramme,
    programmeStart: c.programmeStart ? c.programmeStart.toISOString().slice(0, 10) : null,
    programmeEnd: c.programmeEnd ? c.programmeEnd.toISOString().slice(0, 10) : null,
    locale: c.locale,
  };
}

export function toTeam(t: Team): TeamRecord {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    companyId: t.companyId,
    timeZone: t.timeZone,
    slackChannelId: t.slackChannelId,
    teamsConversationRef: t.teamsConversationRef ?? null,
    teamsConversationOk: t.teamsConversationOk,
    casesForPassives: t.casesForPassives,
    slaHours: t.slaHours,
    reminderWeekday: t.reminderWeekday,
    reminderTime: t.reminderTime,
    locale: t.locale,
  };
}

export function toPerson(p: Person & { memberships?: { teamId: number }[] }): PersonRecord {
  return {
    id: p.id,
    name: p.name,
    email: p.email,
    role: p.role,
    companyId: p.companyId,
    slackUserId: p.slackUserId,
    teamsAadObjectId: p.teamsAadObjectId,
    teamsConversationRef: p.teamsConversationRef ?? null,
    timeZone: p.timeZone,
    locale: p.locale,
    platformLocale: p.platformLocale,
    remindersEnabled: p.remindersEnabled,
    active: p.active,
    teamIds: (p.memberships ?? []).map((m) => m.teamId),
  };
}

export function toResponse(r: SurveyResponse): ResponseRecord {
  return {
    id: r.id,
    source: r.source,
    externalId: r.externalId,
    score: r.score,
    comment: r.comment,
    touchpoint: r.touchpoint,
    customerRef: r.customerRef,
    customerName: r.customerName,
    customerEmail: r.customerEmail,
    customerPhone: r.customerPhone,
    staffId: r.staffId,
    teamId: r.teamId,
    companyId: r.companyId,
    respondedAt: r.respondedAt,
    receivedAt: r.receivedAt,
    erasedAt: r.erasedAt,
  };
}

export function toCase(c: FollowUpCase): CaseRecord {
  return {
    id: c.id,
    responseId: c.responseId,
    teamId: c.teamId,
    companyId: c.companyId,
    status: c.status,
    ownerId: c.ownerId,
    dueAt: c.dueAt,
    claimedAt: c.claimedAt,
    contactedAt: c.contactedAt,
    resolvedAt: c.resolvedAt,
    outcome: c.outcome,
    rootCause: c.rootCause,
    outerLoop: c.outerLoop,
    note: c.note,
    reminderSentAt: c.reminderSentAt,
    escalationLevel: c.escalationLevel,
    silent: c.silent,
    version: c.version,
    createdAt: c.createdAt,
  };
}
