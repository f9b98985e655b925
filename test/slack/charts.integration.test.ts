// "Show chart" under a private /nps report, through the real Bolt app and the fake Slack: the access
// check is made again, the charts are uploaded with files upload v2 (URL, bytes, complete) to the
// asker's DM with their alt text, and the asker is told where they went.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_CHART_ACTION, REPORT_SHARE_ACTION } from "../../src/slack/views/report.js";
import { decodePng } from "../charts/png.js";
import { answersTo, type Harness, startHarness, USERS } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.ingest([10, 10, 9, 9, 8, 7, 6, 3, 10, 9].map((score) => ({ score, team: "madrid-north" })));
});
afterAll(() => h.close());

async function chartButton(userId: string, text: string, id: string) {
  await h.command(userId, text, { responseUrl: h.fake.responseUrl(id) });
  const call = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
  const elements = (call.args.blocks as { elements?: { action_id?: string; value: string }[] }[])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id);
  expect(elements.map((e) => e.action_id)).toEqual([REPORT_SHARE_ACTION, REPORT_CHART_ACTION]);
  return elements.find((e) => e.action_id === REPORT_CHART_ACTION)!;
}

describe("Show chart", () => {
  it("uploads the report's charts as PNGs with alt text to the asker's DM", async () => {
    const button = await chartButton(USERS.dora, "madrid-north 90d", "chart-cmd-1");
    const before = h.fake.uploads.size;
    await h.click(USERS.dora, REPORT_CHART_ACTION, button.value, { responseUrl: h.fake.responseUrl("chart-1") });
    const done = await h.fake.waitFor(() => answersTo(h.fake, "chart-1").at(-1), 20_000);
    expect(String(done.args.text)).toContain("Sent 3 charts to your direct messages");

    const [complete] = h.fake.callsTo("files.completeUploadExternal");
    expect(complete?.response).toMatchObject({ ok: true });
    expect(complete?.args.channel_id).toBe(`D${USERS.dora.slice(1)}`);
    expect(String(complete?.args.initial_comment)).toContain("Madrid North");

    const uploads = [...h.fake.uploads.values()].slice(before);
    expect(uploads.map((u) => u.filename)).toEqual(["nps-trend.png", "nps-programme.png", "nps-root-causes.png"]);
    for (const u of uploads) {
      const png = decodePng(u.bytes!);
      expect(png.width).toBeGreaterThan(600);
      expect(u.altText).toMatch(/^(Chart|Stacked bar chart) of /);
    }
    expect(uploads[0]!.altText).toContain("Madrid North");
  });

  it("checks again who may see the report: a manager of another team gets no chart", async () => {
    const button = await chartButton(USERS.dora, "madrid-north", "chart-cmd-2");
    const uploadsBefore = h.fake.callsTo("files.getUploadURLExternal").length;
    await h.click(USERS.carla, REPORT_CHART_ACTION, button.value, { responseUrl: h.fake.responseUrl("chart-2") });
    const answer = await h.fake.waitFor(() => answersTo(h.fake, "chart-2").at(-1));
    expect(String(answer.args.text)).toContain("cannot chart it");
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(uploadsBefore);
  });

  it("says which scope is missing when the app was installed without files:write", async () => {
    const button = await chartButton(USERS.dora, "madrid-north", "chart-cmd-3");
    h.fake.failNext("files.getUploadURLExternal", { error: "missing_scope" });
    await h.click(USERS.dora, REPORT_CHART_ACTION, button.value, { responseUrl: h.fake.responseUrl("chart-3") });
    const answer = await h.fake.waitFor(() => answersTo(h.fake, "chart-3").at(-1), 20_000);
    expect(String(answer.args.text)).toContain("files:write");
  });
});

describe("App Home chart", () => {
  let withUrl: Harness;
  beforeAll(async () => {
    withUrl = await startHarness({ PUBLIC_URL: "https://nps.example.com" });
    await withUrl.ingest([10, 9, 9, 8, 6, 10, 7].map((score) => ({ score, team: "madrid-north" })));
  });
  afterAll(() => withUrl.close());

  it("shows the first report's trend as an image this server serves under a signed link", async () => {
    await withUrl.event({ type: "app_home_opened", user: USERS.ana, tab: "home", channel: "D0ANA" });
    const publish = await withUrl.fake.waitFor(
      (calls) => calls.find((c) => c.method === "views.publish" && c.args.user_id === USERS.ana),
      20_000,
    );
    expect(publish.response).toMatchObject({ ok: true });
    const view = (typeof publish.args.view === "string" ? JSON.parse(publish.args.view) : publish.args.view) as {
      blocks: { type: string; image_url?: string; alt_text?: string }[];
    };
    const image = view.blocks.find((b) => b.type === "image");
    expect(image?.alt_text).toContain("Madrid North");
    const url = new URL(image!.image_url!);
    expect(url.origin).toBe("https://nps.example.com");
    const served = await fetch(`${new URL(withUrl.url).origin}${url.pathname}${url.search}`);
    expect(served.status).toBe(200);
    expect(decodePng(Buffer.from(await served.arrayBuffer())).width).toBeGreaterThan(500);
  });

  it("publishes no image without a public URL", async () => {
    await h.event({ type: "app_home_opened", user: USERS.ana, tab: "home", channel: "D0ANA" });
    const publish = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "views.publish" && c.args.user_id === USERS.ana),
    );
    expect(JSON.stringify(publish.args.view)).not.toContain('"type":"image"');
  });
});
