// Microsoft Teams on NPS Loop: POST /api/messages through botbuilder's CloudAdapter (JWTs checked
// against the Bot Connector's keys, single-tenant by default; without an app id only when
// TEAMS_ALLOW_UNAUTHENTICATED=true, for a client on this machine),
// the bot's handlers, and the PlatformSender the outbox deliverer uses. Every botbuilder import of
// the project lives in this folder, so a move to the Microsoft 365 Agents SDK is one folder's work.

import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from "botbuilder";
import { AuthenticationError } from "botframework-connector";
import express, { type RequestHandler } from "express";
import type { AppContext } from "../app-context.js";
import type { Config } from "../config/env.js";
import { AppError, asAppError, errorRef, failureMessage, retryAfterOf } from "../core/errors.js";
import { sendError } from "../http/server.js";
import type { Logger } from "../log.js";
import { createTeamsAuthentication, type TeamsAuthOptions, tenantAllowed } from "./auth.js";
import { NpsTeamsBot } from "./bot.js";
import { createCoachingHandlers } from "./handlers/coaching.js";
import type { TeamsHandlerDeps } from "./handlers/context.js";
import { tenantOf } from "./references.js";
import { TeamsRuntime } from "./runtime.js";
import { TeamsSender } from "./sender.js";

export type TeamsOptions = TeamsAuthOptions;

export const TEAMS_ENDPOINT = "/api/messages";

/** Teams activities are small; cards in invokes stay far under this. */
const BODY_LIMIT = "1mb";

/** botbuilder keeps processActivity protected; the route below needs its invoke response. */
class NpsCloudAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (ctx: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function registerTeams(ctx: AppContext, opts: TeamsOptions = {}): TeamsRuntime | null {
  const { deps } = ctx;
  const { config, log } = deps;
  if (!config.teamsEnabled) return null;
  if (!config.teamsAuthenticated) warnUnauthenticated(log, config.HOST);

  const adapter = new NpsCloudAdapter(createTeamsAuthentication(config, opts));
  adapter.onTurnError = async (turn, err) => {
    const ref = errorRef();
    const e = asAppError(err);
    log.error({ err, ref, code: e.code, type: turn.activity.type }, "Teams turn failed");
    if (turn.activity.type === "message") {
      await turn
        .sendActivity(failureMessage(e, ref))
        .catch((e) => log.warn({ err: e }, "could not tell the Teams user about the failure"));
    }
  };
  const rt = new TeamsRuntime(adapter, deps);
  const h: TeamsHandlerDeps = {
    rt,
    deps,
    services: ctx.services,
    cases: ctx.services.cases,
    queries: ctx.services.queries,
    // Report charts too large for a card's data URI go by a signed link (with PUBLIC_URL).
    chartLinks: ctx.chartLinks ?? null,
  };
  const coaching = createCoachingHandlers(h);
  const bot = new NpsTeamsBot(h, coaching.routes, coaching.verbs);

  ctx.http.post(TEAMS_ENDPOINT, express.json({ limit: BODY_LIMIT }), messagesRoute(adapter, bot, config, log));
  ctx.senders.set("teams", new TeamsSender(rt));
  return rt;
}

/** Seconds a Bot Connector should wait when Microsoft's signing keys could not be fetched. */
const KEYS_RETRY_AFTER_SECONDS = retryAfterOf("TEAMS_KEYS_UNAVAILABLE");

function messagesRoute(adapter: NpsCloudAdapter, bot: NpsTeamsBot, config: Config, log: Logger): RequestHandler {
  return async (req, res) => {
    const activity = req.body as Activity | undefined;
    if (!activity || typeof activity !== "object" || typeof activity.type !== "string") {
      sendError(res, new AppError("BAD_REQUEST", "body must be a Bot Framework activity with a type"));
      return;
    }
    if (!config.teamsAuthenticated && !isLoopbackUrl(activity.serviceUrl)) {
      // Unsigned activities could name any server as serviceUrl; answers and stored chats would
      // then go there. Without sign-in only a Bot Connector on this machine is served.
      log.warn({ serviceUrl: activity.serviceUrl }, "unauthenticated Teams activity from a remote serviceUrl refused");
      sendError(
        res,
        new AppError(
          "FORBIDDEN",
          "unauthenticated Teams (TEAMS_ALLOW_UNAUTHENTICATED) only serves a client on this machine: serviceUrl " +
            `must be on localhost, 127.0.0.1 or [::1] (got ${JSON.stringify(activity.serviceUrl ?? null)}); ` +
            "set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID for real Teams",
        ),
      );
      return;
    }
    fixTimestamps(activity);
    let refusedTenant: string | null | undefined;
    let turnStarted = false;
    try {
      const invoke: InvokeResponse | undefined = await adapter.handle(
        req.headers.authorization ?? "",
        activity,
        async (turn) => {
          turnStarted = true;
          if (!tenantAllowed(config, turn.activity)) {
            refusedTenant = tenantOf(turn.activity);
            return;
          }
          await bot.run(turn);
        },
      );
      if (refusedTenant !== undefined) {
        log.warn({ tenant: refusedTenant }, "Teams activity from another tenant refused");
        sendError(
          res,
          new AppError(
            "FORBIDDEN",
            `this bot serves tenant ${config.MICROSOFT_APP_TENANT_ID} only (activity from ${refusedTenant ?? "no tenant"})`,
          ),
        );
        return;
      }
      if (invoke?.body !== undefined) res.status(invoke.status ?? 200).json(invoke.body);
      else res.status(invoke?.status ?? 200).end();
    } catch (err) {
      if (!turnStarted && isKeyFetchFailure(err)) {
        log.error({ err }, "Teams request not checked: Microsoft's signing keys could not be fetched");
        sendError(
          res,
          new AppError(
            "TEAMS_KEYS_UNAVAILABLE",
            "the Bot Framework signing keys (OpenID metadata) could not be fetched, so the token cannot be checked; " +
              `retry in ${KEYS_RETRY_AFTER_SECONDS} s (if this persists, check outbound HTTPS to login.botframework.com)`,
          ),
        );
        return;
      }
      if (isAuthFailure(err)) {
        log.warn({ reason: (err as Error).message }, "Teams request refused: bad or missing token");
        sendError(res, new AppError("UNAUTHORIZED", "missing or invalid Bot Framework token"));
        return;
      }
      const e = asAppError(err);
      log.error({ err, code: e.code }, "Teams request failed");
      sendError(res, e);
    }
  };
}

/**
 * Token checks fail with botbuilder's AuthenticationError (401; 500 when the key document could not
 * be loaded) or, for a bad signature or an expired token, with jsonwebtoken's errors.
 */
function isAuthFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode === 401 || err.statusCode === undefined;
  const name = (err as { name?: string } | null)?.name;
  return name === "JsonWebTokenError" || name === "TokenExpiredError" || name === "NotBeforeError";
}

