// `/nps link <team>` in a channel (admins): the channel service links it; this checks the channel
// kind, renders the answer, and posts the confirmation that proves the app can post there.
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
): Promise<string> {
  const isDirect =
    input.channelId.startsWith("D") || input.channelName === "directmessage" || input.channelName.startsWith("mpdm-");
  if (isDirect && viewer?.active && viewer.role === "admin") {
    return "Run `/nps link <team>` in the team's channel, not in a direct message.";
  }
  const result = await deps.services.channels.linkChannel(viewer, input.slug, {
    platform: "slack",
    channelId: input.channelId,
  });
  const text = linkText(result, SLACK_STYLE);
  if (!result.ok || result.already) return text;
  // Posting is the only way to know the app can post here (no extra scopes needed to check).
  try {
    await client.chat.postMessage({
      channel: input.channelId,
      text: `This channel now receives NPS Loop follow-up cases for ${md(result.team.name, 100, false)} (linked by <@${input.userId}>).`,
    });
    return text;
  } catch (err) {
    const e = toDeliveryError(err, "confirmation post");
    const warning =
      e.opts.platformCode === "not_in_channel" || e.opts.platformCode === "channel_not_found"
        ? "⚠️ I am not a member of this channel yet, so cards cannot arrive: invite me with `/invite @NPS Loop`."
        : `⚠️ I could not post here (${md(e.opts.platformCode ?? e.message, 100, false)}); cards may not arrive until that is fixed.`;
    return `${text}\n${warning}`;
  }
}
