// Slack downloads an image block's picture while posting and answers invalid_blocks when it cannot
// (a PUBLIC_URL Slack does not reach): the sender then posts the same message without its pictures,
// so a digest is never dead-lettered for its chart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/chat/port.js";
import type { PersonRecord } from "../../src/core/types.js";
import type { MessageView } from "../../src/core/views.js";
import { createSlackClient } from "../../src/slack/client.js";
import { SlackSender } from "../../src/slack/sender.js";
import { type FakeSlack, startFakeSlack } from "../support/slack.js";

let slack: FakeSlack;
const hasImage = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? "").includes('"type":"image"');

beforeAll(async () => {
  slack = await startFakeSlack({
    fault: (call) =>
      call.method === "chat.postMessage" && hasImage(call.args) && String(call.args.channel) === "UNOREACH"
        ? { error: "invalid_blocks" }
        : null,
  });
});
afterAll(async () => {
  await slack.close();
});

const digest: MessageView = {
  text: "NPS digest",
  blocks: [
    { type: "header", text: "NPS digest: 2026-05-11 to 2026-06-07" },
    {
      type: "image",
      url: "https://nps.example.com/charts/abc.png?sig=x",
      alt: "Weekly NPS of Acme",
      title: "Weekly NPS",
    },
    { type: "text", text: "Acme: +32 ± 9 (n = 60)" },
  ],
};
const person = (slackUserId: string) => ({ id: 1, name: "Dora Director", slackUserId }) as PersonRecord;

describe("Slack sender and pictures", () => {
  it("posts the picture when Slack takes it, and the words alone when Slack cannot fetch it", async () => {
    const sender = new SlackSender(
      createSlackClient({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: "xoxb-test-token" }, "delivery"),
    );
    await sender.sendDirect({ person: person("UREACH"), message: digest });
    await sender.sendDirect({ person: person("UNOREACH"), message: digest });
    const posts = slack.calls.filter((c) => c.method === "chat.postMessage");
    expect(posts.map((c) => [c.args.channel, hasImage(c.args), c.response?.ok])).toEqual([
      ["UREACH", true, true],
      ["UNOREACH", true, false],
      ["UNOREACH", false, true],
    ]);
    expect(JSON.stringify(posts[2]!.args.blocks)).toContain("Acme: +32");
  });

  it("still reports invalid_blocks for a message without pictures", async () => {
    const sender = new SlackSender(
      createSlackClient({ SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: "xoxb-test-token" }, "delivery"),
    );
    slack.failNext("chat.postMessage", { error: "invalid_blocks" });
    const words: MessageView = { text: "x", blocks: [{ type: "text", text: "x" }] };
    const err = await sender.sendDirect({ person: person("UREACH"), message: words }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).opts.platformCode).toBe("invalid_blocks");
  });
});
