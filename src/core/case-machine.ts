// The follow-up case state machine and its permission rule: pure, no I/O.
//   open --claim--> claimed --contacted--> contacted --resolve--> resolved
//   claimed/contacted --unclaim--> open;  any unresolved --reassign--> claimed (new owner)
//   open --resolve--> resolved (the resolver becomes the owner)
import type { ErrorCode } from "./errors.js";
import { type Locale, SOURCE_LOCALE, t } from "./i18n/index.js";
import { outcomeWords } from "./messages/case-answers.js";
import type { Actor, CaseOutcome, CaseRecord, CaseStatus, PersonRecord } from "./types.js";

export type CaseAction =
  | { type: "claim" }
  | { type: "unclaim" }
  | { type: "contacted" }
  | { type: "reassign"; toPerson: PersonRecord }
  | { type: "resolve"; outcome: CaseOutcome; rootCause: string; outerLoop: boolean; note?: string | null }
  | { type: "note"; text: string };

export type CaseChange = Partial<
  Pick<
    CaseRecord,
    "status" | "ownerId" | "claimedAt" | "contactedAt" | "resolvedAt" | "outcome" | "rootCause" | "outerLoop" | "note"
  >
>;

export type TransitionResult =
  | { ok: true; change: CaseChange; noop?: false }
  | { ok: true; noop: true; message: string }
  | {
      ok: false;
      code: Extract<
        ErrorCode,
        "FORBIDDEN" | "CASE_ALREADY_CLAIMED" | "CASE_ALREADY_RESOLVED" | "CASE_INVALID_TRANSITION"
      >;
      message: string;
    };

/** Only the team's managers and admins act on a case. */
export function canManageCase(person: PersonRecord | null, c: Pick<CaseRecord, "teamId" | "companyId">): boolean {
  if (!person?.active) return false;
  if (person.role === "admin") return true;
  if (person.role !== "manager") return false;
  return c.teamId !== null && person.teamIds.includes(c.teamId);
}

const OPEN_STATES: CaseStatus[] = ["open", "claimed", "contacted"];

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATES.includes(status);
}

/**
 * Decides what an action does to a case. `ownerName` is used in refusal messages
 * ("already claimed by Ana"). A repeated action that changes nothing is a noop, not an error.
 */
export function transition(
  c: CaseRecord,
  action: CaseAction,
  actor: Actor,
  now: Date,
  ownerName: string | null = null,
  locale: Locale = SOURCE_LOCALE,
): TransitionResult {
  const L = locale;
  const me = actor.person;
  if (action.type !== "note" && !canManageCase(me, c)) {
    return {
      ok: false,
      code: "FORBIDDEN",
      message: t(L, "machine.forbidden"),
    };
  }
  if (action.type === "note") {
    if (!canManageCase(me, c) && !(me && c.ownerId === me.id)) {
      return {
        ok: false,
        code: "FORBIDDEN",
        message: t(L, "machine.forbiddenNote"),
      };
    }
    return { ok: true, change: {} };
  }
  if (c.status === "resolved") {
    return {
      ok: false,
      code: "CASE_ALREADY_RESOLVED",
      message: t(L, "machine.alreadyResolved", {
        id: c.id,
        outcome: c.outcome ? ` (${outcomeWords(L, c.outcome)})` : "",
      }),
    };
  }
  const meId = me!.id;
  switch (action.type) {
    case "claim":
      if (c.ownerId === meId) return { ok: true, noop: true, message: t(L, "machine.alreadyOwn", { id: c.id }) };
      if (c.ownerId !== null) {
        return {
          ok: false,
          code: "CASE_ALREADY_CLAIMED",
          message: t(L, "machine.alreadyClaimed", { id: c.id, owner: ownerName ?? t(L, "machine.anotherManager") }),
        };
      }
      return { ok: true, change: { status: "claimed", ownerId: meId, claimedAt: now } };
    case "unclaim":
      if (c.ownerId === null) return { ok: true, noop: true, message: t(L, "machine.notClaimed", { id: c.id }) };
      if (c.ownerId !== meId && me!.role !== "admin") {
        return {
          ok: false,
          code: "FORBIDDEN",
          message: t(L, "machine.onlyOwnerUnclaims", { id: c.id, owner: ownerName ?? t(L, "machine.itsOwner") }),
        };
      }
      return { ok: true, change: { status: "open", ownerId: null, claimedAt: null, contactedAt: null } };
    case "contacted":
      if (c.status === "contacted")
        return { ok: true, noop: true, message: t(L, "machine.alreadyContacted", { id: c.id }) };
      return {
        ok: true,
        change: {
          status: "contacted",
          contactedAt: now,
          ...(c.ownerId === null ? { ownerId: meId, claimedAt: now } : {}),
        },
      };
    case "reassign": {
      const to = action.toPerson;
      if (!canManageCase(to, c)) {
        return {
          ok: false,
          code: "CASE_INVALID_TRANSITION",
          message: t(L, "machine.notManager", { name: to.name }),
        };
      }
      if (c.ownerId === to.id)
        return { ok: true, noop: true, message: t(L, "machine.alreadyOwns", { name: to.name, id: c.id }) };
      return {
        ok: true,
        change: { status: c.status === "open" ? "claimed" : c.status, ownerId: to.id, claimedAt: now },
      };
    }
    case "resolve":
      return {
        ok: true,
        change: {
          status: "resolved",
          resolvedAt: now,
          outcome: action.outcome,
          rootCause: action.rootCause,
          outerLoop: action.outerLoop,
          note: action.note ?? c.note,
          ...(c.ownerId === null ? { ownerId: meId, claimedAt: now } : {}),
        },
      };
  }
}

/** Buttons that make sense for a case in this state. */
export function availableActions(status: CaseStatus): ("claim" | "unclaim" | "resolve" | "reassign" | "note")[] {
  switch (status) {
    case "open":
      return ["claim", "resolve", "reassign", "note"];
    case "claimed":
    case "contacted":
      return ["resolve", "unclaim", "reassign", "note"];
    case "resolved":
      return ["note"];
  }
}

/** When a new case falls due: `slaHours` after the response arrived. */
export function dueAtFor(receivedAt: Date, slaHours: number): Date {
  return new Date(receivedAt.getTime() + slaHours * 3_600_000);
}
