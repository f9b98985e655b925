// The case card buttons through the real Bolt app: claim (and its race), permissions with their
// audit trail, resolve and reassign forms, notes; the card is updated in place by the deliverer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaseRepository } from "../../src/db/repositories/cases.js";
import { CASE_ACTION_IDS } from "../../src/slack/views/case-card.js";
import { CALLBACK, encodeMetadata, FIELD } from "../../src/slack/views/modals.js";
import { stateValue } from "../support/slack.js";
import { answersTo, type Harness, startHarness, USERS } from "./harness.js";

let h: Harness;
let cases: CaseRepository;
beforeAll(async () => {
  h = await startHarness();
  cases = new CaseRepository(h.app.database.prisma);
});
afterAll(() => h.close());

const answerText = async (id: string) => String((await h.fake.waitFor(() => answersTo(h.fake, id)[0])).args.text);

/** The chat.update of a case's card whose blocks contain `needle`. */
const cardUpdate = (caseId: number, needle: string) =>
  h.fake.waitFor((calls) =>
    calls.find(
      (c) =>
        c.method === "chat.update" &&
        JSON.stringify(c.args.blocks).includes(`Case #${caseId} `) &&
        JSON.stringify(c.args.blocks).includes(needle),
    ),
  );

describe("Claim", () => {
  it("acks at once, claims, updates the card in place and DMs the owner the contact details", async () => {
    const { caseId, ts } = await h.newCase();
    const res = await h.click(USERS.ana, CASE_ACTION_IDS.claim, String(caseId), {
      responseUrl: h.fake.responseUrl("claim-1"),
      messageTs: ts,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(await answerText("claim-1")).toContain(`You claimed case #${caseId}`);
    const update = await cardUpdate(caseId, `<@${USERS.ana}>`);
    expect(update.args).toMatchObject({ channel: "C0TEAM001", ts });
    const buttons = JSON.stringify(update.args.blocks);
    expect(buttons).toContain(CASE_ACTION_IDS.unclaim);
    expect(buttons).not.toContain(CASE_ACTION_IDS.claim);
    const dm = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "chat.postMessage" && c.args.channel === USERS.ana),
    );
    expect(JSON.stringify(dm.args.blocks)).toContain("+34 612 345 678");
    expect(JSON.stringify(dm.args.blocks)).toContain("maria@example.com");
    // The channel card never shows the raw contacts.
    expect(JSON.stringify(update.args.blocks)).not.toContain("612 345 678");
  });

  it("lets exactly one of two managers clicking at once win; the other hears who", async () => {
    const { caseId } = await h.newCase();
    const [a, b] = await Promise.all([
      h.click(USERS.ana, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl("race-ana") }),
      h.click(USERS.ben, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl("race-ben") }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const texts = [await answerText("race-ana"), await answerText("race-ben")];
    const winners = texts.filter((t) => t.includes("You claimed"));
    const losers = texts.filter((t) => t.includes("already claimed by"));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const record = await cases.findById(caseId);
    const winnerName = record?.ownerId === (await personId(USERS.ana)) ? "Ana Ruiz" : "Ben Ortiz";
    expect(losers[0]).toContain(`already claimed by ${winnerName}`);
    const events = (await cases.events(caseId)).filter((e) => e.action === "claim");
    expect(events.map((e) => e.allowed).sort()).toEqual([false, true]);
    expect(events.find((e) => !e.allowed)?.reason).toBe("CASE_ALREADY_CLAIMED");
  });

  it("refuses staff and strangers privately, and audits both attempts", async () => {
    const { caseId } = await h.newCase();
    await h.click(USERS.luis, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl("deny-luis") });
    await h.click(USERS.stranger, CASE_ACTION_IDS.claim, String(caseId), {
      responseUrl: h.fake.responseUrl("deny-stranger"),
    });
    expect(await answerText("deny-luis")).toContain("Only this team's managers");
    const stranger = await answerText("deny-stranger");
    expect(stranger).toContain("Only this team's managers");
    expect(stranger).toContain("not linked to anyone in NPS Loop");
    const denied = (await cases.events(caseId)).filter((e) => !e.allowed);
    expect(denied.map((e) => e.actor).sort()).toEqual([`slack:${USERS.luis}`, `slack:${USERS.stranger}`].sort());
    expect(denied.every((e) => e.reason === "FORBIDDEN")).toBe(true);
    expect((await cases.findById(caseId))?.status).toBe("open");
    const answers = [...answersTo(h.fake, "deny-luis"), ...answersTo(h.fake, "deny-stranger")];
    expect(answers.every((c) => c.args.response_type === "ephemeral" && c.args.replace_original === false)).toBe(true);
  });

  it("refuses a manager of another team", async () => {
    const { caseId } = await h.newCase();
    await h.click(USERS.carla, CASE_ACTION_IDS.claim, String(caseId), {
      responseUrl: h.fake.responseUrl("deny-carla"),
    });
    expect(await answerText("deny-carla")).toContain("Only this team's managers");
  });
});

