// A demo detractor's follow-up case, its whole life drawn up front, and the coaching session a few
// programme cases lead to (pure; data.ts calls these with each case's own random stream).
import type { CaseOutcome } from "../core/types.js";
import { type DemoTeamSpec, domainOf, emailOf } from "./org.js";
import type { Rng } from "./rng.js";
import type { DemoText, Theme } from "./text.js";
import type { DemoCase, DemoCoaching, DemoOptions, DemoResponse } from "./types.js";

const HOUR = 3_600_000;

/**
 * The case's whole life is drawn up front (claim, contact, resolution times); where "now" falls in it
 * decides its status, so recent cases are open and slow ones are overdue, as in real life.
 */
export function makeCase(
  rng: Rng,
  team: DemoTeamSpec,
  text: DemoText,
  programme: boolean,
  r: DemoResponse,
  theme: Theme,
  amount: string,
  opts: DemoOptions,
): DemoCase {
  const sla = team.slaHours ?? opts.defaultSlaHours;
  const created = r.receivedAt.getTime();
  const dueAt = new Date(created + sla * HOUR);
  const claimH = programme ? Math.min(8, rng.exponential(1.5)) : 2 + rng.next() * 38;
  const contactH = claimH + (programme ? 1 + rng.next() * 5 : 4 + rng.next() * 30);
  const withinSla = rng.next() < (programme ? 0.9 : 0.5);
  let resolveH = withinSla ? Math.max(contactH + 0.5, 4 + rng.next() * (sla * 0.9 - 4)) : sla * (1.1 + rng.next() * 3);
  if (resolveH <= contactH) resolveH = contactH + 1;
  const outcome: CaseOutcome = rng.weighted(
    ["recovered", "not_recovered", "unreachable"],
    programme ? [60, 25, 15] : [35, 40, 25],
  );
  const owner = emailOf(rng.pick(team.managers), domainOf(team.company));
  const fill = (t: string) => t.replaceAll("{amount}", amount).replaceAll("{issue}", text.issue[theme]);
  const note =
    outcome === "recovered"
      ? text.recovered.replace("{action}", fill(rng.pick(text.recovery[theme])))
      : fill(rng.pick(outcome === "not_recovered" ? text.notRecovered : text.unreachable));
  const outerLoop =
    rng.next() <
    (theme === "unexpected budget" ? 0.5 : theme === "equipment fault" ? 0.7 : theme === "price" ? 0.4 : 0.05);
  const at = (h: number) => new Date(created + h * HOUR);
  const now = opts.now.getTime();
  const reached = (h: number) => created + h * HOUR <= now;
  const c: DemoCase = {
    externalId: r.externalId,
    teamSlug: team.slug,
    status: "open",
    ownerEmail: null,
    createdAt: new Date(created),
    dueAt,
    claimedAt: null,
    contactedAt: null,
    resolvedAt: null,
    outcome: null,
    rootCause: null,
    outerLoop: false,
    note: null,
    // The SLA watch would have sent the unclaimed reminder once, back then.
    reminderSentAt: claimH > opts.reminderHours && reached(opts.reminderHours) ? at(opts.reminderHours) : null,
    events: [],
  };
  if (reached(claimH)) {
    Object.assign(c, { status: "claimed", ownerEmail: owner, claimedAt: at(claimH) });
    c.events.push({
      action: "claim",
      actorEmail: owner,
      at: at(claimH),
      before: { status: "open", ownerId: null, claimedAt: null },
      after: { status: "claimed", claimedAt: at(claimH).toISOString() },
    });
  }
  if (reached(contactH)) {
    Object.assign(c, { status: "contacted", contactedAt: at(contactH) });
    c.events.push({
      action: "contacted",
      actorEmail: owner,
      at: at(contactH),
      before: { status: "claimed", contactedAt: null },
      after: { status: "contacted", contactedAt: at(contactH).toISOString() },
    });
  }
  if (reached(resolveH)) {
    Object.assign(c, { status: "resolved", resolvedAt: at(resolveH), outcome, rootCause: theme, outerLoop, note });
    c.events.push({
      action: "resolve",
      actorEmail: owner,
      at: at(resolveH),
      before: { status: "contacted", resolvedAt: null, outcome: null, rootCause: null, outerLoop: false, note: null },
      after: { status: "resolved", resolvedAt: at(resolveH).toISOString(), outcome, rootCause: theme, outerLoop, note },
    });
  } else if (c.status !== "open" && rng.next() < 0.4) {
    c.events.push({
      action: "note",
      actorEmail: owner,
      at: new Date(Math.min(now, at(contactH + 0.25).getTime())),
      before: null,
      after: { text: text.followUpNote },
    });
  }
  return c;
}

/** A few programme cases with a behavioural root cause lead to a coaching session. */
export function makeCoaching(
  rng: Rng,
  team: DemoTeamSpec,
  text: DemoText,
  r: DemoResponse,
  c: DemoCase,
  now: Date,
): DemoCoaching | null {
  const plan = c.rootCause ? text.coaching[c.rootCause as Theme] : undefined;
  // Rare enough that most colleagues were not coached in the same weeks: the coaching report's comparison.
  if (c.status !== "resolved" || !plan || rng.next() > 0.05) return null;
  const createdAt = new Date(c.resolvedAt!.getTime() + HOUR);
  const dueAt = new Date(createdAt.getTime() + 7 * 24 * HOUR);
  const doneAt = new Date(createdAt.getTime() + (2 + rng.next() * 4) * 24 * HOUR);
  const done = doneAt.getTime() <= now.getTime();
  const [staffName] = team.staff.find(([name]) => emailOf(name, domainOf(team.company)) === r.staffEmail)!;
  return {
    caseExternalId: c.externalId,
    teamSlug: team.slug,
    staffEmail: r.staffEmail,
    managerEmail: c.ownerEmail!,
    topic: plan.topic,
    rootCause: c.rootCause!,
    status: done ? "done" : "planned",
    createdAt,
    dueAt,
    doneAt: done ? doneAt : null,
    notes: done ? rng.pick(plan.notes).replaceAll("{staff}", text.staffCall(staffName)) : null,
  };
}
