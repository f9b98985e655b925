// `/nps link <team>` in a channel (admins): the channel service links it; this checks the channel
// kind, renders the answer, and posts the confirmation that proves the app can post there.
import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import { linkText } from "../../core/messages/access.js";
import type { PersonRecord } from "../../core/types.js";
import { SLACK_STYLE } from "../answer-style.js";
import type { SlackWebClient } from "../client.js";
import type { SlackDeps } from "../context.js";
import { toDeliveryError } from "../delivery-errors.js";
import { md } from "../views/blocks.js";

export async function linkChannel(
  deps: SlackDeps,
  client: SlackWebClient,
  viewer: PersonRecord | null,
  input: { slug: string | null; channelId: string; channelName: string; userId: string },
  locale: Locale = SOURCE_LOCALE,
): Promise<string> {
  const L = locale;
  const isDirect =
    input.channelId.startsWith("D") || input.channelName === "directmessage" || input.channelName.startsWith("mpdm-");
  if (isDirect && viewer?.active && viewer.role === "admin") {
    return t(L, "slack.linkNotInDm");
  }
  const result = await deps.services.channels.linkChannel(viewer, input.slug, {
    platform: "slack",
    channelId: input.channelId,
  });
  const text = linkText(result, SLACK_STYLE, L);
  if (!result.ok || result.already) return text;
  // Posting is the only way to know the app can post here (no extra scopes needed to check).
  try {
    // For everyone in the channel: in the language of the team now linked to it.
    const channelL = (await deps.services.language.localeOfSlackChannel(input.channelId)) ?? L;
    await client.chat.postMessage({
      channel: input.channelId,
      text: t(channelL, "slack.linkConfirm", { team: md(result.team.name, 100, false), who: `<@${input.userId}>` }),
    });
    return text;
  } catch (err) {
    const e = toDeliveryError(err, "confirmation post");
    const warning =
      e.opts.platformCode === "not_in_channel" || e.opts.platformCode === "channel_not_found"
        ? t(L, "slack.linkNotMember")
        : t(L, "slack.linkCouldNotPost", { code: md(e.opts.platformCode ?? e.message, 100, false) });
    return `${text}\n${warning}`;
  }
}
