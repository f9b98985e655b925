// Messages to admins about delivery problems (pure).
import type { ChatPlatform } from "../types.js";
import type { MessageView } from "../views.js";

export interface DeadLetterInfo {
  rowId: number;
  platform: ChatPlatform;
  kind: string;
  destination: string;
  error: string;
  platformCode: string | null;
  attempts: number;
}

const PLATFORM_NAME: Record<ChatPlatform, string> = { slack: "Slack", teams: "Microsoft Teams" };

/** What an admin can do about a platform error code. */
export function deliveryFixHint(platform: ChatPlatform, code: string | null): string {
  switch (code) {
    case "channel_not_found":
    case "not_in_channel":
    case "is_archived":
      return "Invite the bot to the team's channel (or bind the team to another channel), then requeue the message.";
    case "invalid_auth":
    case "not_authed":
    case "token_revoked":
    case "token_expired":
    case "account_inactive":
    case "missing_scope":
      return platform === "slack"
        ? "Check SLACK_BOT_TOKEN and the app's scopes (chat:write, im:write), then requeue the message."
        : "Check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and the tenant, then requeue the message.";
    case "user_not_found":
    case "cannot_dm_bot":
    case "user_disabled":
      return "Check the person's chat id in the org mapping (or mark them inactive).";
    case "conversation_not_found":
    case "bot_not_in_conversation":
    case "forbidden":
      return "Reinstall the NPS Loop app in the team or for the person, then requeue the message.";
    case "no_destination":
      return "Map the team to a channel (or the person to a chat user) in the org file.";
    case "card_not_posted":
      return "The case card itself failed earlier; fix that first (see the previous alert).";
    default:
      return "Check the error below and the logs; requeue the message once the cause is fixed.";
  }
}

export function deadLetterAlert(i: DeadLetterInfo): MessageView {
  const where = PLATFORM_NAME[i.platform];
  const hint = deliveryFixHint(i.platform, i.platformCode);
  return {
    text: `NPS Loop could not deliver a ${i.kind.replace("_", " ")} to ${i.destination} on ${where}: ${i.error}`,
    blocks: [
      { type: "header", text: `Undelivered message on ${where}` },
      {
        type: "fields",
        fields: [
          { label: "Destination", value: i.destination },
          { label: "Message", value: `${i.kind.replace("_", " ")} (outbox #${i.rowId})` },
          { label: "Error", value: i.platformCode ? `${i.platformCode}: ${i.error}` : i.error },
          { label: "Attempts", value: String(i.attempts) },
        ],
      },
      { type: "text", text: hint },
      {
        type: "context",
        text: `Requeue with: nps-loop jobs requeue ${i.rowId}. Similar failures to the same destination are grouped: one alert a day.`,
      },
    ],
  };
}

/** The admin alert when the deliverer cannot look up whether an interrupted send was posted. */
export function lookupUnavailableAlert(i: { platform: ChatPlatform; code: string }): MessageView {
  const where = i.platform === "slack" ? "Slack" : "Microsoft Teams";
  const fix =
    i.platform === "slack"
      ? "Reinstall the app from manifests/slack.yaml: it grants channels:history, groups:history, im:history and im:write, which let NPS Loop find a card it posted just before a crash or a timeout."
      : "Check the app's permissions.";
  return {
    text: `NPS Loop cannot check ${where}'s history after an interrupted send (${i.code}); such messages are sent again and may show twice.`,
    blocks: [
      { type: "header", text: `Possible doubled messages on ${where}` },
      {
        type: "text",
        text: `After a crash or a timeout, NPS Loop looks for the card or message it may already have posted before posting it again. ${where} refused that lookup (${i.code}), so it posts again: nothing is lost, but a card may show twice and the first copy is not updated on Claim.`,
      },
      { type: "text", text: fix },
    ],
  };
}
