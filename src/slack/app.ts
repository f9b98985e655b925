// Slack on the app's one HTTP server: a Bolt App whose ExpressReceiver verifies Slack's signatures
// on POST /slack/events (events, interactivity and commands), or Socket Mode when SLACK_APP_TOKEN
// is set; the outbox sender; and every listener. Registered from src/app.ts.

import { App, type Logger as BoltLogger, ExpressReceiver, LogLevel } from "@slack/bolt";
import express from "express";
import type { AppContext } from "../app-context.js";
import { asAppError } from "../core/errors.js";
import type { Logger } from "../log.js";
import { platformDeps } from "../services/index.js";
import { createSlackClient, type SlackWebClient, slackClientOptions } from "./client.js";
import { createSlackDeps, type SlackDeps } from "./context.js";
import { registerListeners } from "./listeners/index.js";
import { SlackSender } from "./sender.js";

export const SLACK_EVENTS_PATH = "/slack/events";

/** Slack's replay window: a request more than five minutes away from now, either way, is refused. */
export const SLACK_TIMESTAMP_WINDOW_S = 5 * 60;

export function refuseFutureTimestamps(log: Logger, nowMs: () => number): express.RequestHandler {
  return (req, res, next) => {
    const ts = Number(req.header("x-slack-request-timestamp"));
    if (Number.isFinite(ts) && ts - Math.floor(nowMs() / 1000) > SLACK_TIMESTAMP_WINDOW_S) {
      log.warn({ timestamp: ts }, "Slack request refused: its timestamp is more than five minutes in the future");
      res.status(401).send();
      return;
    }
    next();
  };
}

export interface SlackHandle {
  app: App;
  deps: SlackDeps;
  sender: SlackSender;
  mode: "http" | "socket";
}

export function registerSlack(ctx: AppContext): SlackHandle | null {
  const config = ctx.deps.config;
  if (!config.slackEnabled || !config.SLACK_BOT_TOKEN || !config.SLACK_SIGNING_SECRET) return null;
  const deps = createSlackDeps(platformDeps(ctx.deps, ctx.services), ctx.chartLinks ?? null);
  const sender = new SlackSender(createSlackClient(config, "delivery"));
  ctx.senders.set("slack", sender);

  const logger = boltLogger(deps.log);
  const authClient = createSlackClient(config, "interactive");
  const authorize = singleWorkspaceAuthorize(authClient, config.SLACK_BOT_TOKEN, deps.log);
  // Bolt's listeners get a client with the interactive policy: answers never sleep through a 429.
  const clientOptions = slackClientOptions(config, "interactive");
  const socket = config.slackSocketMode;
  // Bolt refuses a request stamped more than five minutes in the past but not one from the future,
  // which a captured signature of a clock-skewed sender would let anyone replay for as long as it
  // lies ahead. Same window, same answer, before Bolt reads the body. Wall clock, as Bolt's own check.
  if (!socket)
    ctx.http.post(
      SLACK_EVENTS_PATH,
      refuseFutureTimestamps(deps.log, () => Date.now()),
    );
  const app = socket
    ? new App({ socketMode: true, appToken: config.SLACK_APP_TOKEN, authorize, logger, clientOptions })
    : new App({
        receiver: new ExpressReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET,
          endpoints: SLACK_EVENTS_PATH,
          // Our own router on the shared app: Bolt reads the raw body itself to check the
          // signature, so no JSON parser may run before it on this path.
          router: express.Router(),
          app: ctx.http,
          logger,
          processBeforeResponse: false,
        }),
        authorize,
        logger,
        clientOptions,
      });
  app.error(async (error) => {
    // Bolt wraps what a listener threw (UnknownError.original); listeners answer the user themselves
    // (failureText), so this edge logs the original with its code.
    const original = (error as { original?: unknown }).original ?? error;
    deps.log.error({ err: original, code: asAppError(original).code }, "Slack listener failed");
  });
  registerListeners(app, deps);

  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  // Slack being unreachable at boot must not keep the server (ingestion, Teams) from starting:
  // Socket Mode keeps trying in the background; once connected, Bolt reconnects by itself.
  const connect = async (attempt: number): Promise<void> => {
    try {
      await app.start();
      deps.log.info("Slack Socket Mode connected");
    } catch (err) {
      if (stopped) return;
      const delay = Math.min(60_000, 1000 * 2 ** Math.min(attempt, 6));
      deps.log.error({ err, retryInMs: delay }, "Slack Socket Mode could not connect; check SLACK_APP_TOKEN");
      retry = setTimeout(() => void connect(attempt + 1), delay);
    }
  };
  ctx.onStart(async () => {
    void authorize.warm();
    if (socket) await connect(0);
  });
  ctx.onStop(async () => {
    stopped = true;
    clearTimeout(retry);
    if (socket) await app.stop().catch((err: unknown) => deps.log.warn({ err }, "Slack Socket Mode stop failed"));
  });
  deps.log.info({ mode: socket ? "socket" : "http", path: socket ? undefined : SLACK_EVENTS_PATH }, "Slack registered");
  return { app, deps, sender, mode: socket ? "socket" : "http" };
}

/**
 * One workspace, one bot token: Bolt's authorize, with auth.test cached. A failed auth.test does not
 * stop the bot answering (the ids only serve to ignore its own events); it is retried next time.
 */
function singleWorkspaceAuthorize(client: SlackWebClient, botToken: string, log: Logger) {
  let ids: Promise<{ botUserId?: string; botId?: string }> | null = null;
  const load = () => {
    ids ??= client.auth
      .test()
      .then((r) => ({ botUserId: r.user_id, botId: r.bot_id }))
      .catch((err: unknown) => {
        log.error({ err }, "Slack auth.test failed: check SLACK_BOT_TOKEN (and SLACK_API_URL if set)");
        ids = null;
        return {};
      });
    return ids;
  };
  const authorize = async () => ({ botToken, ...(await load()) });
  return Object.assign(authorize, { warm: load });
}

/** Bolt logs through pino, at our level. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "bolt" });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
  return {
    debug: (...msg) => child.debug(text(msg)),
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => {
      const err = msg.find((m) => m instanceof Error);
      child.error(err ? { err } : {}, text(msg.filter((m) => !(m instanceof Error))));
    },
    setLevel: () => {},
    getLevel: () => (log.isLevelEnabled("debug") ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => {},
  };
}
