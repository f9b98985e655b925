import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { availableActions, type CaseAction, canManageCase, dueAtFor, transition } from "../../src/core/case-machine.js";
import type { Actor, CaseRecord, PersonRecord } from "../../src/core/types.js";

const now = new Date("2026-11-23T10:00:00Z");
const person = (id: number, role: PersonRecord["role"], teamIds: number[] = [1]): PersonRecord => ({
  id,
  name: `P${id}`,
  email: null,
  role,
  companyId: 1,
  slackUserId: null,
  teamsAadObjectId: null,
  teamsConversationRef: null,
  timeZone: "UTC",
  locale: "en",
  remindersEnabled: true,
  active: true,
  teamIds,
});
const actor = (p: PersonRecord | null): Actor => ({ label: `test:${p?.id ?? "anon"}`, person: p });
const baseCase: CaseRecord = {
  id: 7,
  responseId: 1,
  teamId: 1,
  companyId: 1,
  status: "open",
  ownerId: null,
  dueAt: new Date("2026-11-25T10:00:00Z"),
  claimedAt: null,
  contactedAt: null,
  resolvedAt: null,
  outcome: null,
  rootCause: null,
  outerLoop: false,
  note: null,
  reminderSentAt: null,
  escalationLevel: 0,
  silent: false,
  version: 0,
  createdAt: now,
};
const ana = person(1, "manager");
const bo = person(2, "manager");
const resolve: CaseAction = { type: "resolve", outcome: "recovered", rootCause: "price", outerLoop: false };

describe("case state machine", () => {
  it("walks open → claimed → contacted → resolved", () => {
    const claim = transition(baseCase, { type: "claim" }, actor(ana), now);
    expect(claim).toEqual({ ok: true, change: { status: "claimed", ownerId: 1, claimedAt: now } });
    const claimed = { ...baseCase, status: "claimed" as const, ownerId: 1, claimedAt: now };
    expect(transition(claimed, { type: "contacted" }, actor(ana), now)).toEqual({
      ok: true,
      change: { status: "contacted", contactedAt: now },
    });
    const r = transition({ ...claimed, status: "contacted" }, resolve, actor(ana), now);
    expect(r).toEqual({
      ok: true,
      change: {
        status: "resolved",
        resolvedAt: now,
        outcome: "recovered",
        rootCause: "price",
        outerLoop: false,
        note: null,
      },
    });
  });

  it("says who holds a claimed case and treats a repeat claim as a no-op", () => {
    const claimed = { ...baseCase, status: "claimed" as const, ownerId: 1 };
    expect(transition(claimed, { type: "claim" }, actor(bo), now, "Ana")).toEqual({
      ok: false,
      code: "CASE_ALREADY_CLAIMED",
      message: "Case #7 is already claimed by Ana.",
    });
    expect(transition(claimed, { type: "claim" }, actor(ana), now)).toMatchObject({ ok: true, noop: true });
  });

  it("makes the resolver the owner of an unclaimed case", () => {
    expect(transition(baseCase, resolve, actor(bo), now)).toMatchObject({
      ok: true,
      change: { ownerId: 2, claimedAt: now },
    });
  });

  it("lets only the team's managers and admins act", () => {
    expect(canManageCase(person(3, "manager", [2]), baseCase)).toBe(false);
    expect(canManageCase(person(4, "staff"), baseCase)).toBe(false);
    expect(canManageCase(person(5, "director"), baseCase)).toBe(false);
    expect(canManageCase(person(6, "admin", []), baseCase)).toBe(true);
    expect(canManageCase({ ...ana, active: false }, baseCase)).toBe(false);
    expect(canManageCase(null, baseCase)).toBe(false);
    expect(canManageCase(ana, { ...baseCase, teamId: null })).toBe(false);
  });

  it("never changes a resolved case, whatever the action or actor", () => {
    const resolved = { ...baseCase, status: "resolved" as const, ownerId: 1, outcome: "recovered" as const };
    const actions: CaseAction[] = [
      { type: "claim" },
      { type: "unclaim" },
      { type: "contacted" },
      { type: "reassign", toPerson: bo },
      resolve,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...actions), fc.constantFrom(ana, bo, person(9, "admin", [])), (a, p) => {
        const t = transition(resolved, a, actor(p), now);
        expect(t).toMatchObject({ ok: false, code: "CASE_ALREADY_RESOLVED" });
      }),
    );
  });

  it("whoever acts, a refused or no-op transition carries no change", () => {
    const statuses = ["open", "claimed", "contacted", "resolved"] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...statuses),
        fc.option(fc.constantFrom(1, 2), { nil: null }),
        fc.constantFrom<CaseAction>({ type: "claim" }, { type: "unclaim" }, { type: "contacted" }, resolve),
        fc.constantFrom(ana, bo, person(3, "staff"), person(4, "manager", [9])),
        (status, ownerId, a, p) => {
          const t = transition({ ...baseCase, status, ownerId: status === "open" ? null : ownerId }, a, actor(p), now);
          if (!t.ok || t.noop) expect("change" in t).toBe(false);
          else expect(Object.keys(t.change).length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it("offers buttons by state and computes due times", () => {
    expect(availableActions("open")).toEqual(["claim", "resolve", "reassign", "note"]);
    expect(availableActions("claimed")).toEqual(["resolve", "unclaim", "reassign", "note"]);
    expect(availableActions("resolved")).toEqual(["note"]);
    expect(dueAtFor(new Date("2026-03-28T12:00:00Z"), 48).toISOString()).toBe("2026-03-30T12:00:00.000Z");
  });
});
