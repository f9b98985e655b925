// Linking a chat channel to a team, one rule for Slack and Teams: admins only; a channel shows one
// team's cards (a team that had this channel loses it); linking the same channel twice answers
// "already linked" on both. Posting a confirmation in the channel stays with the platform.

import type { PersonRecord, TeamRecord } from "../core/types.js";
import type { DbContext } from "../db/context.js";
import { inTransaction } from "../db/repositories/index.js";
import type { Logger } from "../log.js";
import { closestSlug } from "./queries.js";

export type ChannelLink =
  | { platform: "slack"; channelId: string }
  /** `reference` is the Bot Framework conversation reference stored for proactive posts. */
  | { platform: "teams"; channelId: string; reference: unknown };

export type LinkResult =
  | { ok: false; reason: "not_admin" }
  | { ok: false; reason: "which"; teams: string[] }
  | { ok: false; reason: "unknown_team"; slug: string; suggestion: string | null; teams: string[] }
  | { ok: true; already: true; team: TeamRecord }
  | {
      ok: true;
      already: false;
      team: TeamRecord;
      /** The channel the team's cards went to before (Slack), if another one. */
      previousChannelId: string | null;
      /** Teams whose cards came to this channel until now. */
      unlinked: TeamRecord[];
    };

export type ChannelService = ReturnType<typeof createChannelService>;

/** A stored Teams conversation reference's channel id (without the thread part). */
export function teamsChannelOf(ref: unknown): string | null {
  const id = (ref as { conversation?: { id?: unknown } } | null)?.conversation?.id;
  if (typeof id !== "string") return null;
  const i = id.indexOf(";messageid=");
  return i >= 0 ? id.slice(0, i) : id;
}

function channelOf(team: TeamRecord, platform: ChannelLink["platform"]): string | null {
  return platform === "slack" ? team.slackChannelId : teamsChannelOf(team.teamsConversationRef);
}

export function createChannelService(deps: { db: DbContext; log: Logger }) {
  async function linkChannel(viewer: PersonRecord | null, slug: string | null, link: ChannelLink): Promise<LinkResult> {
    if (!viewer?.active || viewer.role !== "admin") return { ok: false, reason: "not_admin" };
    const result = await inTransaction(deps.db, async ({ org }) => {
      const teams = await org.listTeams();
      const slugs = teams.map((t) => t.slug);
      if (!slug) return { ok: false, reason: "which", teams: slugs } as const;
      const wanted = slug.toLowerCase();
      const team = teams.find((t) => t.slug === wanted);
      if (!team)
        return {
          ok: false,
          reason: "unknown_team",
          slug,
          suggestion: closestSlug(wanted, slugs),
          teams: slugs,
        } as const;
      if (channelOf(team, link.platform) === link.channelId) {
        // Refreshes the stored reference (its service URL may have moved) without changing anything else.
        if (link.platform === "teams") await org.setTeamsConversation(team.id, link.reference, true);
        return { ok: true, already: true, team } as const;
      }
      const unlinked = teams.filter((t) => t.id !== team.id && channelOf(t, link.platform) === link.channelId);
      for (const other of unlinked) {
        if (link.platform === "teams") await org.setTeamsConversation(other.id, null);
      }
      const linked =
        link.platform === "slack"
          ? await org.bindSlackChannel(team.id, link.channelId)
          : await org.setTeamsConversation(team.id, link.reference, true);
      const previous = channelOf(team, link.platform);
      return { ok: true, already: false, team: linked, previousChannelId: previous, unlinked } as const;
    });
    if (result.ok && !result.already) {
      deps.log.info(
        {
          platform: link.platform,
          team: result.team.slug,
          channel: link.channelId,
          by: viewer.id,
          previousChannel: result.previousChannelId,
          previousTeams: result.unlinked.map((t) => t.slug),
        },
        "channel linked to team",
      );
    }
    return result;
  }

  return { linkChannel };
}
