// Slack's side of a request, for tests and benchmarks: the v0 signature over `v0:${ts}:${body}`,
// a signed POST, and payload builders for slash commands, block actions, view submissions and events.
import { createHmac } from "node:crypto";

/** The bot user the fake Slack says the token belongs to (auth.test). */
export const BOT_USER = "UBOTNPS01";

export function slackSignature(secret: string, body: string, ts: number): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
}

export interface SignedPost {
  status: number;
  text: string;
  json: unknown;
  ms: number;
}

/** POSTs a body to the Bolt endpoint signed as Slack does (override ts/secret to forge). */
export async function postSigned(
  url: string,
  secret: string,
  body: string,
  contentType: "application/json" | "application/x-www-form-urlencoded",
  opts: { ts?: number; signature?: string } = {},
): Promise<SignedPost> {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": opts.signature ?? slackSignature(secret, body, ts),
    },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, text, json: parsed, ms };
}

export const interactionBody = (payload: object) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

export interface SlackUserRef {
  userId: string;
  teamId?: string;
}

export function slashCommand(o: {
  userId: string;
  text: string;
  channelId?: string;
  responseUrl: string;
  command?: string;
}): string {
  return commandBody({
    token: "legacy",
    team_id: "T0001",
    team_domain: "acme",
    channel_id: o.channelId ?? "C0TEAM001",
    channel_name: "ops",
    user_id: o.userId,
    user_name: o.userId.toLowerCase(),
    command: o.command ?? "/nps",
    text: o.text,
    api_app_id: "A0NPS",
    is_enterprise_install: "false",
    response_url: o.responseUrl,
    trigger_id: `trig.${o.userId}.${Date.now()}`,
  });
}

export function blockAction(o: {
  userId: string;
  actionId: string;
  value: string;
  channelId?: string;
  messageTs?: string;
  responseUrl: string;
  container?: "message" | "view";
  viewId?: string;
}): string {
  const inView = o.container === "view";
  return interactionBody({
    type: "block_actions",
    user: { id: o.userId, username: o.userId.toLowerCase(), team_id: "T0001" },
    api_app_id: "A0NPS",
    token: "legacy",
    team: { id: "T0001", domain: "acme" },
    trigger_id: `trig.${o.userId}.${Math.random().toString(36).slice(2)}`,
    ...(inView
      ? {
          container: { type: "view", view_id: o.viewId ?? "VHOME" },
          view: { id: o.viewId ?? "VHOME", type: "home", callback_id: "", private_metadata: "" },
        }
      : {
          container: {
            type: "message",
            message_ts: o.messageTs ?? "1700000000.000001",
            channel_id: o.channelId ?? "C0TEAM001",
            is_ephemeral: false,
          },
          channel: { id: o.channelId ?? "C0TEAM001", name: "ops" },
          message: { ts: o.messageTs ?? "1700000000.000001", type: "message", text: "card" },
          response_url: o.responseUrl,
        }),
    actions: [
      {
        type: "button",
        action_id: o.actionId,
        block_id: "b1",
        value: o.value,
        text: { type: "plain_text", text: "x" },
        action_ts: String(Date.now() / 1000),
      },
    ],
  });
}

/** A view_submission; values are {blockId: {actionId: value}} in Slack's state shape. */
export function viewSubmission(o: {
  userId: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, unknown>>;
}): string {
  return interactionBody({
    type: "view_submission",
    team: { id: "T0001", domain: "acme" },
    user: { id: o.userId, username: o.userId.toLowerCase(), team_id: "T0001" },
    api_app_id: "A0NPS",
    token: "legacy",
    trigger_id: `trig.${o.userId}.${Date.now()}`,
    view: {
      id: "VMODAL1",
      type: "modal",
      callback_id: o.callbackId,
      private_metadata: o.privateMetadata,
      state: { values: o.values },
      hash: "h",
      title: { type: "plain_text", text: "x" },
      blocks: [],
    },
    response_urls: [],
  });
}

export function eventCallback(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: "legacy",
    team_id: "T0001",
    api_app_id: "A0NPS",
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2, 10)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0001", user_id: BOT_USER, is_bot: true }],
    event,
  });
}

/** Slack state values for the common input kinds. */
export const stateValue = {
  select: (value: string) => ({
    type: "static_select",
    selected_option: { value, text: { type: "plain_text", text: value } },
  }),
  text: (value: string | null) => ({ type: "plain_text_input", value }),
  checkboxes: (...values: string[]) => ({
    type: "checkboxes",
    selected_options: values.map((v) => ({ value: v, text: { type: "plain_text", text: v } })),
  }),
  user: (id: string | null) => ({ type: "users_select", selected_user: id }),
};
