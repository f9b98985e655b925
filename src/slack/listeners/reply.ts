// Answers to the person who clicked or typed: ephemeral where Slack allows it, always bounded in time,
// never throwing into Bolt (an answer that fails is logged, not retried for minutes).

import { webApi } from "@slack/bolt";
import { asAppError, errorRef, failureMessage } from "../../core/errors.js";
import type { SlackWebClient } from "../client.js";
import type { SlackDeps } from "../context.js";
import type { KnownBlock } from "../views/blocks.js";
import { cap, SLACK_LIMITS } from "../views/blocks.js";

export interface ReplyTarget {
  userId: string;
  channelId?: string | undefined;
  responseUrl?: string | undefined;
}

export interface ReplyMessage {
  text: string;
  blocks?: KnownBlock[];
  /** Replace the ephemeral message the response_url belongs to (e.g. "working on it…"). */
  replaceOriginal?: boolean;
  /** Post for everyone in the channel (shared reports). */
  inChannel?: boolean;
}

const RESPONSE_URL_TIMEOUT_MS = 2500;

/** POSTs to a response_url (valid 30 minutes, 5 uses). */
export async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}

/**
 * Tells one person something privately: through the response_url when there is one, else as an
 * ephemeral message in the channel, else in the app's DM with them.
 */
export async function replyPrivately(
  deps: SlackDeps,
  client: SlackWebClient,
  to: ReplyTarget,
  msg: ReplyMessage,
): Promise<void> {
  const text = cap(msg.text, SLACK_LIMITS.fallbackText);
  try {
    if (to.responseUrl) {
      await postToResponseUrl(to.responseUrl, {
        response_type: msg.inChannel ? "in_channel" : "ephemeral",
        replace_original: msg.replaceOriginal ?? false,
        text,
        ...(msg.blocks ? { blocks: msg.blocks } : {}),
      });
      return;
    }
    if (to.channelId && !to.channelId.startsWith("D")) {
      await client.chat.postEphemeral({
        channel: to.channelId,
        user: to.userId,
        text,
        ...(msg.blocks ? { blocks: msg.blocks } : {}),
      });
      return;
    }
    await client.chat.postMessage({ channel: to.userId, text, ...(msg.blocks ? { blocks: msg.blocks } : {}) });
  } catch (err) {
    deps.log.warn({ err, userId: to.userId }, "could not answer the Slack user");
  }
}

/** The message for an unexpected failure: short, honest, with a reference for the logs. */
export function failureText(err: unknown, deps: SlackDeps, what: string): string {
  if (err instanceof webApi.WebAPIRateLimitedError) {
    deps.log.warn({ retryAfter: err.retryAfter }, `Slack rate-limited the app while ${what}`);
    return `Slack is limiting how fast the app may act right now, so nothing happened; please try again in ${Math.max(1, err.retryAfter)} s.`;
  }
  const ref = errorRef();
  const e = asAppError(err);
  deps.log.error({ err, ref, code: e.code }, `Slack ${what} failed`);
  return failureMessage(e, ref, what);
}

/**
 * Called right after ack(): lets the event loop flush the ack and read the other requests waiting
 * on its sockets before this one starts its database work. With embedded PGlite, queries run on
 * this thread and a handler's chain of awaits never returns to the loop until it is done, so a
 * burst of clicks would otherwise be acked one handler at a time.
 */
export function yieldAfterAck(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Resolves after `ms` with `fallback` unless the promise settles first (it keeps running). */
export function withinBudget<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
