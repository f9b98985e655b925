// Maps Slack Web API failures to the outbox's three kinds: wait (rate_limited, with Slack's
// Retry-After), try again later (retry), or stop and dead-letter (permanent).
import { webApi } from "@slack/bolt";
import { DeliveryError } from "../chat/port.js";

/** Errors that will not go away by retrying: configuration, permissions or a bad payload. */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "no_permission",
  "missing_scope",
  "not_allowed_token_type",
  "team_access_not_granted",
  "ekm_access_denied",
  "org_login_required",
  "restricted_action",
  "restricted_action_read_only_channel",
  "restricted_action_thread_only_channel",
  "restricted_action_non_threadable_channel",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "channel_type_not_supported",
  "msg_too_long",
  "msg_blocks_too_long",
  "invalid_blocks",
  "invalid_blocks_format",
  "invalid_arguments",
  "invalid_arg_name",
  "no_text",
  "too_many_attachments",
  "message_not_found",
  "cant_update_message",
  "edit_window_closed",
  "thread_not_found",
  "invalid_thread_ts",
  "as_user_not_supported",
  "app_uninstalled",
]);

/** Slack-side trouble worth another attempt. */
const TRANSIENT = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "timeout"]);

const DEFAULT_RATE_LIMIT_MS = 1000;

export function toDeliveryError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new DeliveryError("rate_limited", `${what}: Slack rate limit, retry after ${err.retryAfter} s`, {
      retryAfterMs: Math.max(0, err.retryAfter) * 1000,
      platformCode: "ratelimited",
    });
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (code === "ratelimited" || code === "rate_limited") {
      const after = err.data.response_metadata?.retryAfter;
      return new DeliveryError("rate_limited", `${what}: Slack said ${code}`, {
        retryAfterMs: typeof after === "number" ? after * 1000 : DEFAULT_RATE_LIMIT_MS,
        platformCode: code,
      });
    }
    if (PERMANENT.has(code)) {
      return new DeliveryError("permanent", `${what}: Slack said ${code}${hint(code)}`, { platformCode: code });
    }
    // Unknown codes are retried: the deliverer's attempt limit dead-letters them if they persist.
    return new DeliveryError("retry", `${what}: Slack said ${code}${TRANSIENT.has(code) ? " (transient)" : ""}`, {
      platformCode: code,
    });
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const s = err.statusCode;
    if (s === 429) {
      const after = Number(err.headers["retry-after"]);
      return new DeliveryError("rate_limited", `${what}: HTTP 429 from Slack`, {
        retryAfterMs: Number.isFinite(after) ? after * 1000 : DEFAULT_RATE_LIMIT_MS,
        platformCode: "http_429",
      });
    }
    if (s >= 500 || s === 408) {
      // A gateway's timeout or bad gateway says nothing of whether Slack processed the call.
      const outcomeUnknown = s === 502 || s === 504 || s === 408;
      return new DeliveryError("retry", `${what}: HTTP ${s} from Slack`, {
        platformCode: `http_${s}`,
        ...(outcomeUnknown ? { outcomeUnknown } : {}),
      });
    }
    return new DeliveryError("permanent", `${what}: HTTP ${s} from Slack`, { platformCode: `http_${s}` });
  }
  if (err instanceof webApi.WebAPIRequestError) {
    // Network failures and our own timeout (AbortSignal.timeout) alike.
    const original = err.original;
    const reason = original?.name === "TimeoutError" ? "timed out" : (original?.message ?? err.message);
    // Refused connections never reached Slack; a timeout or a reset may have been processed.
    const refused = (original as { code?: string } | undefined)?.code === "ECONNREFUSED";
    return new DeliveryError("retry", `${what}: request to Slack failed (${reason})`, {
      platformCode: "request_error",
      ...(refused ? {} : { outcomeUnknown: true }),
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  // The Web API client's own error for a 429 whose Retry-After it could not read.
  if (/rate limit|retry header/i.test(message)) {
    return new DeliveryError("rate_limited", `${what}: ${message}`, {
      retryAfterMs: DEFAULT_RATE_LIMIT_MS,
      platformCode: "http_429",
    });
  }
  return new DeliveryError("retry", `${what}: ${message}`);
}

function hint(code: string): string {
  switch (code) {
    case "not_in_channel":
      return " (invite the app to the channel: /invite @NPS Loop)";
    case "channel_not_found":
      return " (the channel was deleted or is private without the app; run /nps link <team> in the right channel)";
    case "is_archived":
      return " (the channel is archived; link the team to another channel with /nps link <team>)";
    case "invalid_auth":
    case "token_revoked":
    case "token_expired":
    case "account_inactive":
    case "not_authed":
      return " (check SLACK_BOT_TOKEN; reinstall the app if it was removed)";
    case "missing_scope":
      return " (reinstall the app from manifests/slack.yaml to grant its scopes)";
    default:
      return "";
  }
}
