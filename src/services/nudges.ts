// Daily manager nudges (run every few minutes by the manager-nudges job): at 09:00 on weekdays in
// each manager's own time zone, one message if there is something to say: coaching due or overdue
// in their teams, behavioural cases closed without coaching, and (on Mondays) thanks for a quiet
// week. Keyed per manager and local date, so it goes once a day at most.
import { platformsForPerson } from "../chat/targets.js";
import { isBehavioural } from "../core/coaching-rules.js";
import { readerLocale } from "../core/i18n/index.js";
import { hasNudgeContent, managerNudge } from "../core/messages/manager-nudge.js";
import {
  type DailySpec,
  dueDaily,
  endOfLocalDay,
  nextDaily,
  previousDaily,
  previousLocalWeek,
  safeZone,
} from "../core/schedule.js";
import type { PersonRecord } from "../core/types.js";
import { CoachingRepository } from "../db/repositories/coaching.js";
import { ScheduleScanRepository } from "../db/repositories/jobs.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import { OutboxDeliveryRepository } from "../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../deps.js";

export const NUDGE_TIME = "09:00";
export const NUDGE_WEEKDAYS = [1, 2, 3, 4, 5] as const;
export const NUDGE_GRACE_MS = 3 * 3_600_000;
const LOOKBACK_MS = 14 * 86_400_000;

export interface NudgeCounts {
  [key: string]: number;
  due: number;
  enqueued: number;
  nothingToSay: number;
  alreadySent: number;
  unreachable: number;
}

export type NudgeService = ReturnType<typeof createNudgeService>;

export function nudgeSpec(person: PersonRecord): DailySpec {
  return { time: NUDGE_TIME, timeZone: safeZone(person.timeZone), weekdays: NUDGE_WEEKDAYS };
}

export function createNudgeService(deps: CoreDeps) {
  const scan = () => new ScheduleScanRepository(deps.db.client);
  const behavioural = deps.config.rootCauses.filter((c) => isBehavioural(c));

  async function sendDue(at: Date): Promise<NudgeCounts> {
    const counts: NudgeCounts = { due: 0, enqueued: 0, nothingToSay: 0, alreadySent: 0, unreachable: 0 };
    const managers = (await scan().activePeople(["manager"])).filter((m) => m.teamIds.length > 0);
    const due = managers.flatMap((m) => {
      const slot = dueDaily(nudgeSpec(m), at, NUDGE_GRACE_MS);
      return slot ? [{ manager: m, slot, key: `manager-nudge:${m.id}:${slot.key}` }] : [];
    });
    counts.due = due.length;
    const existing = await new OutboxDeliveryRepository(deps.db.client).existingDedupeKeys(due.map((d) => d.key));
    const teams = new Map((await scan().allTeams()).map((t) => [t.id, t]));
    const coaching = new CoachingRepository(deps.db.client);
    const outbox = new OutboxRepository(deps.db.client);
    for (const { manager, slot, key } of due) {
      if (existing.has(key)) {
        counts.alreadySent++;
        continue;
      }
      const platform = platformsForPerson(manager, deps.platforms)[0];
      if (!platform) {
        counts.unreachable++;
        continue;
      }
      const zone = safeZone(manager.timeZone);
      const since = previousDaily(nudgeSpec(manager), slot.at).at;
      const [dueSessions, fresh, older] = await Promise.all([
        coaching.dueForTeams(manager.teamIds, endOfLocalDay(at, zone)),
        coaching.uncoachedCases(manager.teamIds, behavioural, since, at),
        coaching.uncoachedCases(manager.teamIds, behavioural, new Date(at.getTime() - LOOKBACK_MS), since),
      ]);
      let quietTeams: { name: string; responses: number }[] = [];
      if (isMonday(slot.key)) {
        const week = previousLocalWeek(at, zone);
        const activity = await scan().teamActivity(manager.teamIds, week.from, week.to);
        quietTeams = manager.teamIds.flatMap((id) => {
          const a = activity.get(id);
          return a && a.cases === 0 && a.responses > 0
            ? [{ name: teams.get(id)?.name ?? `team ${id}`, responses: a.responses }]
            : [];
        });
      }
      const names = await coaching.names(dueSessions.map((s) => s.staffId));
      // The manager's language: theirs, their platform's, their first team's, DEFAULT_LOCALE.
      const firstTeam = [...manager.teamIds].sort((a, b) => a - b)[0];
      const locale = readerLocale(manager, teams.get(firstTeam ?? -1), null, deps.config.DEFAULT_LOCALE);
      const input = {
        locale,
        managerName: manager.name,
        timeZone: zone,
        now: at,
        dueCoaching: dueSessions.map((s) => ({
          id: s.id,
          staffName: names.get(s.staffId) ?? "someone",
          topic: s.topic,
          dueAt: s.dueAt!,
        })),
        newUncoached: fresh.map((c) => ({ caseId: c.caseId, staffName: c.staffName, rootCause: c.rootCause })),
        olderUncoached: older.length,
        quietTeams,
      };
      if (!hasNudgeContent(input)) {
        counts.nothingToSay++;
        continue;
      }
      const added = await outbox.enqueue(
        [{ platform, payload: { kind: "dm", personId: manager.id, message: managerNudge(input) }, dedupeKey: key }],
        at,
      );
      if (added) {
        counts.enqueued++;
        deps.outboxKick();
      } else counts.alreadySent++;
    }
    return counts;
  }

  async function nextSlot(after: Date): Promise<{ at: Date; what: string } | null> {
    const managers = (await scan().activePeople(["manager"])).filter((m) => m.teamIds.length > 0);
    let best: { at: Date; local: string; n: number } | null = null;
    for (const m of managers) {
      const o = nextDaily(nudgeSpec(m), after);
      if (!best || o.at < best.at) best = { at: o.at, local: o.local, n: 1 };
      else if (o.at.getTime() === best.at.getTime()) best.n++;
    }
    return best ? { at: best.at, what: `${best.n} manager nudge(s) if there is news, ${best.local}` } : null;
  }

  return { sendDue, nextSlot };
}

/** Whether a local calendar date "yyyy-MM-dd" is a Monday (the week's thank-you day). */
function isMonday(dayKey: string): boolean {
  return new Date(`${dayKey}T12:00:00Z`).getUTCDay() === 1;
}
