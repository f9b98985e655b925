import { describe, expect, it } from "vitest";
import { validateOrg } from "../../src/core/org-file.js";
import { type DemoData, generateDemoData, Rng } from "../../src/demo/data.js";
import { DEMO_TEAMS, demoOrg } from "../../src/demo/org.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const opts = { seed: 42, months: 6, now: NOW, defaultSlaHours: 48, reminderHours: 4 };
const data = generateDemoData(opts);
const DAY = 86_400_000;

function nps(scores: number[]): number {
  const p = scores.filter((s) => s >= 9).length;
  const d = scores.filter((s) => s <= 6).length;
  return Math.round((100 * (p - d)) / scores.length);
}

function window(d: DemoData, team: string, fromDaysAgo: number, toDaysAgo: number): number[] {
  return d.responses
    .filter(
      (r) =>
        r.teamSlug === team &&
        r.respondedAt.getTime() >= NOW.getTime() - fromDaysAgo * DAY &&
        r.respondedAt.getTime() < NOW.getTime() - toDaysAgo * DAY,
    )
    .map((r) => r.score);
}

describe("demo data generator", () => {
  it("is deterministic for a seed, and another seed gives other data", () => {
    expect(generateDemoData(opts)).toEqual(data);
    const other = generateDemoData({ ...opts, seed: 7 });
    expect(other.responses.map((r) => r.score)).not.toEqual(data.responses.map((r) => r.score));
  });

  it("covers the months asked for, never the future, with unique ids", () => {
    const first = data.responses[0]!.respondedAt.getTime();
    expect((NOW.getTime() - first) / DAY).toBeGreaterThan(180);
    expect(data.responses.every((r) => r.receivedAt.getTime() <= NOW.getTime())).toBe(true);
    expect(data.responses.every((r) => r.receivedAt.getTime() > r.respondedAt.getTime())).toBe(true);
    expect(new Set(data.responses.map((r) => r.externalId)).size).toBe(data.responses.length);
    expect(data.responses.length).toBeGreaterThan(2000);
    for (const t of DEMO_TEAMS) expect(window(data, t.slug, 30, 0).length).toBeGreaterThan(40);
  });

  it("a later run names each earlier response the same (so a re-seed skips it) and adds the new days", () => {
    // Scores follow the programme's ramp over the window, which moves with the clock; ids and times
    // do not, and the database keeps what the first run wrote.
    const later = generateDemoData({ ...opts, now: new Date(NOW.getTime() + 3 * DAY) });
    const byId = new Map(later.responses.map((r) => [r.externalId, r]));
    const laterWindowStart = later.responses[0]!.respondedAt.getTime();
    for (const r of data.responses) {
      if (r.respondedAt.getTime() < laterWindowStart) continue;
      expect(byId.get(r.externalId)?.respondedAt).toEqual(r.respondedAt);
    }
    expect(later.responses.filter((r) => r.respondedAt > NOW).length).toBeGreaterThan(10);
  });

  it("opens exactly one case per detractor, with a consistent life", () => {
    const detractors = data.responses.filter((r) => r.score <= 6).map((r) => r.externalId);
    expect(data.cases.map((c) => c.externalId).sort()).toEqual(detractors.sort());
    for (const c of data.cases) {
      const times = [c.createdAt, c.claimedAt, c.contactedAt, c.resolvedAt].filter((t): t is Date => t !== null);
      expect(times.map((t) => t.getTime())).toEqual([...times.map((t) => t.getTime())].sort((a, b) => a - b));
      expect(times.at(-1)!.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(c.ownerEmail === null).toBe(c.status === "open");
      if (c.status === "resolved") {
        expect(c.outcome).not.toBeNull();
        expect(c.rootCause).not.toBeNull();
        expect(c.note).toMatch(/\w/);
        expect(c.events.map((e) => e.action)).toEqual(["claim", "contacted", "resolve"]);
      } else {
        expect(c.outcome).toBeNull();
      }
    }
    const open = data.cases.filter((c) => c.status !== "resolved");
    expect(open.length).toBeGreaterThan(2);
    expect(open.length).toBeLessThan(25);
    expect(open.some((c) => c.dueAt < NOW)).toBe(true);
  });

  it("shows the programme working: Brightfix improves and meets its SLA; Coastline does neither", () => {
    for (const t of DEMO_TEAMS) {
      const early = nps(window(data, t.slug, 185, 140));
      const late = nps(window(data, t.slug, 45, 0));
      // About +30 points by design (src/demo/org.ts), measured on ~100 answers per window: noisy.
      if (t.company === "brightfix") expect(late - early).toBeGreaterThan(12);
      else expect(Math.abs(late - early)).toBeLessThan(20);
    }
    const withinSla = (company: string) => {
      const closed = data.cases.filter((c) => c.status === "resolved" && c.teamSlug.startsWith(company));
      return closed.filter((c) => c.resolvedAt! <= c.dueAt).length / closed.length;
    };
    expect(withinSla("brightfix")).toBeGreaterThan(0.8);
    expect(withinSla("coastline")).toBeLessThan(0.6);
    expect(data.coaching.length).toBeGreaterThan(3);
    expect(data.coaching.every((s) => s.teamSlug.startsWith("brightfix"))).toBe(true);
  });

  it("writes comments like real verbatims: promoters name the person who served them", () => {
    const comments = data.responses.map((r) => r.comment).filter((c): c is string => c !== null);
    expect(comments.length / data.responses.length).toBeGreaterThan(0.4);
    expect(comments.some((c) => c.includes("{"))).toBe(false);
    const praise = data.responses.filter((r) => r.score >= 9 && r.comment);
    const named = praise.filter((r) => {
      const first = r.staffEmail.split(".")[0]!;
      return r.comment!.toLowerCase().includes(first);
    });
    expect(named.length / praise.length).toBeGreaterThan(0.5);
    const bills = data.responses.filter((r) => r.score <= 6 && /£\d+/.test(r.comment ?? ""));
    expect(bills.length).toBeGreaterThan(10);
    expect(new Set(data.responses.map((r) => r.touchpoint))).toEqual(
      new Set(["maintenance visit", "complaint", "branch visit"]),
    );
    expect(data.responses.every((r) => /^NW-\d{6}$/.test(r.customerRef))).toBe(true);
    expect(data.responses.every((r) => r.customerPhone === null || /^07700 900\d{3}$/.test(r.customerPhone))).toBe(
      true,
    );
  });

  it("builds a valid org: 2 companies in one area (and a Spanish and a Hong Kong one), 6 teams, every role", () => {
    const v = validateOrg(demoOrg());
    if (!v.ok) throw new Error(JSON.stringify(v.problems));
    expect(v.warnings).toEqual([]);
    expect(v.org.companies.map((c) => [c.area, c.inProgramme, c.locale ?? null])).toEqual([
      ["Greater Manchester", true, null],
      ["Greater Manchester", false, null],
      ["Valencia", true, "es"],
      ["Hong Kong", true, "zh-Hant-HK"],
    ]);
    expect(v.org.teams).toHaveLength(6);
    expect(new Set(v.org.people.map((p) => p.role))).toEqual(new Set(["director", "manager", "staff", "admin"]));
  });

  it("has a PRNG that is uniform enough and reproducible", () => {
    const a = new Rng("x");
    const b = new Rng("x");
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const r = new Rng("p");
    const ps = Array.from({ length: 5000 }, () => r.poisson(4));
    expect(ps.reduce((s, x) => s + x, 0) / ps.length).toBeCloseTo(4, 0);
  });
});
