// Weekly staff reminders (run every few minutes by the staff-reminders job). Each person's slot is
// their team's reminderWeekday/reminderTime (default Monday 09:00) in the PERSON's own time zone;
// a tick sends to everyone whose slot is due (within a grace period) and who has not had this
// week's reminder: the dedupe key is per person and local ISO week, so reruns, DST days and
// concurrent instances never double one.
import { platformsForPerson } from "../chat/targets.js";
import { pickFocus } from "../core/coaching-rules.js";
import { t } from "../core/i18n/index.js";
import { weeklyStaffReminder } from "../core/messages/staff-reminder.js";
import { localDate } from "../core/periods.js";
import { dueWeekly, lastWholeWeeks, nextWeekly, type Occurrence, safeZone, type WeeklySpec } from "../core/schedule.js";
import type { ChatPlatform, PersonRecord, TeamRecord } from "../core/types.js";
import { CoachingRepository } from "../db/repositories/coaching.js";
import { ScheduleScanRepository } from "../db/repositories/jobs.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import { OutboxDeliveryRepository } from "../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../deps.js";
import { createLanguageService } from "./language.js";
import { createQueryService } from "./queries.js";

/** A reminder more than this late (an outage) is skipped for the week rather than sent at night. */
export const REMINDER_GRACE_MS = 6 * 3_600_000;
/** Weeks of history a reminder looks back on. */
export const REMINDER_WEEKS = 8;
/** Reminders built at once (each is a handful of queries). */
const PARALLEL = 8;

export interface ReminderCounts {
  [key: string]: number;
  due: number;
  enqueued: number;
  alreadySent: number;
  unreachable: number;
}

export type ReminderService = ReturnType<typeof createReminderService>;

export function reminderSpec(person: PersonRecord, teams: ReadonlyMap<number, TeamRecord>): WeeklySpec {
  const team = person.teamIds.map((id) => teams.get(id)).find(Boolean);
  return {
    weekday: team?.reminderWeekday ?? 1,
    time: team?.reminderTime ?? "09:00",
    timeZone: safeZone(person.timeZone),
  };
}

export function reminderKey(personId: number, week: string): string {
  return `staff-reminder:${personId}:${week}`;
}

export function createReminderService(deps: CoreDeps) {
  const scan = () => new ScheduleScanRepository(deps.db.client);
  const language = createLanguageService(deps);

  /** Everyone whose weekly slot is due at `at`, with that slot. */
  async function dueRecipients(
    at: Date,
  ): Promise<{ person: PersonRecord; slot: Occurrence; team: TeamRecord | undefined }[]> {
    const [people, teams] = await Promise.all([
      scan().activePeople(["staff"], { remindersOnly: true }),
      scan().allTeams(),
    ]);
    const byId = new Map(teams.map((t) => [t.id, t]));
    const out: { person: PersonRecord; slot: Occurrence; team: TeamRecord | undefined }[] = [];
    for (const person of people) {
      const slot = dueWeekly(reminderSpec(person, byId), at, REMINDER_GRACE_MS);
      const team = person.teamIds.map((id) => byId.get(id)).find(Boolean);
      if (slot) out.push({ person, slot, team });
    }
    return out;
  }

  async function build(person: PersonRecord, platform: ChatPlatform, at: Date) {
    // The staff member's language: theirs, their platform's, their team's, their company's, else
    // DEFAULT_LOCALE (the one chain, in the language service).
    const locale = await language.localeOf(person);
    const zone = safeZone(person.timeZone);
    const range = lastWholeWeeks(at, zone, REMINDER_WEEKS);
    const spec = `${localDate(range.from, zone)}..${localDate(new Date(range.to.getTime() - 1), zone)}`;
    const queries = createQueryService({ db: deps.db, clock: { now: () => at }, config: deps.config });
    const coaching = new CoachingRepository(deps.db.client);
    const [report, quote, causes, open] = await Promise.all([
      queries.report({ kind: "person", id: person.id }, spec, { timeZone: zone, comparison: false }),
      coaching.promoterQuote(person.id, range.from, range.to),
      coaching.rootCausesForStaff(person.id, range.from, range.to),
      coaching.openForStaff(person.id),
    ]);
    const names = await coaching.names(open.flatMap((s) => (s.managerId ? [s.managerId] : [])));
    return weeklyStaffReminder({
      name: person.name,
      timeZone: zone,
      weeks: REMINDER_WEEKS,
      report,
      promoterQuote: quote,
      focus: pickFocus(causes),
      openCoaching: open.map((s) => ({
        id: s.id,
        topic: s.topic,
        dueAt: s.dueAt,
        managerName: s.managerId ? (names.get(s.managerId) ?? null) : null,
      })),
      turnOffHint: t(locale, platform === "slack" ? "reminder.turnOff.slack" : "reminder.turnOff.teams"),
      locale,
    });
  }

  /** Enqueues the reminders due at `at`; safe to repeat. */
  async function sendDue(at: Date): Promise<ReminderCounts> {
    const counts: ReminderCounts = { due: 0, enqueued: 0, alreadySent: 0, unreachable: 0 };
    const due = await dueRecipients(at);
    counts.due = due.length;
    const sent = await new OutboxDeliveryRepository(deps.db.client).existingDedupeKeys(
      due.map((d) => reminderKey(d.person.id, d.slot.key)),
    );
    const todo = due.filter((d) => {
      if (sent.has(reminderKey(d.person.id, d.slot.key))) {
        counts.alreadySent++;
        return false;
      }
      return true;
    });
    const outbox = new OutboxRepository(deps.db.client);
    for (let i = 0; i < todo.length; i += PARALLEL) {
      const rows = await Promise.all(
        todo.slice(i, i + PARALLEL).map(async ({ person, slot }) => {
          // One platform per person: a reminder in two apps is one too many.
          const platform = platformsForPerson(person, deps.platforms)[0];
          if (!platform) return null;
          const message = await build(person, platform, at);
          return {
            platform,
            payload: { kind: "dm" as const, personId: person.id, message },
            dedupeKey: reminderKey(person.id, slot.key),
          };
        }),
      );
      const ready = rows.filter((r) => r !== null);
      counts.unreachable += rows.length - ready.length;
      const added = await outbox.enqueue(ready, at);
      counts.enqueued += added;
      counts.alreadySent += ready.length - added;
      if (added > 0) deps.outboxKick();
    }
    return counts;
  }

  /** The next reminder slot after `after` across everyone, and how many people share it. */
  async function nextSlot(after: Date): Promise<{ at: Date; what: string } | null> {
    const [people, teams] = await Promise.all([
      scan().activePeople(["staff"], { remindersOnly: true }),
      scan().allTeams(),
    ]);
    const byId = new Map(teams.map((t) => [t.id, t]));
    let best: { at: Date; local: string; n: number } | null = null;
    for (const p of people) {
      const o = nextWeekly(reminderSpec(p, byId), after);
      if (!best || o.at < best.at) best = { at: o.at, local: o.local, n: 1 };
      else if (o.at.getTime() === best.at.getTime()) best.n++;
    }
    return best ? { at: best.at, what: `${best.n} staff reminder(s), ${best.local}` } : null;
  }

  return { sendDue, dueRecipients, nextSlot, build };
}
