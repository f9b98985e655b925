// `/nps link <team>` in a channel (admins): that team's case cards and channel posts go there.
import type { PersonRecord } from "../../core/types.js";
import { OrgRepository } from "../../db/repositories/org.js";
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
  if (!viewer?.active || viewer.role !== "admin") {
    return "Only NPS Loop admins can link a channel to a team. Ask an admin to run `/nps link <team>` here.";
  }
  if (
    input.channelId.startsWith("D") ||
    input.channelName === "directmessage" ||
    input.channelName.startsWith("mpdm-")
  ) {
    return "Run `/nps link <team>` in the team's channel, not in a direct message.";
  }
  const org = new OrgRepository(deps.core.db.client);
  if (!input.slug) {
    const teams = await org.listTeams();
    return `Which team? \`/nps link <team>\`. Teams: ${teams.map((t) => `\`${md(t.slug, 60, false)}\``).join(", ") || "none yet (load an org file first)"}.`;
  }
  const team = await org.teamBySlug(input.slug);
  if (!team) {
    const teams = await org.listTeams();
    return `There is no team \`${md(input.slug, 60, false)}\`. Teams: ${teams.map((t) => `\`${md(t.slug, 60, false)}\``).join(", ") || "none yet"}.`;
  }
  const previousTeam = await org.teamBySlackChannel(input.channelId);
  if (previousTeam?.id === team.id) return `This channel is already linked to *${md(team.name, 100, false)}*.`;
  await org.bindSlackChannel(team.id, input.channelId);
  deps.log.info(
    {
      team: team.slug,
      channel: input.channelId,
      by: input.userId,
      previousChannel: team.slackChannelId,
      previousTeam: previousTeam?.slug,
    },
    "Slack channel linked to team",
  );
  const lines = [
    `Linked: new cases and messages for *${md(team.name, 100, false)}* will be posted in <#${input.channelId}>.`,
  ];
  if (team.slackChannelId && team.slackChannelId !== input.channelId) {
    lines.push(`(They went to <#${team.slackChannelId}> before; cards already posted there stay there.)`);
  }
  if (previousTeam) lines.push(`This channel no longer receives *${md(previousTeam.name, 100, false)}*'s cases.`);
  // Posting is the only way to know the app can post here (no extra scopes needed to check).
  try {
    await client.chat.postMessage({
      channel: input.channelId,
      text: `This channel now receives NPS Loop follow-up cases for ${md(team.name, 100, false)} (linked by <@${input.userId}>).`,
    });
  } catch (err) {
    const e = toDeliveryError(err, "confirmation post");
    lines.push(
      e.opts.platformCode === "not_in_channel" || e.opts.platformCode === "channel_not_found"
        ? "⚠️ I am not a member of this channel yet, so cards cannot arrive: invite me with `/invite @NPS Loop`."
        : `⚠️ I could not post here (${md(e.opts.platformCode ?? e.message, 100, false)}); cards may not arrive until that is fixed.`,
    );
  }
  return lines.join("\n");
}
