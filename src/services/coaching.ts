// The coaching loop: managers plan short sessions with staff (from the resolve form, via the case
// service, or with `/nps coach @person <topic>` / Teams `coach <person> <topic>`), the staff member
// is told, either of them marks it done with notes (the "coaching_done" button), and the answer
// shows the person's NPS before the session and since. People turn their weekly reminders off
// and on here too (`/nps reminders off|on`).
//
// API (all methods throw AppError with a code and an actionable message):
//   planCoaching({ managerActor, staff, topic, dueAt?, caseId? }) -> { session, message }
//   listForStaff(personId)                 -> CoachingItem[]  (planned, soonest first)
//   listForManager(person)                 -> CoachingItem[]  (their teams' planned and done)
//   markDone({ actor, sessionId, notes? }) -> { session, before, after, message }
//   outcome(sessionId)                     -> { before, after } for a done session
//   setReminders(person, on)               -> { enabled, message }

import { platformsForPerson } from "../chat/targets.js";
import { AppError } from "../core/errors.js";
import { coachingDoneText, coachingPlannedMessage, type NpsWindow } from "../core/messages/coaching.js";
import { shortDate } from "../core/messages/format.js";
import { localDate } from "../core/periods.js";
import { nextWeekly, safeZone } from "../core/schedule.js";
import type { Actor, PersonRecord } from "../core/types.js";
import { type CoachingRecord, CoachingRepository } from "../db/repositories/coaching.js";
import { OrgRepository } from "../db/repositories/org.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import type { CoreDeps } from "../deps.js";
import { createLanguageService } from "./language.js";
import { createQueryService } from "./queries.js";

export const COACHING_DUE_DAYS = 7;
const TOPIC_MAX = 200;
const NOTES_MAX = 2000;
const BEFORE_DAYS = 56;

export interface CoachingItem extends CoachingRecord {
  staffName: string;
  managerName: string | null;
  overdue: boolean;
}

export type CoachingService = ReturnType<typeof createCoachingService>;

