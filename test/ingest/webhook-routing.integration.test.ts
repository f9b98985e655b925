// POST /api/responses, continued: the cases and alerts a response opens, and routing (authorisation,
// validation and exactly-once are in webhook.integration.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createTestDatabase } from "../support/db.js";
import { counts, type IngestHarness, type IngestOrg, nextId, seedIngestOrg, startApp, TOKEN } from "./helpers.js";

describe("POST /api/responses", () => {
  let db: Database;
  let h: IngestHarness;
  let org: IngestOrg;

  beforeAll(async () => {
    db = await createTestDatabase();
    org = await seedIngestOrg(db);
    h = await startApp(db);
  });
  afterAll(async () => {
    await h?.stop();
    await db?.close();
  });

  const outboxFor = (caseId: number) =>
    db.prisma.outboxDelivery.findMany({ where: { caseId }, orderBy: { id: "asc" } });

  describe("cases and alerts", () => {
    it("opens cases for passives only where the team opted in", async () => {
      const res = await h.post("/api/responses", [
        { externalId: nextId(), score: 7, team: "passives" },
        { externalId: nextId(), score: 8, team: "north" },
        { externalId: nextId(), score: 9, team: "passives" },
      ]);
      expect(res.body.results.map((r: { caseId: number | null }) => r.caseId !== null)).toEqual([true, false, false]);
    });

    it("opens old responses' cases silently: no card, no alert", async () => {
      const res = await h.post("/api/responses", {
        externalId: nextId(),
        score: 0,
        team: "north",
        respondedAt: "2026-11-01T10:00:00Z",
      });
      const caseId = res.body.results[0].caseId;
      const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: caseId } });
      expect(c.silent).toBe(true);
      expect(await outboxFor(caseId)).toEqual([]);
    });

    it("enqueues cards only on the platforms the team is bound to", async () => {
      const [noChannel, teamsOnly] = (
        await h.post("/api/responses", [
          { externalId: nextId(), score: 1, team: "no-channel" },
          { externalId: nextId(), score: 1, team: "teams-only" },
        ])
      ).body.results;
      expect(await outboxFor(noChannel.caseId)).toEqual([]);
      expect((await outboxFor(teamsOnly.caseId)).map((o) => o.platform)).toEqual(["teams"]);
      await db.prisma.team.update({ where: { id: org.teamsOnly }, data: { teamsConversationOk: false } });
      const broken = await h.post("/api/responses", { externalId: nextId(), score: 1, team: "teams-only" });
      expect(await outboxFor(broken.body.results[0].caseId)).toEqual([]);
      await db.prisma.team.update({ where: { id: org.teamsOnly }, data: { teamsConversationOk: true } });
    });
  });

  describe("routing", () => {
    const routeOf = async (item: Record<string, unknown>) => {
      const res = await h.post("/api/responses", { externalId: nextId(), score: 9, ...item });
      expect(res.status).toBe(200);
      const r = await db.prisma.surveyResponse.findUniqueOrThrow({ where: { id: res.body.results[0].responseId } });
      return { teamId: r.teamId, staffId: r.staffId, via: res.body.results[0].routedVia as string };
    };

    it("routes by team slug first, in any case", async () => {
      expect(await routeOf({ team: "SOUTH", staff: "bob@acme.example" })).toMatchObject({
        teamId: org.south,
        via: "team",
      });
    });

    it("routes by the staff member's team (email any case, or id); several teams: the first joined", async () => {
      expect(await routeOf({ staff: "ANA@acme.example" })).toEqual({
        teamId: org.south,
        staffId: org.ana,
        via: "staff",
      });
      expect(await routeOf({ staff: "bob@acme.example" })).toEqual({
        teamId: org.north,
        staffId: org.bob,
        via: "staff",
      });
      expect(await routeOf({ staff: String(org.ana) })).toMatchObject({ teamId: org.south, via: "staff" });
    });

    it("falls back to routing rules by priority: touchpoint, attribute, area", async () => {
      expect(await routeOf({ touchpoint: "Installation of boiler" })).toMatchObject({
        teamId: org.passives,
        via: "rule",
      });
      expect(await routeOf({ attributes: { branch: "south-07" } })).toMatchObject({ teamId: org.south, via: "rule" });
      expect(await routeOf({ area: "North" })).toMatchObject({ teamId: org.north, via: "rule" });
      expect(await routeOf({ touchpoint: "phone call" })).toMatchObject({ teamId: org.noChannel, via: "rule" });
      expect(
        await routeOf({ team: "no-such-team", staff: "loner@acme.example", touchpoint: "phone call" }),
      ).toMatchObject({ teamId: org.noChannel, staffId: org.loner, via: "rule" });
    });

    it("keeps unroutable responses in the unassigned queue and tells each admin once", async () => {
      const id = nextId("lost");
      const res = await h.post("/api/responses", {
        externalId: id,
        score: 2,
        comment: "Call me on +34 600 999 888",
        team: "atlantis",
        staff: "nobody@acme.example",
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 1, unassigned: 1, casesOpened: 1 });
      const r = res.body.results[0];
      expect(r.routedVia).toBe("unassigned");
      const stored = await db.prisma.surveyResponse.findUniqueOrThrow({ where: { id: r.responseId } });
      expect(stored.teamId).toBeNull();
      const dms = await db.prisma.outboxDelivery.findMany({
        where: { kind: "dm", dedupeKey: { startsWith: `response:${r.responseId}:` } },
        orderBy: { id: "asc" },
      });
      expect(dms.map((d) => [d.platform, d.target])).toEqual([
        ["slack", `person:${org.admin}`],
        ["teams", `person:${org.teamsAdmin}`],
      ]);
      const message = (dms[0]!.payload as { message: { text: string; blocks: { type: string; text?: string }[] } })
        .message;
      expect(message.text).toContain("could not be routed");
      expect(message.text).toContain('no team has the slug "atlantis"');
      expect(message.text).toContain('no staff member is mapped to "nobody@acme.example"');
      expect(JSON.stringify(message)).not.toContain("999 888");
      // A repeat alerts nobody again.
      const before = await counts(db);
      await h.post("/api/responses", { externalId: id, score: 2, team: "atlantis" });
      expect(await counts(db)).toEqual(before);
      // The queue lists it for admins.
      const queue = await fetch(`${h.url}/api/responses/unassigned`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const q = (await queue.json()) as { total: number; items: { externalId: string }[] };
      expect(q.items.map((i) => i.externalId)).toContain(id);
    });

    it("routes a queued response (and its case) once a later delivery names its team", async () => {
      const id = nextId("late");
      const first = await h.post("/api/responses", { externalId: id, score: 1 });
      expect(first.body.results[0].routedVia).toBe("unassigned");
      const caseId = first.body.results[0].caseId;
      const second = await h.post("/api/responses", { externalId: id, score: 1, team: "south" });
      expect(second.body.updated).toBe(1);
      const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: caseId } });
      expect(c.teamId).toBe(org.south);
      expect((await outboxFor(caseId)).filter((o) => o.kind === "case_card").map((o) => o.platform)).toEqual(["slack"]);
    });
  });
});
