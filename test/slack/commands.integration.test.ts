// `/nps` through the real Bolt app: reports with their permissions (unknown and forbidden answered
// alike), sharing, linking a channel, coaching and reminders, and the App Home.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { CALLBACK, encodeMetadata, FIELD } from "../../src/slack/views/modals.js";
import { REPORT_SHARE_ACTION } from "../../src/slack/views/report.js";
import { stateValue } from "../support/slack.js";
import { answersTo, type Harness, startHarness, USERS } from "./harness.js";

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await startHarness();
  const scores = [10, 10, 9, 9, 8, 7, 6, 3, 10, 9];
  await h.ingest(
    scores.map((score, i) => ({ score, comment: i % 2 ? "Great, punctual" : null, team: "madrid-north" })),
  );
  await h.ingest([
    { score: 9, team: "barcelona", staff: null },
    { score: 10, team: "globex-east", staff: null },
  ]);
});
afterAll(() => h.close());

/** Runs `/nps <text>` as a user and returns the (final) private answer. */
async function ask(userId: string, text: string, channelId?: string) {
  const id = `cmd-${++n}`;
  const res = await h.command(userId, text, {
    responseUrl: h.fake.responseUrl(id),
    ...(channelId ? { channelId } : {}),
  });
  expect(res.status).toBe(200);
  expect(res.text).toBe("");
  const call = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
  return { id, args: call.args, text: String(call.args.text), blocks: JSON.stringify(call.args.blocks ?? []) };
}

describe("/nps reports", () => {
  it("shows a director their company's team, privately, with a Share button", async () => {
    const a = await ask(USERS.dora, "madrid-north 30d");
    expect(a.args.response_type).toBe("ephemeral");
    expect(a.blocks).toContain("Madrid North");
    expect(a.blocks).toContain("NPS");
    expect(a.blocks).toContain(REPORT_SHARE_ACTION);
    expect(a.text).toContain("NPS report: Madrid North");
  });

  it("lets a manager see their team, staff themselves, and a director their company", async () => {
    expect((await ask(USERS.ana, "madrid-north")).blocks).toContain("Madrid North");
    expect((await ask(USERS.luis, "me")).blocks).toContain("Luis Pérez");
    expect((await ask(USERS.dora, "company acme")).blocks).toContain("Acme Services");
    expect((await ask(USERS.ana, `<@${USERS.luis}|luis>`)).blocks).toContain("Luis Pérez");
  });

  it("answers an unknown and a forbidden target with the same words", async () => {
    const forbidden = await ask(USERS.carla, "madrid-north");
    const unknown = await ask(USERS.carla, "no-such-team");
    const norm = (s: string) => s.replace(/"[^"]*"/, '"X"');
    expect(norm(forbidden.text)).toBe(norm(unknown.text));
    expect(forbidden.text).toContain("I have no report for");
    expect(forbidden.text).toContain("`barcelona`");
    expect(forbidden.text).not.toContain("madrid-north`");
    // A director of another company, and staff asking for their team, get the same treatment.
    const otto = await ask(USERS.otto, "acme");
    expect(norm(otto.text)).toBe(norm((await ask(USERS.otto, "zzz")).text));
    expect(otto.text).toContain("`globex-east`");
    const staff = await ask(USERS.luis, "madrid-north");
    expect(staff.text).toContain("`/nps me`");
    expect(staff.blocks).toBe("[]");
  });

  it("tells someone it does not know, and explains a bad period", async () => {
    expect((await ask(USERS.stranger, "madrid-north")).text).toContain("not linked to anyone in NPS Loop");
    const bad = await ask(USERS.ana, "madrid-north fortnight");
    expect(bad.text).toContain("fortnight");
    expect(bad.blocks).toBe("[]");
    expect(bad.text).toContain("30d");
  });

  it("shares the report in the channel and removes the private copy", async () => {
    const a = await ask(USERS.dora, "madrid-north");
    const button = JSON.parse(a.blocks)
      .flatMap((b: { elements?: { action_id: string; value: string }[] }) => b.elements ?? [])
      .find((e: { action_id: string }) => e.action_id === REPORT_SHARE_ACTION);
    const shareUrl = h.fake.responseUrl("share-1");
    await h.click(USERS.dora, REPORT_SHARE_ACTION, button.value, { responseUrl: shareUrl });
    const [post, del] = await h.fake.waitFor(() => {
      const got = answersTo(h.fake, "share-1");
      return got.length >= 2 ? got : null;
    });
    expect(post?.args).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(JSON.stringify(post?.args.blocks)).toContain(`Shared by <@${USERS.dora}>`);
    expect(JSON.stringify(post?.args.blocks)).not.toContain(REPORT_SHARE_ACTION);
    expect(del?.args).toMatchObject({ delete_original: true });
  });

  it("answers help", async () => {
    expect((await ask(USERS.luis, "")).text).toContain("/nps reminders off");
  });
});