export function createCoachingService(deps: CoreDeps) {
  const org = () => new OrgRepository(deps.db.client);
  const coaching = () => new CoachingRepository(deps.db.client);

  /** Managers of one of the person's teams, directors of their company, and admins may coach. */
  function mayCoach(actor: PersonRecord, staff: PersonRecord): boolean {
    if (!actor.active) return false;
    if (actor.role === "admin") return true;
    if (actor.role === "director") return actor.companyId === null || actor.companyId === staff.companyId;
    return actor.role === "manager" && actor.teamIds.some((t) => staff.teamIds.includes(t));
  }

  async function planCoaching(input: {
    managerActor: Actor;
    staff: PersonRecord;
    topic: string;
    dueAt?: Date;
    caseId?: number | null;
  }): Promise<{ session: CoachingRecord; message: string }> {
    const manager = input.managerActor.person;
    if (!manager) {
      throw new AppError("FORBIDDEN", "you are not mapped to a person in NPS Loop yet; ask an admin to add you");
    }
    const topic = input.topic.trim().replace(/\s+/g, " ");
    if (!topic) {
      throw new AppError(
        "VALIDATION_FAILED",
        "topic is empty: say what to talk about, e.g. `/nps coach @ana calling ahead when late`",
      );
    }
    if (topic.length > TOPIC_MAX) {
      throw new AppError(
        "VALIDATION_FAILED",
        `topic must be at most ${TOPIC_MAX} characters (got ${topic.length}); keep it to one line`,
      );
    }
    if (!input.staff.active) throw new AppError("VALIDATION_FAILED", `${input.staff.name} is no longer active`);
    if (input.staff.id === manager.id)
      throw new AppError("VALIDATION_FAILED", "plan coaching for someone else, not yourself");
    if (!mayCoach(manager, input.staff)) {
      throw new AppError(
        "FORBIDDEN",
        `only a manager of ${input.staff.name}'s team (or an admin) can plan coaching with them`,
      );
    }
    const now = deps.clock.now();
    const dueAt = input.dueAt ?? new Date(now.getTime() + COACHING_DUE_DAYS * 86_400_000);
    // The staff member's language (theirs, their platform's, team's, company's, DEFAULT_LOCALE).
    const locale = await createLanguageService(deps).localeOf(input.staff);
    const session = await deps.db.transaction(async (tx) => {
      const s = await new CoachingRepository(tx).create({
        staffId: input.staff.id,
        managerId: manager.id,
        teamId: input.staff.teamIds.find((t) => manager.teamIds.includes(t)) ?? input.staff.teamIds[0] ?? null,
        caseId: input.caseId ?? null,
        topic,
        dueAt,
        createdAt: now,
      });
      const platform = platformsForPerson(input.staff, deps.platforms)[0];
      if (platform) {
        const message = coachingPlannedMessage({
          locale,
          sessionId: s.id,
          staffName: input.staff.name,
          managerName: manager.name,
          topic,
          dueAt,
          timeZone: input.staff.timeZone,
        });
        await new OutboxRepository(tx).enqueue(
          [
            {
              platform,
              payload: { kind: "dm", personId: input.staff.id, message },
              dedupeKey: `coaching:${s.id}:planned`,
            },
          ],
          now,
        );
      }
      return s;
    });
    deps.outboxKick();
    const when = shortDate(dueAt, manager.timeZone);
    return {
      session,
      message: `Coaching with ${input.staff.name} on "${topic}" is planned for before ${when}. They have been told, and either of you can mark it done.`,
    };
  }

  async function describe(sessions: CoachingRecord[]): Promise<CoachingItem[]> {
    const ids = new Set<number>();
    for (const s of sessions) {
      ids.add(s.staffId);
      if (s.managerId) ids.add(s.managerId);
    }
    const names = await coaching().names([...ids]);
    const now = deps.clock.now().getTime();
    return sessions.map((s) => ({
      ...s,
      staffName: names.get(s.staffId) ?? `person ${s.staffId}`,
      managerName: s.managerId ? (names.get(s.managerId) ?? null) : null,
      overdue: s.status === "planned" && s.dueAt !== null && s.dueAt.getTime() < now,
    }));
  }

  async function listForStaff(personId: number): Promise<CoachingItem[]> {
    return describe(await coaching().openForStaff(personId));
  }

  async function listForManager(person: PersonRecord): Promise<CoachingItem[]> {
    return describe(await coaching().forManager(person.id, person.teamIds));
  }

  /** The person's NPS in the 8 weeks before a date and from that date to `until` (their zone). */
  async function npsAround(
    staff: PersonRecord,
    at: Date,
    until: Date,
  ): Promise<{ before: NpsWindow; after: NpsWindow }> {
    const zone = safeZone(staff.timeZone);
    const queries = createQueryService({ db: deps.db, clock: { now: () => until }, config: deps.config });
    const day = localDate(at, zone);
    const startBefore = localDate(new Date(at.getTime() - BEFORE_DAYS * 86_400_000), zone);
    const dayBefore = localDate(new Date(at.getTime() - 86_400_000), zone);
    const today = localDate(until, zone);
    const target = { kind: "person" as const, id: staff.id };
    const opts = { timeZone: zone, comparison: false };
    const [b, a] = await Promise.all([
      queries.report(target, `${startBefore}..${dayBefore}`, opts),
      queries.report(target, `${day}..${[day, today].sort()[1]}`, opts),
    ]);
    const win = (r: typeof b): NpsWindow => ({
      from: r.period.from,
      to: r.period.to,
      n: r.n,
      nps: r.nps,
      marginOfError: r.marginOfError,
      minSample: r.minSample,
    });
    return { before: win(b), after: win(a) };
  }

  async function markDone(input: { actor: Actor; sessionId: number; notes?: string | null }) {
    const session = await coaching().findById(input.sessionId);
    if (!session) throw new AppError("NOT_FOUND", `no coaching session #${input.sessionId}; it may have been removed`);
    const staff = await org().personById(session.staffId);
    if (!staff) throw new AppError("NOT_FOUND", `the person coached in session #${session.id} no longer exists`);
    const actor = input.actor.person;
    const allowed = actor && (actor.id === staff.id || actor.id === session.managerId || mayCoach(actor, staff));
    if (!allowed) {
      throw new AppError("FORBIDDEN", `only ${staff.name}, their manager or an admin can mark this session done`);
    }
    const notes = input.notes?.trim() || null;
    if (notes && notes.length > NOTES_MAX) {
      throw new AppError("VALIDATION_FAILED", `notes must be at most ${NOTES_MAX} characters (got ${notes.length})`);
    }
    const now = deps.clock.now();
    if (!(await coaching().markDone(session.id, now, notes))) {
      const current = await coaching().findById(session.id);
      throw new AppError(
        "CONFLICT",
        current?.status === "done" && current.doneAt
          ? `this session was already marked done on ${shortDate(current.doneAt, staff.timeZone)}`
          : `this session is ${current?.status ?? "gone"} and cannot be marked done`,
      );
    }
    const { before, after } = await npsAround(staff, now, now);
    const done = (await coaching().findById(session.id))!;
    return {
      session: done,
      before,
      after,
      message: coachingDoneText({
        locale: await createLanguageService(deps).localeOf(actor),
        staffName: staff.name,
        topic: session.topic,
        before,
        after,
        timeZone: staff.timeZone,
      }),
    };
  }

  async function outcome(sessionId: number): Promise<{ session: CoachingRecord; before: NpsWindow; after: NpsWindow }> {
    const session = await coaching().findById(sessionId);
    if (!session?.doneAt) {
      throw new AppError("VALIDATION_FAILED", `coaching session #${sessionId} is not done yet: mark it done first`);
    }
    const staff = await org().personById(session.staffId);
    if (!staff) throw new AppError("NOT_FOUND", `the person coached in session #${sessionId} no longer exists`);
    return { session, ...(await npsAround(staff, session.doneAt, deps.clock.now())) };
  }

  async function setReminders(person: PersonRecord, on: boolean): Promise<{ enabled: boolean; message: string }> {
    await org().setRemindersEnabled(person.id, on);
    if (!on) {
      return {
        enabled: false,
        message:
          "Weekly reminders are off. Your coaching and cases still show in the app; turn reminders back on any time with `/nps reminders on` (Teams: `reminders on`).",
      };
    }
    const team = person.teamIds[0] !== undefined ? await org().teamById(person.teamIds[0]) : null;
    const spec = {
      weekday: team?.reminderWeekday ?? 1,
      time: team?.reminderTime ?? "09:00",
      timeZone: safeZone(person.timeZone),
    };
    const next = nextWeekly(spec, deps.clock.now());
    return { enabled: true, message: `Weekly reminders are on. The next one comes ${next.local}.` };
  }

  /** A session with its staff member's name (for the "Mark done" form), or null if it is gone. */
  async function findSession(sessionId: number): Promise<{ session: CoachingRecord; staffName: string | null } | null> {
    const session = await coaching().findById(sessionId);
    if (!session) return null;
    const staff = await org().personById(session.staffId);
    return { session, staffName: staff?.name ?? null };
  }

  return { planCoaching, listForStaff, listForManager, markDone, outcome, setReminders, mayCoach, findSession };
}
