// Microsoft Teams on NPS Loop: POST /api/messages through botbuilder's CloudAdapter (JWTs checked
// against the Bot Connector's keys, single-tenant by default; none without an app id, for local use),
// the bot's handlers, and the PlatformSender the outbox deliverer uses. Every botbuilder import of
// the project lives in this folder, so a move to the Microsoft 365 Agents SDK is one folder's work.
import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from "botbuilder";
import { AuthenticationError } from "botframework-connector";
import express, { type RequestHandler } from "express";
import type { AppContext } from "../app-context.js";
import type { Config } from "../config/env.js";
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
  if (!config.teamsAuthenticated) warnUnauthenticated(log);

  const adapter = new NpsCloudAdapter(createTeamsAuthentication(config, opts));
  adapter.onTurnError = async (turn, err) => {
    const ref = Math.random().toString(36).slice(2, 8);
    log.error({ err, ref, type: turn.activity.type }, "Teams turn failed");
    if (turn.activity.type === "message") {
      await turn
        .sendActivity(`Sorry, something went wrong (reference ${ref}); it has been logged. Please try again.`)
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
  };
  const coaching = createCoachingHandlers(h);
  const bot = new NpsTeamsBot(h, coaching.routes, coaching.verbs);

  ctx.http.post(TEAMS_ENDPOINT, express.json({ limit: BODY_LIMIT }), messagesRoute(adapter, bot, config, log));
  ctx.senders.set("teams", new TeamsSender(rt));
  return rt;
}

function messagesRoute(adapter: NpsCloudAdapter, bot: NpsTeamsBot, config: Config, log: Logger): RequestHandler {
  return async (req, res) => {
    const activity = req.body as Activity | undefined;
    if (!activity || typeof activity !== "object" || typeof activity.type !== "string") {
      res.status(400).json({ error: "BAD_REQUEST", message: "body must be a Bot Framework activity with a type" });
      return;
    }
    fixTimestamps(activity);
    let refusedTenant: string | null | undefined;
    try {
      const invoke: InvokeResponse | undefined = await adapter.handle(
        req.headers.authorization ?? "",
        activity,
        async (turn) => {
          if (!tenantAllowed(config, turn.activity)) {
            refusedTenant = tenantOf(turn.activity);
            return;
          }
          await bot.run(turn);
        },
      );
      if (refusedTenant !== undefined) {
        log.warn({ tenant: refusedTenant }, "Teams activity from another tenant refused");
        res.status(403).json({
          error: "FORBIDDEN",
          message: `this bot serves tenant ${config.MICROSOFT_APP_TENANT_ID} only (activity from ${refusedTenant ?? "no tenant"})`,
        });
        return;
      }
      if (invoke?.body !== undefined) res.status(invoke.status ?? 200).json(invoke.body);
      else res.status(invoke?.status ?? 200).end();
    } catch (err) {
      if (isAuthFailure(err)) {
        log.warn({ reason: (err as Error).message }, "Teams request refused: bad or missing token");
        res.status(401).json({ error: "UNAUTHORIZED", message: "missing or invalid Bot Framework token" });
        return;
      }
      log.error({ err }, "Teams request failed");
      res.status(500).json({ error: "INTERNAL", message: "Internal error; it has been logged" });
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

function warnUnauthenticated(log: Logger): void {
  log.warn(
    "!!! Teams endpoint /api/messages is UNAUTHENTICATED: anyone who can reach it can act as any Teams user. " +
      "This is only for local use (npm run playground). Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and " +
      "MICROSOFT_APP_TENANT_ID for real Teams. !!!",
  );
}
