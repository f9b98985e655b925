import { describe, expect, it } from "vitest";
import { validateOrg } from "../../src/core/org-file.js";
import { type DemoData, generateDemoData, Rng } from "../../src/demo/data.js";
import { DEMO_TEAMS, demoOrg } from "../../src/demo/org.js";
import { type DemoText, EN_TEXT, textFor } from "../../src/demo/text.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const opts = { seed: 42, months: 6, now: NOW, defaultSlaHours: 48, reminderHours: 4 };
const data = generateDemoData(opts);
const DAY = 86_400_000;

/** Every comment template of a language, as in text.ts. */
function commentTemplates(t: DemoText): string[] {
  return [
    ...t.promoterVisit,
    ...t.promoterBranch,
    ...t.promoterPlain,
    ...t.passive,
    ...Object.values(t.detractor).flat(),
    ...t.detractorComplaint.map(([c]) => c),
    ...t.detractorBranch.map(([c]) => c),
  ];
}

/** Whether a text is one of the templates with its {placeholders} filled. */
function comesFrom(text: string, templates: string[]): boolean {
  return templates.some((tpl) =>
    new RegExp(
      `^${tpl
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".+?")}$`,
    ).test(text),
  );
}

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
    // The first days of this run's history are before the later run's; the year before is the same.
    const droppedDays = (r: { respondedAt: Date }) => r.respondedAt >= data.from && r.respondedAt < later.from;
    for (const r of data.responses) {
      if (droppedDays(r)) continue;
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
        expect(c.note!.trim().length).toBeGreaterThan(5);
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
      const closed = data.cases.filter(
        (c) => c.status === "resolved" && c.teamSlug.startsWith(company) && c.createdAt >= data.from,
      );
      return closed.filter((c) => c.resolvedAt! <= c.dueAt).length / closed.length;
    };
    expect(withinSla("brightfix")).toBeGreaterThan(0.8);
    expect(withinSla("coastline")).toBeLessThan(0.6);
    expect(data.coaching.length).toBeGreaterThan(3);
    // Programme companies coach their people (Brightfix, Levante, Harbour); Coastline does not.
    expect(data.coaching.some((s) => s.teamSlug.startsWith("coastline"))).toBe(false);
    expect(data.coaching.filter((s) => s.teamSlug.startsWith("brightfix")).length).toBeGreaterThan(3);
  });

  it("writes comments like real verbatims: promoters name the person who served them", () => {
    const comments = data.responses.map((r) => r.comment).filter((c): c is string => c !== null);
    expect(comments.length / data.responses.length).toBeGreaterThan(0.4);
    expect(comments.some((c) => c.includes("{"))).toBe(false);
    const english = data.responses.filter((r) => r.companySlug === "brightfix" || r.companySlug === "coastline");
    const praise = english.filter((r) => r.score >= 9 && r.comment);
    const named = praise.filter((r) => {
      const first = r.staffEmail.split(".")[0]!;
      return r.comment!.toLowerCase().includes(first);
    });
    expect(named.length / praise.length).toBeGreaterThan(0.5);
    const bills = english.filter((r) => r.score <= 6 && /£\d+/.test(r.comment ?? ""));
    expect(bills.length).toBeGreaterThan(10);
    expect(new Set(english.map((r) => r.touchpoint))).toEqual(
      new Set(["maintenance visit", "complaint", "branch visit"]),
    );
    expect(data.responses.every((r) => /^NW-\d{6}$/.test(r.customerRef))).toBe(true);
    expect(english.every((r) => r.customerPhone === null || /^07700 900\d{3}$/.test(r.customerPhone))).toBe(true);
    expect(english.some((r) => r.customerPhone !== null)).toBe(true);
  });

  it("writes the Valencia company's words in Spanish and the Kowloon one's in Hong Kong Chinese", () => {
    const of = (company: string) => data.responses.filter((r) => r.companySlug === company);
    const notesOf = (team: string) => data.cases.filter((c) => c.teamSlug === team && c.note).map((c) => c.note!);
    const levante = of("levante");
    const harbour = of("harbour");
    // Every comment and note is one of that language's lists (no English slipped through).
    const es = textFor("es");
    const zh = textFor("zh-Hant-HK");
    for (const [rs, t] of [
      [levante, es],
      [harbour, zh],
    ] as const) {
      const comments = rs.map((r) => r.comment).filter((c): c is string => c !== null);
      expect(comments.length).toBeGreaterThan(300);
      expect(comments.every((c) => comesFrom(c, commentTemplates(t)))).toBe(true);
    }
    for (const note of notesOf("levante-valencia")) expect(note).toMatch(/[áéíóúñ]|\b(el|le|la|de)\b/);
    for (const note of notesOf("harbour-kowloon")) expect(note).toMatch(/[\u4e00-\u9fff]/);
    expect([...notesOf("levante-valencia"), ...notesOf("harbour-kowloon")].some((n) => n.includes("{"))).toBe(false);
    // Their managers coach in their language too.
    for (const [team, t] of [
      ["levante-valencia", es],
      ["harbour-kowloon", zh],
    ] as const) {
      const sessions = data.coaching.filter((s) => s.teamSlug === team);
      expect(sessions.length).toBeGreaterThan(0);
      const topics = Object.values(t.coaching).map((p) => p.topic);
      expect(sessions.every((s) => topics.includes(s.topic))).toBe(true);
      expect(sessions.every((s) => s.notes === null || !s.notes.includes("{"))).toBe(true);
    }
    // Bills in euros and in Hong Kong dollars.
    expect(levante.some((r) => /\d+ €/.test(r.comment ?? ""))).toBe(true);
    expect(harbour.some((r) => /HK\$\d{1,2},?\d{3}/.test(r.comment ?? ""))).toBe(true);
    expect([...levante, ...harbour].some((r) => (r.comment ?? "").includes("£"))).toBe(false);
    // Their surveys name the touchpoint in their language.
    expect(new Set(levante.map((r) => r.touchpoint))).toEqual(new Set(Object.values(es.touchpoints)));
    expect(new Set(harbour.map((r) => r.touchpoint))).toEqual(new Set(Object.values(zh.touchpoints)));
    // Spanish customers have two surnames; Hong Kong ones a Cantonese or an English given name.
    const named = (rs: typeof levante) => rs.map((r) => r.customerName).filter((n): n is string => n !== null);
    expect(named(levante).every((n) => n.split(" ").length >= 3)).toBe(true);
    expect(named(levante).some((n) => /[áéíóú]/.test(n))).toBe(true);
    expect(named(harbour).some((n) => n.split(" ").length === 3)).toBe(true);
    expect(named(harbour).some((n) => n.split(" ").length === 2)).toBe(true);
    // Addresses are ASCII; there are no phone numbers where no range is reserved for fiction.
    const emails = [...levante, ...harbour].map((r) => r.customerEmail).filter((e): e is string => e !== null);
    expect(emails.length).toBeGreaterThan(50);
    expect(emails.every((e) => /^[a-z]+\.[a-z]+@example\.(com|net|org)$/.test(e))).toBe(true);
    expect([...levante, ...harbour].every((r) => r.customerPhone === null)).toBe(true);
    // Customers name the technician as people there do: Javier; 陳師傅 (Chan Tai Man).
    expect(levante.some((r) => r.score >= 9 && r.comment?.includes("Javier"))).toBe(true);
    expect(harbour.some((r) => r.score >= 9 && r.comment?.includes("陳師傅"))).toBe(true);
    // They answer in their own daytime.
    const hour = (d: Date, timeZone: string) =>
      Number(new Intl.DateTimeFormat("en-GB", { hour: "numeric", hourCycle: "h23", timeZone }).format(d));
    expect(
      levante.every((r) => hour(r.respondedAt, "Europe/Madrid") >= 8 && hour(r.respondedAt, "Europe/Madrid") < 20),
    ).toBe(true);
    expect(
      harbour.every((r) => hour(r.respondedAt, "Asia/Hong_Kong") >= 8 && hour(r.respondedAt, "Asia/Hong_Kong") < 20),
    ).toBe(true);
  });

  it("has the same lists in every language, and English for a company without a locale", () => {
    const shape = (t: typeof EN_TEXT | ReturnType<typeof textFor>) => ({
      detractor: Object.keys(t.detractor).sort(),
      recovery: Object.keys(t.recovery).sort(),
      issue: Object.keys(t.issue).sort(),
      coaching: Object.keys(t.coaching).sort(),
      touchpoints: Object.keys(t.touchpoints).sort(),
    });
    expect(shape(textFor("es"))).toEqual(shape(EN_TEXT));
    expect(shape(textFor("zh-Hant-HK"))).toEqual(shape(EN_TEXT));
    expect(textFor(null)).toBe(EN_TEXT);
    expect(textFor("fr")).toBe(EN_TEXT);
    expect(textFor("zh-Hant-HK").money(160)).toBe("HK$1,280");
    expect(textFor("es").money(160)).toBe("160 €");
    expect(EN_TEXT.money(160)).toBe("£160");
  });

  it("seeds the retention report's default period a year before, as it was before the programme", () => {
    // NOW is in Q4 2026: the report's default period is Q3 2026, so Q3 2025 is seeded too.
    expect(data.yearBefore).toEqual({ from: "2025-07-01", to: "2025-09-30" });
    const old = data.responses.filter((r) => r.respondedAt < data.from);
    const inQ3 = (d: Date) => d >= new Date("2025-06-30T00:00:00Z") && d < new Date("2025-10-01T00:00:00Z");
    expect(old.every((r) => inQ3(r.respondedAt))).toBe(true);
    // At the demo's usual density: about half the responses of the 6 months, for every team.
    const recent = data.responses.length - old.length;
    expect(old.length / recent).toBeGreaterThan(0.4);
    expect(old.length / recent).toBeLessThan(0.6);
    for (const t of DEMO_TEAMS) expect(old.filter((r) => r.teamSlug === t.slug).length).toBeGreaterThan(100);
    // Long resolved; no coaching; Brightfix handled its cases as outside the programme then.
    const oldCases = data.cases.filter((c) => c.createdAt < data.from);
    expect(oldCases.length).toBe(old.filter((r) => r.score <= 6).length);
    expect(oldCases.every((c) => c.status === "resolved")).toBe(true);
    expect(data.coaching.every((s) => s.createdAt >= data.from)).toBe(true);
    const brightfix = oldCases.filter((c) => c.teamSlug.startsWith("brightfix"));
    expect(brightfix.filter((c) => c.resolvedAt! <= c.dueAt).length / brightfix.length).toBeLessThan(0.6);
    // The months themselves are exactly what they are without it.
    const without = generateDemoData({ ...opts, yearBefore: false });
    expect(without.yearBefore).toBeNull();
    expect(without.responses).toEqual(data.responses.filter((r) => r.respondedAt >= data.from));
    expect(without.cases).toEqual(data.cases.filter((c) => c.createdAt >= data.from));
    expect(without.coaching).toEqual(data.coaching);
  });

  it("seeds no year before twice: with 18 months of history the period is in it already", () => {
    const long = generateDemoData({ ...opts, months: 18 });
    expect(long.yearBefore).toBeNull();
    expect(new Set(long.responses.map((r) => r.externalId)).size).toBe(long.responses.length);
    const fourteen = generateDemoData({ ...opts, months: 14 });
    // History from 2025-09-20: only the quarter's days before it are added.
    expect(fourteen.yearBefore).toEqual({ from: "2025-07-01", to: "2025-09-19" });
    expect(new Set(fourteen.responses.map((r) => r.externalId)).size).toBe(fourteen.responses.length);
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
