// The rows ingestion writes beside a response: its new case, the outbox rows that announce it
// (cards per platform, admin alerts for unassigned responses) and the response row itself.
import type { OutboxEnqueue } from "../chat/port.js";
import { dueAtFor } from "../core/case-machine.js";
import { type Locale, readerLocale } from "../core/i18n/index.js";
import { type IncomingResponse, type NewResponse, needsCase, type StoredResponse } from "../core/ingest-plan.js";
import { unassignedAlertMessage } from "../core/messages/unassigned.js";
import type { ChatPlatform, PersonRecord, TeamRecord } from "../core/types.js";
import type { NewCase } from "../db/repositories/cases.js";
import type { CoreDeps } from "../deps.js";
import type { Routed } from "./batch-routing.js";

export function createIngestRows(deps: CoreDeps) {
  const { config, log } = deps;

  /** The platforms on which a team's cases get a card (the team's channel is bound there). */
  function cardPlatforms(team: TeamRecord): ChatPlatform[] {
    return deps.platforms.filter((platform) =>
      platform === "slack"
        ? team.slackChannelId !== null
        : team.teamsConversationRef !== null && team.teamsConversationOk,
    );
  }

  /**
   * The case card rows of a case. ResponseRepository.insertWithCases writes the same rows (kind,
   * target, payload, dedupe key) in SQL for the cases it opens: change both together.
   */
  function cardRows(c: { id: number }, team: TeamRecord): OutboxEnqueue[] {
    return cardPlatforms(team).map((platform) => ({
      platform,
      payload: { kind: "case_card", caseId: c.id },
      dedupeKey: `case:${c.id}:card:${platform}`,
      caseId: c.id,
    }));
  }

  /** Each admin is told once per response, on the first platform that reaches them. */
  function adminAlertRows(r: StoredResponse, caseId: number | null, reasons: string[], admins: PersonRecord[]) {
    const rows: OutboxEnqueue[] = [];
    const input = {
      responseId: r.id,
      source: r.source,
      externalId: r.externalId,
      score: r.score,
      comment: r.comment,
      touchpoint: r.touchpoint,
      respondedAt: r.respondedAt,
      caseId,
      reasons,
    };
    // Each admin's language from their own or platform tag (kept synchronous on the ingest path:
    // the team's and company's steps are skipped), one message per language.
    const messages = new Map<Locale, ReturnType<typeof unassignedAlertMessage>>();
    for (const admin of admins) {
      const locale = readerLocale(admin, null, null, config.DEFAULT_LOCALE);
      let message = messages.get(locale);
      if (!message) {
        message = unassignedAlertMessage(input, locale);
        messages.set(locale, message);
      }
      const platform = deps.platforms.find((p) =>
        p === "slack" ? admin.slackUserId !== null : admin.teamsConversationRef !== null || !!admin.teamsAadObjectId,
      );
      if (!platform) continue;
      rows.push({
        platform,
        payload: { kind: "dm", personId: admin.id, message },
        dedupeKey: `response:${r.id}:unassigned:${admin.id}`,
        ...(caseId !== null ? { caseId } : {}),
      });
    }
    if (rows.length === 0) {
      log.warn({ responseId: r.id }, "unassigned response: no admin is reachable in chat; it waits in the queue");
    }
    return rows;
  }

  function newCase(responseId: number, team: TeamRecord | null, companyId: number | null, now: Date, silent: boolean) {
    return {
      responseId,
      teamId: team?.id ?? null,
      companyId: team?.companyId ?? companyId,
      dueAt: dueAtFor(now, team?.slaHours ?? config.CASE_SLA_HOURS),
      silent,
      createdAt: now,
    } satisfies NewCase;
  }

  /** The case a new response opens (with the platforms its card goes to), or null. */
  function caseFor(row: NewResponse, routed: Routed, now: Date, silent: boolean) {
    const team = routed.route.team;
    if (!needsCase(row.score, team)) return null;
    return { ...newCase(0, team, row.companyId, now, silent), cards: silent || !team ? [] : cardPlatforms(team) };
  }

  return { cardRows, adminAlertRows, newCase, caseFor };
}

export function toNewResponse(it: IncomingResponse, routed: Routed, now: Date): NewResponse {
  const { route, staff } = routed;
  return {
    source: it.source,
    externalId: it.externalId,
    score: it.score,
    comment: it.comment ?? null,
    touchpoint: it.touchpoint ?? null,
    customerRef: it.customer?.id ?? null,
    customerName: it.customer?.name ?? null,
    customerEmail: it.customer?.email ?? null,
    customerPhone: it.customer?.phone ?? null,
    staffId: staff?.id ?? null,
    teamId: route.team?.id ?? null,
    companyId: route.companyId,
    respondedAt: it.respondedAt ?? now,
    receivedAt: now,
    sourceUpdatedAt: it.updatedAt ?? null,
    attributes: attributesOf(it),
  };
}

/** Payload extras kept for routing and audit; the area travels with them. */
function attributesOf(it: IncomingResponse): Record<string, unknown> | null {
  const a = { ...(it.attributes ?? {}), ...(it.area ? { area: it.area } : {}) };
  return Object.keys(a).length ? a : null;
}