describe("/nps link", () => {
  it("is for admins only", async () => {
    expect((await ask(USERS.ana, "link madrid-north", "C0NEWCHAN")).text).toContain("Only NPS Loop admins");
  });

  it("binds the channel to the team and confirms in the channel", async () => {
    const a = await ask(USERS.adam, "link barcelona", "C0NEWCHAN");
    expect(a.text).toContain("Linked");
    expect((await new OrgRepository(h.app.database.prisma).teamBySlug("barcelona"))?.slackChannelId).toBe("C0NEWCHAN");
    await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "chat.postMessage" && c.args.channel === "C0NEWCHAN"),
    );
  });

  it("warns when the app is not in the channel yet", async () => {
    h.fake.channelError("C0PRIVATE1", "not_in_channel");
    const a = await ask(USERS.adam, "link barcelona", "C0PRIVATE1");
    expect(a.text).toContain("/invite @NPS Loop");
    h.fake.channelError("C0PRIVATE1", null);
  });

  it("refuses direct messages and unknown teams", async () => {
    expect((await ask(USERS.adam, "link barcelona", "D0DIRECT1")).text).toContain("not in a direct message");
    expect((await ask(USERS.adam, "link nowhere", "C0NEWCHAN")).text).toContain("There is no team `nowhere`");
  });
});

describe("coaching from Slack", () => {
  it("plans coaching with /nps coach, tells the staff member, and marks it done from the button", async () => {
    const a = await ask(USERS.ana, `coach <@${USERS.luis}|luis> calling ahead when running late`);
    expect(a.text).toContain("Coaching with Luis Pérez");
    const dm = await h.fake.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === "chat.postMessage" &&
          c.args.channel === USERS.luis &&
          JSON.stringify(c.args.blocks).includes("coaching_done"),
      ),
    );
    const button = (dm.args.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === "coaching_done")!;
    await h.click(USERS.luis, "coaching_done", button.value, { responseUrl: h.fake.responseUrl("coach-done") });
    const open = await h.fake.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === "views.open" && (c.args.view as { callback_id?: string }).callback_id === CALLBACK.coachingDone,
      ),
    );
    const meta = (open.args.view as { private_metadata: string }).private_metadata;
    await h.submit(USERS.luis, CALLBACK.coachingDone, meta, {
      [FIELD.coachingNotes.block]: { [FIELD.coachingNotes.action]: stateValue.text("We agreed to text ahead.") },
    });
    const done = await h.fake.waitFor(() => answersTo(h.fake, "coach-done")[0]);
    expect(String(done.args.text)).toContain("marked done");
    const session = await h.app.database.prisma.coachingSession.findFirst({ where: { id: Number(button.value) } });
    expect(session).toMatchObject({ status: "done", notes: "We agreed to text ahead." });
    // A second click finds nothing left to do.
    await h.click(USERS.luis, "coaching_done", button.value, { responseUrl: h.fake.responseUrl("coach-again") });
    expect(String((await h.fake.waitFor(() => answersTo(h.fake, "coach-again")[0])).args.text)).toContain(
      "already done",
    );
  });

  it("refuses coaching from staff and explains the command", async () => {
    expect((await ask(USERS.luis, `coach <@${USERS.ben}|ben> listening`)).text).toContain("Only a manager");
    expect((await ask(USERS.ana, "coach")).text).toContain("/nps coach @jamie");
  });

  it("turns reminders off and on", async () => {
    expect((await ask(USERS.luis, "reminders off")).text).toContain("Weekly reminders are off");
    const org = new OrgRepository(h.app.database.prisma);
    expect((await org.personBySlackUser(USERS.luis))?.remindersEnabled).toBe(false);
    expect((await ask(USERS.luis, "reminders on")).text).toContain("Weekly reminders are on");
    expect((await org.personBySlackUser(USERS.luis))?.remindersEnabled).toBe(true);
    expect((await ask(USERS.luis, "reminders maybe")).text).toContain("/nps reminders off");
  });

  it("does not mark done a session a submission names without access", async () => {
    const session = await h.app.database.prisma.coachingSession.create({
      data: {
        staffId: (await new OrgRepository(h.app.database.prisma).personBySlackUser(USERS.luis))!.id,
        topic: "t",
        createdAt: new Date(),
      },
    });
    await h.submit(
      USERS.carla,
      CALLBACK.coachingDone,
      encodeMetadata({ sessionId: session.id, responseUrl: h.fake.responseUrl("coach-carla") }),
      {},
    );
    expect(String((await h.fake.waitFor(() => answersTo(h.fake, "coach-carla")[0])).args.text)).toContain(
      "Only Luis Pérez",
    );
  });
});

describe("App Home", () => {
  it("publishes my open cases, my team's NPS and my coaching", async () => {
    const { caseId } = await h.newCase();
    await h.click(USERS.ben, "case_claim", String(caseId), { responseUrl: h.fake.responseUrl("home-claim") });
    await h.fake.waitFor(() => answersTo(h.fake, "home-claim")[0]);
    const res = await h.event({ type: "app_home_opened", user: USERS.ben, tab: "home", channel: "D0BEN" });
    expect(res.status).toBe(200);
    const publish = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "views.publish" && c.args.user_id === USERS.ben),
    );
    const home = JSON.stringify(publish.args.view);
    expect(home).toContain("Your open cases");
    expect(home).toContain(`#${caseId}`);
    expect(home).toContain("Madrid North");
    expect(home).toContain("Coaching");
  });

  it("tells a stranger how to get set up", async () => {
    await h.event({ type: "app_home_opened", user: USERS.stranger, tab: "home", channel: "D0X" });
    const publish = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "views.publish" && c.args.user_id === USERS.stranger),
    );
    expect(JSON.stringify(publish.args.view)).toContain("I don't know you yet");
  });
});
