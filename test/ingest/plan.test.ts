import { describe, expect, it } from "vitest";
import type { StoredResponse } from "../../src/core/ingest-plan.js";
import { isSilent, needsCase, planUpdate } from "../../src/core/ingest-plan.js";
import type { RouteDecision } from "../../src/core/routing.js";
import type { TeamRecord } from "../../src/core/types.js";
import { validateItem } from "../../src/ingest/validate.js";

const now = new Date("2026-11-20T12:00:00Z");
const team = { id: 5, companyId: 2, casesForPassives: false } as TeamRecord;
const stored = (over: Partial<StoredResponse> = {}): StoredResponse => ({
  id: 1,
  source: "api",
  externalId: "x",
  score: 4,
  comment: null,
  touchpoint: null,
  customerRef: null,
  customerName: null,
  customerEmail: null,
  customerPhone: null,
  staffId: null,
  teamId: 5,
  companyId: 2,
  respondedAt: now,
  receivedAt: now,
  erasedAt: null,
  sourceUpdatedAt: null,
  ...over,
});
const unrouted: RouteDecision = { team: null, companyId: null, via: "unassigned", ruleId: null, notes: [] };
const routed: RouteDecision = { team, companyId: 2, via: "team", ruleId: null, notes: [] };
const t = (s: string) => new Date(s);

describe("needsCase and isSilent", () => {
  it("opens cases for 0-6, and 7-8 only where the team opted in", () => {
    expect([0, 6, 7, 8, 9].map((s) => needsCase(s, team))).toEqual([true, true, false, false, false]);
    const opted = { ...team, casesForPassives: true };
    expect([6, 7, 8, 9].map((s) => needsCase(s, opted))).toEqual([true, true, true, false]);
    expect(needsCase(7, null)).toBe(false);
  });

  it("is silent for historic imports and responses older than the cut-off", () => {
    expect(isSilent(t("2026-11-13T11:59:00Z"), now, 7, false)).toBe(true);
    expect(isSilent(t("2026-11-13T12:01:00Z"), now, 7, false)).toBe(false);
    expect(isSilent(now, now, 7, true)).toBe(true);
  });
});

describe("planUpdate", () => {
  it("applies a newer version's values, guarded by its time", () => {
    const p = planUpdate(
      stored({ sourceUpdatedAt: t("2026-11-20T10:00:00Z"), comment: "old" }),
      { source: "api", externalId: "x", score: 2, comment: "new", updatedAt: t("2026-11-20T11:00:00Z") },
      routed,
      null,
    );
    expect(p).toEqual({
      change: { sourceUpdatedAt: t("2026-11-20T11:00:00Z"), score: 2, comment: "new" },
      guard: { newerThanStored: t("2026-11-20T11:00:00Z") },
      visible: true,
    });
  });

  it("never lets an older or equal version change values; it may only fill gaps", () => {
    const base = stored({ sourceUpdatedAt: t("2026-11-20T11:00:00Z"), comment: "kept" });
    const older = { source: "api", externalId: "x", score: 10, comment: "older", updatedAt: t("2026-11-20T10:00:00Z") };
    expect(planUpdate(base, older, routed, null)).toBeNull();
    const fills = planUpdate(
      stored({ comment: null, sourceUpdatedAt: t("2026-11-20T11:00:00Z") }),
      { ...older, customer: { email: "a@b.example" }, comment: "late" },
      routed,
      null,
    );
    expect(fills).toEqual({
      change: { comment: "late", customerEmail: "a@b.example" },
      guard: { stillNull: ["comment", "customerEmail"] },
      visible: true,
    });
  });

  it("never clears a value with an absent one", () => {
    const p = planUpdate(
      stored({ comment: "keep me", sourceUpdatedAt: t("2026-11-20T10:00:00Z") }),
      { source: "api", externalId: "x", score: 4, comment: null, updatedAt: t("2026-11-20T11:00:00Z") },
      routed,
      null,
    );
    expect(p?.change.comment).toBeUndefined();
    expect(p?.visible).toBe(false);
  });

  it("routes a queued response when a delivery names its team, and records the staff member", () => {
    const p = planUpdate(
      stored({ teamId: null, companyId: null }),
      { source: "api", externalId: "x", score: 4 },
      routed,
      8,
    );
    expect(p?.change).toEqual({ teamId: 5, companyId: 2, staffId: 8 });
    expect(planUpdate(stored(), { source: "api", externalId: "x", score: 4 }, unrouted, null)).toBeNull();
  });

  it("never refills an erased response", () => {
    const p = planUpdate(
      stored({ erasedAt: now }),
      {
        source: "api",
        externalId: "x",
        score: 1,
        comment: "again",
        customer: { email: "x@y.example" },
        updatedAt: now,
      },
      routed,
      null,
    );
    expect(p).toBeNull();
  });
});

describe("validateItem", () => {
  const ok = (raw: unknown) => validateItem(raw, 3, now, "api");

  it("normalises a full item", () => {
    const r = ok({
      externalId: 123,
      score: 0,
      comment: "  hi  ",
      team: "",
      customer: { id: 9, email: "a@b.example" },
      respondedAt: "2026-11-19",
      attributes: { branch: "B1", n: 2 },
    });
    expect(r).toEqual({
      ok: true,
      value: {
        source: "api",
        externalId: "123",
        score: 0,
        comment: "hi",
        team: null,
        staff: null,
        touchpoint: null,
        area: null,
        customer: { id: "9", name: null, email: "a@b.example", phone: null },
        respondedAt: t("2026-11-19T00:00:00Z"),
        updatedAt: null,
        attributes: { branch: "B1", n: 2 },
      },
    });
  });

  it("names every problem of an item and keeps its index", () => {
    const r = ok({ externalId: "", score: true, customer: { email: "nope" }, attributes: { a: { b: 1 } } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejection).toMatchObject({ index: 3, field: "externalId", code: "VALIDATION_FAILED" });
    expect(r.rejection.message).toContain("externalId must not be empty");
    expect(r.rejection.message).toContain("score must be a JSON number 0-10 (not quoted), got true");
    expect(r.rejection.message).toContain("customer.email must be an email address");
    expect(r.rejection.message).toContain("attributes.a");
  });

  it("rejects a respondedAt without a time zone", () => {
    const r = ok({ externalId: "a", score: 5, respondedAt: "2026-11-19T10:00:00" });
    expect(r.ok).toBe(false);
  });
});
