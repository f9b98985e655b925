import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCaseCardView } from "../../src/core/case-view.js";
import type { Database } from "../../src/db/client.js";
import { CaseRepository } from "../../src/db/repositories/cases.js";
import { createPrivacyService, type PrivacyService, scrub, subjectHash } from "../../src/services/privacy.js";
import { createResponseService, type ResponseService } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import { testDeps } from "../support/fixtures.js";
import { seedIngestOrg } from "./helpers.js";

describe("privacy erase", () => {
  let db: Database;
  let responses: ResponseService;
  let privacy: PrivacyService;
  let deps: ReturnType<typeof testDeps>;
  let caseId: number;
  let keptId: number;

  const jane = { id: "CUST-9", name: "Jane Doe", email: "jane.doe@example.org", phone: "+34 600 123 456" };

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedIngestOrg(db);
    deps = testDeps(db);
    responses = createResponseService(deps);
    privacy = createPrivacyService(deps);
    const r = await responses.ingest([
      {
        source: "api",
        externalId: "j-1",
        score: 2,
        comment: "Call me on +34 600 123 456, Jane",
        team: "north",
        customer: jane,
        touchpoint: "repair",
        updatedAt: new Date("2026-11-20T10:00:00Z"),
        attributes: { branch: "N1", postcode: "28001" },
      },
      {
        source: "api",
        externalId: "j-2",
        score: 10,
        comment: "Lovely",
        team: "south",
        customer: { email: "JANE.DOE@example.org" },
      },
      // Unroutable: the admins' alert quotes her comment.
      {
        source: "api",
        externalId: "j-3",
        score: 1,
        comment: "Nobody called Jane Doe back",
        customer: { id: "CUST-9" },
      },
      {
        source: "api",
        externalId: "k-1",
        score: 3,
        comment: "Other customer",
        team: "north",
        customer: { id: "CUST-1", email: "kim@example.org" },
      },
    ]);
    caseId = r.results[0]!.caseId!;
    keptId = r.results[3]!.responseId;
    const p = db.prisma;
    await p.followUpCase.update({
      where: { id: caseId },
      data: { note: "Spoke to Jane on +34 600 123 456", status: "claimed" },
    });
    await p.caseEvent.createMany({
      data: [
        { caseId, actor: "slack:UANA", action: "note", after: { text: "Jane prefers email: jane.doe@example.org" } },
        {
          caseId,
          actor: "slack:UANA",
          action: "claim",
          before: { status: "open" },
          after: { status: "claimed", ownerName: "Ana Manager" },
        },
      ],
    });
    // The card is on Slack; a DM with her contact details went to the owner; another waits to be sent.
    await p.chatMessage.create({ data: { caseId, platform: "slack", channelId: "C0NORTH", messageId: "1.1" } });
    await p.outboxDelivery.updateMany({ where: { caseId }, data: { status: "sent", attempts: 1 } });
    await p.outboxDelivery.create({
      data: {
        platform: "slack",
        kind: "dm",
        target: "person:1",
        caseId,
        status: "sent",
        payload: { kind: "dm", personId: 1, message: { text: `Contact: ${jane.email}, ${jane.phone}`, blocks: [] } },
      },
    });
    await p.outboxDelivery.create({
      data: {
        platform: "slack",
        kind: "dm",
        target: "person:2",
        payload: { kind: "dm", personId: 2, message: { text: `Weekly digest mentions ${jane.email}`, blocks: [] } },
      },
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("counts what it would erase in a dry run and changes nothing", async () => {
    const before = await db.prisma.surveyResponse.findMany({ orderBy: { id: "asc" } });
    const res = await privacy.eraseCustomer({ subject: "Jane.Doe@Example.org", requestedBy: "test", dryRun: true });
    expect(res.counts).toMatchObject({ responses: 2, cases: 1 });
    expect(await db.prisma.surveyResponse.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(await db.prisma.erasureRecord.count()).toBe(0);
  });

  it("erases by email (any case) and by reference, keeping scores and times", async () => {
    const byEmail = await privacy.eraseCustomer({
      subject: "  JANE.DOE@example.org ",
      requestedBy: "dpo@acme.example",
    });
    expect(byEmail.counts).toEqual({
      responses: 2,
      cases: 1,
      caseNotes: 1,
      caseEvents: 1,
      coachingNotes: 0,
      // The owner's DM, a pending digest, and the two admin alerts quoting "Jane Doe".
      outboxMessages: 4,
      cardsRerendered: 1,
      // She has no status events (test/ingest/customer-events.integration.test.ts erases some).
      customerEvents: 0,
    });
    // j-3 has only her reference.
    const byRef = await privacy.eraseCustomer({ subject: "CUST-9", requestedBy: "dpo@acme.example" });
    expect(byRef.counts.responses).toBe(1);

    const rows = await db.prisma.surveyResponse.findMany({
      where: { externalId: { in: ["j-1", "j-2", "j-3"] } },
      orderBy: { externalId: "asc" },
    });
    for (const r of rows) {
      expect(r).toMatchObject({
        customerRef: null,
        customerName: null,
        customerEmail: null,
        customerPhone: null,
        attributes: null,
        comment: "[erased]",
      });
      expect(r.erasedAt).not.toBeNull();
    }
    expect(rows.map((r) => [r.score, r.touchpoint])).toEqual([
      [2, "repair"],
      [10, null],
      [1, null],
    ]);
    const other = await db.prisma.surveyResponse.findUniqueOrThrow({ where: { id: keptId } });
    expect(other).toMatchObject({ customerEmail: "kim@example.org", comment: "Other customer", erasedAt: null });
  });

  it("scrubs the case's note and audit trail but keeps who did what", async () => {
    const c = await db.prisma.followUpCase.findUniqueOrThrow({ where: { id: caseId } });
    expect(c).toMatchObject({ note: "[erased]", status: "claimed" });
    const events = await db.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.actor, e.after])).toEqual([
      ["note", "slack:UANA", { text: "[erased]" }],
      ["claim", "slack:UANA", { status: "claimed", ownerName: "Ana Manager" }],
    ]);
  });

  it("scrubs messages about her, cancels the unsent ones and re-renders the posted card", async () => {
    const rows = await db.prisma.outboxDelivery.findMany({ orderBy: { id: "asc" } });
    const text = JSON.stringify(rows.map((r) => r.payload));
    expect(text).not.toMatch(/jane|600 123|Nobody called/i);
    const dms = rows.filter(
      (r) => r.kind === "dm" && (r.payload as { message: { text: string } }).message.text.includes("removed"),
    );
    // The owner's DM was sent already: it stays sent (history), scrubbed. The unsent ones are cancelled.
    expect(dms.map((d) => d.status).sort()).toEqual(["dead", "dead", "dead", "sent"]);
    expect(dms.filter((d) => d.status === "dead").every((d) => d.lastError?.includes("erased"))).toBe(true);
    const pendingCards = rows.filter((r) => r.caseId === caseId && r.kind === "case_card" && r.status === "pending");
    expect(pendingCards.map((r) => r.platform)).toEqual(["slack"]);
    expect(deps.kicks).toBeGreaterThan(0);
    // What the re-rendered card shows.
    const detail = await new CaseRepository(db.prisma).findDetail(caseId);
    const view = buildCaseCardView(detail!, deps.clock.now(), deps.config.rootCauses);
    expect(view).toMatchObject({ erased: true, comment: null, customerLabel: "(personal data erased)" });
  });

  it("records the erasure with a hash of the subject, never the data", async () => {
    const records = await db.prisma.erasureRecord.findMany({ orderBy: { id: "asc" } });
    expect(records.map((r) => r.subjectHash)).toEqual([subjectHash("jane.doe@example.org"), subjectHash("cust-9")]);
    expect(records[0]).toMatchObject({
      requestedBy: "dpo@acme.example",
      counts: expect.objectContaining({ responses: 2 }),
    });
    expect(JSON.stringify(records)).not.toMatch(/jane|CUST-9/i);
    expect(await privacy.erasuresOf("Jane.Doe@example.org")).toHaveLength(1);
  });

  it("finds nothing the second time, and a redelivery never brings the data back", async () => {
    expect((await privacy.eraseCustomer({ subject: jane.email, requestedBy: "x" })).counts.responses).toBe(0);
    const again = await responses.ingest([
      {
        source: "api",
        externalId: "j-1",
        score: 2,
        comment: "Call me on +34 600 123 456, Jane",
        team: "north",
        customer: jane,
        updatedAt: new Date("2026-11-20T11:00:00Z"),
      },
    ]);
    expect(again.results[0]!.outcome).toBe("duplicate");
    const r = await db.prisma.surveyResponse.findFirstOrThrow({ where: { externalId: "j-1" } });
    expect(r).toMatchObject({ customerEmail: null, comment: "[erased]" });
  });

  it("refuses an empty subject", async () => {
    await expect(privacy.eraseCustomer({ subject: " ", requestedBy: "x" })).rejects.toThrow(/VALIDATION_FAILED/);
  });

  it("scrub() blanks personal keys and any text that mentions the subject", () => {
    const out = scrub({ a: "ok", note: "x", list: [{ comment: "y" }, "mentions JANE"], n: 3 }, ["jane"]);
    expect(out).toEqual({
      changed: true,
      value: { a: "ok", note: "[erased]", list: [{ comment: "[erased]" }, "[erased]"], n: 3 },
    });
    expect(scrub({ status: "open" }, ["jane"]).changed).toBe(false);
  });
});
