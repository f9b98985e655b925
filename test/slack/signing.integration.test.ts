// Slack's request signing, verified by Bolt on the app's own HTTP server: signed requests are
// answered, forged and stale ones get 401 and reach no listener.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandBody, eventCallback, postSigned, slackSignature, slashCommand } from "../support/slack.js";
import { type Harness, SECRET, startHarness, USERS } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("POST /slack/events signature checks", () => {
  it("answers a signed slash command with an empty 200 and then the help via response_url", async () => {
    const res = await h.command(USERS.ana, "help", { responseUrl: h.fake.responseUrl("help-1") });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const answer = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "response_url" && c.args.id === "help-1"),
    );
    expect(answer.args).toMatchObject({ response_type: "ephemeral" });
    expect(String(answer.args.text)).toContain("/nps <team> [period]");
  });

  it("rejects a forged signature with 401 and runs nothing", async () => {
    const body = slashCommand({ userId: USERS.ana, text: "help", responseUrl: h.fake.responseUrl("forged") });
    const res = await postSigned(h.url, "not-the-secret", body, "application/x-www-form-urlencoded");
    expect(res.status).toBe(401);
    const tampered = await postSigned(h.url, SECRET, body, "application/x-www-form-urlencoded", {
      signature: slackSignature(SECRET, body.replace("help", "me"), Math.floor(Date.now() / 1000)),
    });
    expect(tampered.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.callsTo("response_url").filter((c) => c.args.id === "forged")).toHaveLength(0);
  });

  it("rejects a correctly signed but stale request (replay) with 401", async () => {
    const body = slashCommand({ userId: USERS.ana, text: "help", responseUrl: h.fake.responseUrl("stale") });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(h.url, SECRET, body, "application/x-www-form-urlencoded", { ts: sixMinutesAgo });
    expect(res.status).toBe(401);
  });

  it("rejects a correctly signed request from more than five minutes in the future with 401", async () => {
    const body = slashCommand({ userId: USERS.ana, text: "help", responseUrl: h.fake.responseUrl("future") });
    const sixMinutesAhead = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await postSigned(h.url, SECRET, body, "application/x-www-form-urlencoded", { ts: sixMinutesAhead });
    expect(res.status).toBe(401);
    // A little clock skew is fine, as for Slack's own requests.
    const skewed = await postSigned(h.url, SECRET, body, "application/x-www-form-urlencoded", {
      ts: Math.floor(Date.now() / 1000) + 60,
    });
    expect(skewed.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.callsTo("response_url").filter((c) => c.args.id === "future")).toHaveLength(1);
  });

  it("rejects a request without signature headers", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: commandBody({ command: "/nps", text: "help" }),
    });
    expect(res.status).toBe(401);
  });

  it("answers Slack's url_verification challenge when signed", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "abc123", token: "legacy" });
    const res = await postSigned(h.url, SECRET, body, "application/json");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: "abc123" });
  });

  it("acknowledges a signed event", async () => {
    const res = await postSigned(
      h.url,
      SECRET,
      eventCallback({ type: "app_home_opened", user: USERS.stranger, tab: "messages" }),
      "application/json",
    );
    expect(res.status).toBe(200);
  });

  it("leaves the other routes of the server alone", async () => {
    const res = await fetch(h.url.replace("/slack/events", "/healthz"));
    expect(res.status).toBe(200);
  });
});
