// Messages to admins about delivery problems (pure), in the admin's language (`locale`, English by
// default). Error texts and platform codes stay as the platform wrote them.
import { type Locale, SOURCE_LOCALE, t, tMaybe } from "../i18n/index.js";
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
export function deliveryFixHint(platform: ChatPlatform, code: string | null, locale: Locale = SOURCE_LOCALE): string {
  const L = locale;
  switch (code) {
    case "channel_not_found":
    case "not_in_channel":
    case "is_archived":
      return t(L, "alert.fix.channel");
    case "invalid_auth":
    case "not_authed":
    case "token_revoked":
    case "token_expired":
    case "account_inactive":
    case "missing_scope":
      return t(L, platform === "slack" ? "alert.fix.slackAuth" : "alert.fix.teamsAuth");
    case "user_not_found":
    case "cannot_dm_bot":
    case "user_disabled":
      return t(L, "alert.fix.person");
    case "conversation_not_found":
    case "bot_not_in_conversation":
    case "forbidden":
      return t(L, "alert.fix.reinstall");
    case "no_destination":
      return t(L, "alert.fix.noDestination");
    case "card_not_posted":
      return t(L, "alert.fix.cardNotPosted");
    default:
      return t(L, "alert.fix.default");
  }
}

/** "case card", "dm" in English (as before); the locale's words elsewhere. */
function kindName(L: Locale, kind: string): string {
  return tMaybe(L, `alert.kind.${kind}`) ?? kind.replace("_", " ");
}

export function deadLetterAlert(i: DeadLetterInfo, locale: Locale = SOURCE_LOCALE): MessageView {
  const L = locale;
  const where = PLATFORM_NAME[i.platform];
  const hint = deliveryFixHint(i.platform, i.platformCode, L);
  const kind = kindName(L, i.kind);
  return {
    text: t(L, "alert.deadLetter.text", { kind, destination: i.destination, platform: where, error: i.error }),
    blocks: [
      { type: "header", text: t(L, "alert.deadLetter.header", { platform: where }) },
      {
        type: "fields",
        fields: [
          { label: t(L, "alert.deadLetter.destination"), value: i.destination },
          { label: t(L, "alert.deadLetter.message"), value: t(L, "alert.deadLetter.outbox", { kind, id: i.rowId }) },
          { label: t(L, "alert.deadLetter.error"), value: i.platformCode ? `${i.platformCode}: ${i.error}` : i.error },
          { label: t(L, "alert.deadLetter.attempts"), value: String(i.attempts) },
        ],
      },
      { type: "text", text: hint },
      { type: "context", text: t(L, "alert.deadLetter.requeue", { id: i.rowId }) },
    ],
  };
}

/** The admin alert when the deliverer cannot look up whether an interrupted send was posted. */
export function lookupUnavailableAlert(
  i: { platform: ChatPlatform; code: string },
  locale: Locale = SOURCE_LOCALE,
): MessageView {
  const L = locale;
  const where = PLATFORM_NAME[i.platform];
  const fix = t(L, i.platform === "slack" ? "alert.lookup.fixSlack" : "alert.lookup.fixTeams");
  return {
    text: t(L, "alert.lookup.text", { platform: where, code: i.code }),
    blocks: [
      { type: "header", text: t(L, "alert.lookup.header", { platform: where }) },
      { type: "text", text: t(L, "alert.lookup.body", { platform: where, code: i.code }) },
      { type: "text", text: fix },
    ],
  };
}
