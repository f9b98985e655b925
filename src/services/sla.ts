// The SLA watch (run every few minutes by the sla-watch job): one reminder in the thread of a card
// nobody claimed within UNCLAIMED_REMINDER_HOURS, and escalations to the company's directors when
// a case is past due, one level every ESCALATION_LEVEL_HOURS up to MAX_ESCALATION_LEVEL. With
// BUSINESS_HOURS set, time counts only inside business hours (in the team's zone) and nothing is
// sent outside them. Each reminder and level is claimed on the case row (reminderSentAt,
// escalationLevel) in the same transaction that enqueues its messages, so reruns and concurrent
// instances never send one twice.

import { platformsForPerson, platformsForTeam } from "../chat/targets.js";
import { buildCaseCardView } from "../core/case-view.js";
import { escalationMessage, unclaimedReminder } from "../core/messages/sla.js";
import { type BusinessHours, businessMsBetween, inBusinessHours, parseBusinessHours } from "../core/schedule.js";
import type { ChatPlatform, PersonRecord } from "../core/types.js";
import { CaseRepository } from "../db/repositories/cases.js";
import { type CaseWithTeam, ScheduleScanRepository } from "../db/repositories/jobs.js";
import { OrgRepository } from "../db/repositories/org.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import type { CoreDeps } from "../deps.js";
import { createLanguageService } from "./language.js";

export const MAX_ESCALATION_LEVEL = 3;
const BATCH = 500;
const HOUR = 3_600_000;

export interface SlaCounts {
  [key: string]: number;
  reminders: number;
  escalations: number;
  /** Cases due a message that waits for business hours. */
  waitingForBusinessHours: number;
  /** Cases with nowhere to send (no channel, no reachable director). */
  unreachable: number;
}

export type SlaService = ReturnType<typeof createSlaService>;

export function createSlaService(deps: CoreDeps) {
  const cfg = deps.config;
  const hours: BusinessHours | null = cfg.BUSINESS_HOURS ? parseBusinessHours(cfg.BUSINESS_HOURS) : null;
  const scan = () => new ScheduleScanRepository(deps.db.client);

  /** Time that counts towards the SLA between two instants (business time when configured). */
  function counted(from: Date, to: Date, timeZone: string): number {
    return hours ? businessMsBetween(from, to, hours, timeZone) : Math.max(0, to.getTime() - from.getTime());
  }

  async function remindUnclaimed(at: Date, counts: SlaCounts): Promise<void> {
    const wait = cfg.UNCLAIMED_REMINDER_HOURS * HOUR;
    // Wall time bounds business time from above, so this scan is a superset of what is due.
    for (const c of await scan().unclaimedWithoutReminder(new Date(at.getTime() - wait), BATCH)) {
      const zone = c.team?.timeZone ?? "UTC";
      const waited = counted(c.createdAt, at, zone);
      if (waited < wait) continue;
      if (hours && !inBusinessHours(at, hours, zone)) {
        counts.waitingForBusinessHours++;
        continue;
      }
      const sent = await deps.db.transaction(async (tx) => {
        const cases = new CaseRepository(tx);
        if (!(await cases.setReminderSent(c.id, at))) return 0;
        const detail = await cases.findDetail(c.id);
        if (!detail) return 0;
        const platforms = new Set<ChatPlatform>((await cases.chatMessages(c.id)).map((m) => m.platform));
        if (detail.team) for (const p of platformsForTeam(detail.team, deps.platforms)) platforms.add(p);
        const message = unclaimedReminder(buildCaseCardView(detail, at, cfg.rootCauses, cfg.DEFAULT_LOCALE), waited);
        return new OutboxRepository(tx).enqueue(
          [...platforms].map((platform) => ({
            platform,
            payload: { kind: "case_thread" as const, caseId: c.id, message },
            dedupeKey: `sla:${c.id}:unclaimed:${platform}`,
            caseId: c.id,
          })),
          at,
        );
      });
      if (sent > 0) counts.reminders++;
      else counts.unreachable++;
    }
  }

  async function directorsFor(c: CaseWithTeam, org: OrgRepository): Promise<PersonRecord[]> {
    if (c.companyId !== null) return org.directorsOfCompany(c.companyId);
    return (await org.listPeople({ role: "director", active: true })).filter((p) => p.companyId === null);
  }

  async function escalate(at: Date, counts: SlaCounts): Promise<void> {
    const step = cfg.ESCALATION_LEVEL_HOURS * HOUR;
    const org = new OrgRepository(deps.db.client);
    for (const c of await scan().overdueForEscalation(at, MAX_ESCALATION_LEVEL, step, BATCH)) {
      const zone = c.team?.timeZone ?? "UTC";
      const overdue = counted(c.dueAt, at, zone);
      // Level 1 when due, then one more each ESCALATION_LEVEL_HOURS; a backlog jumps to the current level.
      const level = Math.min(MAX_ESCALATION_LEVEL, 1 + Math.floor(overdue / step));
      if (level <= c.escalationLevel) continue;
      if (hours && !inBusinessHours(at, hours, zone)) {
        counts.waitingForBusinessHours++;
        continue;
      }
      const directors = await directorsFor(c, org);
      // Each director reads the escalation in their own language (the whose-language chain).
      const language = createLanguageService(deps);
      const locales = new Map(
        await Promise.all(directors.map(async (d) => [d.id, await language.localeOf(d)] as const)),
      );
      const sent = await deps.db.transaction(async (tx) => {
        const cases = new CaseRepository(tx);
        if (!(await cases.raiseEscalation(c.id, c.escalationLevel, level))) return 0;
        const detail = await cases.findDetail(c.id);
        if (!detail) return 0;
        const views = new Map<string, ReturnType<typeof buildCaseCardView>>();
        const viewIn = (locale: string) => {
          let v = views.get(locale);
          if (!v) {
            v = buildCaseCardView(detail, at, cfg.rootCauses, locale);
            views.set(locale, v);
          }
          return v;
        };
        const rows = directors.flatMap((d) => {
          const platform = platformsForPerson(d, deps.platforms)[0];
          if (!platform) return [];
          const message = escalationMessage({
            view: viewIn(locales.get(d.id) ?? cfg.DEFAULT_LOCALE),
            level,
            maxLevel: MAX_ESCALATION_LEVEL,
            overdueMs: at.getTime() - c.dueAt.getTime(),
            recipientName: d.name,
          });
          return [
            {
              platform,
              payload: { kind: "dm" as const, personId: d.id, message },
              dedupeKey: `sla:${c.id}:escalation:${level}:${d.id}`,
              caseId: c.id,
            },
          ];
        });
        return new OutboxRepository(tx).enqueue(rows, at);
      });
      if (sent > 0) counts.escalations++;
      else counts.unreachable++;
    }
  }

  /** One pass of the watch as of `at`; safe to repeat and to run on several instances at once. */
  async function watch(at: Date): Promise<SlaCounts> {
    const counts: SlaCounts = { reminders: 0, escalations: 0, waitingForBusinessHours: 0, unreachable: 0 };
    await remindUnclaimed(at, counts);
    await escalate(at, counts);
    if (counts.reminders + counts.escalations > 0) deps.outboxKick();
    return counts;
  }

  return { watch };
}