describe("Resolve", () => {
  it("opens the form at once, checks its fields, resolves, plans coaching and updates the card", async () => {
    const { caseId } = await h.newCase({ comment: "Rude technician <!channel>" });
    const responseUrl = h.fake.responseUrl("resolve-click");
    await h.click(USERS.ana, CASE_ACTION_IDS.resolve, String(caseId), { responseUrl });
    const open = await h.fake.waitFor((calls) =>
      calls.find(
        (c) => c.method === "views.open" && (c.args.view as { callback_id?: string }).callback_id === CALLBACK.resolve,
      ),
    );
    expect(String(open.args.trigger_id)).toMatch(/^trig\./);
    const view = open.args.view as { private_metadata: string; blocks: unknown[] };
    expect(JSON.parse(view.private_metadata)).toMatchObject({ caseId, responseUrl });
    const causes = h.app.deps.config.rootCauses;
    expect(JSON.stringify(view.blocks)).toContain(causes[1]!);
    expect(JSON.stringify(view.blocks)).not.toContain("<!channel>");

    const missing = await h.submit(USERS.ana, CALLBACK.resolve, view.private_metadata, {
      [FIELD.outcome.block]: { [FIELD.outcome.action]: stateValue.select("recovered") },
      [FIELD.rootCause.block]: { [FIELD.rootCause.action]: { type: "static_select", selected_option: null } },
    });
    expect(missing.status).toBe(200);
    expect(missing.json).toEqual({
      response_action: "errors",
      errors: { [FIELD.rootCause.block]: "Pick the main root cause." },
    });

    const ok = await h.submit(USERS.ana, CALLBACK.resolve, view.private_metadata, {
      [FIELD.outcome.block]: { [FIELD.outcome.action]: stateValue.select("recovered") },
      [FIELD.rootCause.block]: { [FIELD.rootCause.action]: stateValue.select("technician treatment") },
      [FIELD.options.block]: { [FIELD.options.action]: stateValue.checkboxes("outer_loop", "coach") },
      [FIELD.note.block]: { [FIELD.note.action]: stateValue.text("Called back, apologised, refunded the visit.") },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("");
    const confirm = await h.fake.waitFor(() => answersTo(h.fake, "resolve-click")[0]);
    expect(String(confirm.args.text)).toContain(`Case #${caseId} is resolved`);
    // What coaching was planned, and for when.
    expect(String(confirm.args.text)).toContain("A coaching session with Luis Pérez about");
    expect(String(confirm.args.text)).toContain("is planned, due by");
    const update = await cardUpdate(caseId, "Resolved:");
    expect(JSON.stringify(update.args.blocks)).toContain("technician treatment");
    expect(JSON.stringify(update.args.blocks)).toContain("Outer loop");

    const record = await cases.findById(caseId);
    expect(record).toMatchObject({
      status: "resolved",
      outcome: "recovered",
      rootCause: "technician treatment",
      outerLoop: true,
    });
    const coaching = await h.app.database.prisma.coachingSession.findMany({ where: { caseId } });
    expect(coaching).toHaveLength(1);

    // Resolving again changes nothing and says so.
    await h.submit(
      USERS.ana,
      CALLBACK.resolve,
      encodeMetadata({ caseId, responseUrl: h.fake.responseUrl("resolve-again") }),
      {
        [FIELD.outcome.block]: { [FIELD.outcome.action]: stateValue.select("not_recovered") },
        [FIELD.rootCause.block]: { [FIELD.rootCause.action]: stateValue.select("price") },
      },
    );
    expect(await answerText("resolve-again")).toContain("already resolved");
    expect((await cases.findById(caseId))?.outcome).toBe("recovered");
    // And a claim after resolution too.
    await h.click(USERS.ben, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl("claim-after") });
    expect(await answerText("claim-after")).toContain("already resolved");
  });

  it("never waits out Slack's rate limit on an interactive path", async () => {
    const { caseId } = await h.newCase();
    h.fake.failNext("views.open", { status: 429, retryAfter: 30 });
    const started = Date.now();
    await h.click(USERS.ana, CASE_ACTION_IDS.resolve, String(caseId), { responseUrl: h.fake.responseUrl("limited") });
    const text = await answerText("limited");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(text).toContain("try again in 30 s");
  });

  it("does not open the form for someone who may not resolve, and audits the attempt", async () => {
    const { caseId } = await h.newCase();
    const before = h.fake.callsTo("views.open").length;
    await h.click(USERS.luis, CASE_ACTION_IDS.resolve, String(caseId), {
      responseUrl: h.fake.responseUrl("resolve-luis"),
    });
    expect(await answerText("resolve-luis")).toContain("Only this team's managers");
    expect(h.fake.callsTo("views.open")).toHaveLength(before);
    const denied = (await cases.events(caseId)).find((e) => !e.allowed);
    expect(denied).toMatchObject({ action: "resolve", actor: `slack:${USERS.luis}` });
  });
});

describe("Reassign and notes", () => {
  it("offers the team's managers and moves the case to the one picked, who gets the DM", async () => {
    const { caseId } = await h.newCase();
    await h.click(USERS.ana, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl("ra-claim") });
    await answerText("ra-claim");
    await h.click(USERS.ana, CASE_ACTION_IDS.reassign, String(caseId), { responseUrl: h.fake.responseUrl("ra-click") });
    const open = await h.fake.waitFor((calls) =>
      calls.find(
        (c) => c.method === "views.open" && (c.args.view as { callback_id?: string }).callback_id === CALLBACK.reassign,
      ),
    );
    const view = open.args.view as {
      private_metadata: string;
      blocks: { element?: { options?: { value: string; text: { text: string } }[] } }[];
    };
    const options = view.blocks.flatMap((b) => b.element?.options ?? []);
    // The current owner is never offered (issue 9: one rule for Slack and Teams, in the case service).
    expect(options.map((o) => o.text.text)).toEqual(["Ben Ortiz"]);

    const empty = await h.submit(USERS.ana, CALLBACK.reassign, view.private_metadata, {
      [FIELD.assignee.block]: { [FIELD.assignee.action]: { type: "static_select", selected_option: null } },
    });
    expect(empty.json).toEqual({
      response_action: "errors",
      errors: { [FIELD.assignee.block]: "Pick the manager who takes the case over." },
    });
    const ben = options.find((o) => o.text.text === "Ben Ortiz")!.value;
    const dmsBefore = h.fake.calls.filter(
      (c) => c.method === "chat.postMessage" && c.args.channel === USERS.ben,
    ).length;
    await h.submit(USERS.ana, CALLBACK.reassign, view.private_metadata, {
      [FIELD.assignee.block]: { [FIELD.assignee.action]: stateValue.select(ben) },
    });
    expect(await answerText("ra-click")).toContain("now belongs to Ben Ortiz");
    await cardUpdate(caseId, `<@${USERS.ben}>`);
    await h.fake.waitFor(
      (calls) =>
        calls.filter((c) => c.method === "chat.postMessage" && c.args.channel === USERS.ben).length > dmsBefore,
    );
  });

  it("asks for a note's text and adds it", async () => {
    const { caseId } = await h.newCase();
    const meta = encodeMetadata({ caseId, responseUrl: h.fake.responseUrl("note-1") });
    const empty = await h.submit(USERS.ben, CALLBACK.note, meta, {
      [FIELD.note.block]: { [FIELD.note.action]: stateValue.text("   ") },
    });
    expect(empty.json).toEqual({
      response_action: "errors",
      errors: { [FIELD.note.block]: "Write what happened or what was agreed." },
    });
    await h.submit(USERS.ben, CALLBACK.note, meta, {
      [FIELD.note.block]: { [FIELD.note.action]: stateValue.text("Left a voicemail at 10:00.") },
    });
    expect(await answerText("note-1")).toContain(`Note added to case #${caseId}`);
    expect(await cases.notes(caseId)).toMatchObject([
      { text: "Left a voicemail at 10:00.", actor: `slack:${USERS.ben}` },
    ]);
    await cardUpdate(caseId, "1 note");
  });
});

async function personId(slackUserId: string): Promise<number | undefined> {
  const p = await h.app.database.prisma.person.findUnique({ where: { slackUserId } });
  return p?.id;
}