/**
 * botbuilder's OpenIdMetadata answers a non-2xx key document with AuthenticationError 500
 * ("Failed to load ..."), and a network failure or a document that is not JSON with node-fetch's
 * FetchError: neither says anything about the token, so the caller should retry, not give up.
 */
function isKeyFetchFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) return (err.statusCode ?? 0) >= 500;
  return (err as { name?: string } | null)?.name === "FetchError";
}

/** A URL whose host is this machine (the playground's and the emulator's connectors). */
export function isLoopbackUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  let host: string;
  try {
    host = new URL(value).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === "localhost" || host === "[::1]") return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** What botbuilder's own route does before processing: ISO strings become dates. */
function fixTimestamps(activity: Activity): void {
  const a = activity as unknown as Record<string, unknown>;
  for (const [key, raw] of [
    ["timestamp", "rawTimestamp"],
    ["expiration", "rawExpiration"],
    ["localTimestamp", "rawLocalTimestamp"],
  ] as const) {
    if (typeof a[key] === "string") {
      a[raw] = a[key];
      a[key] = new Date(a[key] as string);
    }
  }
}

function warnUnauthenticated(log: Logger, host: string): void {
  const local = host === "127.0.0.1" || host === "localhost" || host === "::1";
  log.warn(
    "!!! Teams endpoint /api/messages is UNAUTHENTICATED (TEAMS_ALLOW_UNAUTHENTICATED=true): anyone who can reach " +
      "it can act as any Teams user. Only a Bot Connector on this machine is served (npm run playground). " +
      (local
        ? `Listening on ${host} only. `
        : `HOST=${host} makes it reachable from other machines: unset HOST to listen on 127.0.0.1 only. `) +
      "Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID for real Teams. !!!",
  );
}
