// Which platforms can reach a team's channel or a person (for enqueueing outbox rows).
import type { ChatPlatform, PersonRecord, TeamRecord } from "../core/types.js";

export function platformsForTeam(team: TeamRecord, enabled: ChatPlatform[]): ChatPlatform[] {
  const out: ChatPlatform[] = [];
  if (enabled.includes("slack") && team.slackChannelId) out.push("slack");
  if (enabled.includes("teams") && team.teamsConversationRef && team.teamsConversationOk) out.push("teams");
  return out;
}

export function platformsForPerson(person: PersonRecord, enabled: ChatPlatform[]): ChatPlatform[] {
  const out: ChatPlatform[] = [];
  if (enabled.includes("slack") && person.slackUserId) out.push("slack");
  if (enabled.includes("teams") && (person.teamsConversationRef || person.teamsAadObjectId)) out.push("teams");
  return out;
}
