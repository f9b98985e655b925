// The coaching effect (`/nps coaching [team|company]`, `nps coaching ...`, and one line in the
// manager's view of a person): whose sessions an ask is about is decided by the access service
// (the same rule as /nps: managers their teams and people, directors their company, staff
// themselves), the counts come from SQL, the arithmetic from core/coaching-effect.ts.
import type { Config } from "../config/env.js";
import type { Clock } from "../core/clock.js";
import {
  type CoachingEffect,
  type CoachingEffectView,
  coachingEffect,
  DEFAULT_COACHING_WINDOW_DAYS,
} from "../core/coaching-effect.js";

export type { CoachingEffectView };

import type { ReportChoice, ReportSubject } from "../core/report-access.js";
import type { PersonRecord } from "../core/types.js";
import type { DbContext } from "../db/context.js";
import { repositories } from "../db/repositories/index.js";
import type { AccessService, ReportAsk } from "./access.js";

/** How far back completed sessions are looked at by default. */
export const COACHING_LOOKBACK_DAYS = 180;
const DAY_MS = 86_400_000;

export interface CoachingEffectDeps {
  db: DbContext;
  clock: Clock;
  config: Pick<Config, "MIN_SAMPLE">;
  access: AccessService;
}

export type CoachingEffectAnswer = { ok: true; view: CoachingEffectView } | Exclude<ReportChoice, { ok: true }>;

export type CoachingEffectService = ReturnType<typeof createCoachingEffectService>;

export function createCoachingEffectService(deps: CoachingEffectDeps) {
  async function forSubject(
    subject: ReportSubject,
    opts: { windowDays?: number; lookbackDays?: number } = {},
  ): Promise<CoachingEffectView> {
    const now = deps.clock.now();
    const windowDays = opts.windowDays ?? DEFAULT_COACHING_WINDOW_DAYS;
    const from = new Date(now.getTime() - (opts.lookbackDays ?? COACHING_LOOKBACK_DAYS) * DAY_MS);
    const scope =
      subject.kind === "team"
        ? { kind: "team" as const, id: subject.team.id, name: subject.team.name, slug: subject.team.slug }
        : subject.kind === "company"
          ? { kind: "company" as const, id: subject.company.id, name: subject.company.name, slug: subject.company.slug }
          : {
              kind: "person" as const,
              id: subject.person.id,
              name: subject.person.name,
              slug: subject.person.email ?? `person-${subject.person.id}`,
            };
    const { sessions, tooRecent } = await repositories(deps.db.client).impact.sessionCounts({
      scope: { kind: scope.kind, id: scope.id },
      from,
      to: now,
      now,
      windowDays,
    });
    return {
      scope: { kind: scope.kind, name: scope.name, slug: scope.slug },
      from,
      to: now,
      effect: coachingEffect(sessions, { windowDays, minSample: deps.config.MIN_SAMPLE, tooRecent }),
    };
  }

  /** The coaching effect of whatever `ask` names, as `viewer` may see it. */
  async function effect(viewer: PersonRecord, ask: ReportAsk): Promise<CoachingEffectAnswer> {
    const choice = await deps.access.chooseReport(viewer, ask);
    if (!choice.ok) return choice;
    return { ok: true, view: await forSubject(choice.subject) };
  }

  /** One person's coaching effect (for the manager's view of that person); null without sessions. */
  async function forPerson(person: PersonRecord): Promise<CoachingEffect | null> {
    const view = await forSubject({ kind: "person", person });
    return view.effect.overall.sessions === 0 && view.effect.tooRecent === 0 ? null : view.effect;
  }

  return { effect, forSubject, forPerson };
}
