// Stored chat conversation references (today: Microsoft Teams): a person's personal chat and a
// team's channel, saved, refreshed, marked inactive and looked up here, so that the Teams folder
// only parses activities and renders. The rule that keeps an unauthenticated activity from
// re-pointing where a real person's messages go also lives here, once.
import type { PersonRecord, TeamRecord } from "../core/types.js";
import { OrgRepository } from "../db/repositories/org.js";
import type { CoreDeps } from "../deps.js";

/**
 * The part of a Bot Framework conversation reference this service reads. The rest (bot account,
 * tenant, channel id) is stored as given; platform code builds and reads the whole reference.
 */
export interface ConversationRef {
  serviceUrl?: string;
  conversation?: { id?: string; tenantId?: string };
  [key: string]: unknown;
}

/** Whether the activity behind a reference was authenticated (Bot Framework JWT checked). */
export interface RefSource {
  authenticated: boolean;
}

export type PersonalChatOutcome =
  /** No person has this AAD id. */
  | "unknown-person"
  /** First reference for this person: stored. */
  | "stored"
  /** The stored reference moved (new chat or service URL) and the activity was authenticated. */
  | "refreshed"
  /** Same conversation and service URL as stored: nothing to write. */
  | "unchanged"
  /** The reference differs but the activity was not authenticated: the stored one is kept. */
  | "kept";

export function asConversationRef(value: unknown): ConversationRef | null {
  if (!value || typeof value !== "object") return null;
  const ref = value as ConversationRef;
  return ref.conversation?.id && ref.serviceUrl ? ref : null;
}

/** Service URLs name the same connector with or without a trailing slash (the Bot Connector sends both). */
function sameServiceUrl(a: string | undefined, b: string | undefined): boolean {
  return (a ?? "").replace(/\/+$/, "") === (b ?? "").replace(/\/+$/, "");
}

function sameTarget(a: ConversationRef | null, b: ConversationRef): boolean {
  return a !== null && sameServiceUrl(a.serviceUrl, b.serviceUrl) && a.conversation?.id === b.conversation?.id;
}

/**
 * May an activity replace a stored reference with its own? Only an authenticated one: without a
 * Bot Framework token anyone can name any serviceUrl, and a re-pointed personal chat would send
 * that person's DMs (reports, customers' contact details) to the sender's server. A first
 * reference (nothing stored) may come from an unauthenticated activity: that mode is opt-in
 * (TEAMS_ALLOW_UNAUTHENTICATED), loopback-bound, and only accepts a Bot Connector on the same
 * machine (see src/teams/index.ts), which is what the playground and the emulator are.
 */
export function mayReplaceReference(stored: ConversationRef | null, source: RefSource): boolean {
  return stored === null || source.authenticated;
}

export type ConversationService = ReturnType<typeof createConversationService>;

export function createConversationService(deps: Pick<CoreDeps, "db" | "log">) {
  const org = () => new OrgRepository(deps.db.client);

  /** Teams whose stored channel is this (channel-level) conversation id. */
  async function teamsOfChannel(conversationId: string): Promise<TeamRecord[]> {
    if (!conversationId) return [];
    return (await org().listTeams()).filter(
      (t) => asConversationRef(t.teamsConversationRef)?.conversation?.id === conversationId,
    );
  }

  return {
    teamsOfChannel,

    /** The person behind an AAD object id, if the org file maps one. */
    personByAad(aadObjectId: string): Promise<PersonRecord | null> {
      return org().personByTeamsUser(aadObjectId);
    },

    /** A personal-chat activity from someone: remember where to write to them. */
    async recordPersonalChat(
      aadObjectId: string,
      ref: ConversationRef,
      source: RefSource,
    ): Promise<{ person: PersonRecord | null; outcome: PersonalChatOutcome }> {
      const person = await org().personByTeamsUser(aadObjectId);
      if (!person) return { person: null, outcome: "unknown-person" };
      const stored = asConversationRef(person.teamsConversationRef);
      if (sameTarget(stored, ref)) return { person, outcome: "unchanged" };
      if (!mayReplaceReference(stored, source)) {
        deps.log.warn(
          { person: person.id, stored: stored?.serviceUrl, offered: ref.serviceUrl },
          "unauthenticated Teams activity offered another personal chat; the stored one is kept",
        );
        return { person, outcome: "kept" };
      }
      await org().setPersonTeamsConversation(person.id, ref);
      return { person: { ...person, teamsConversationRef: ref }, outcome: stored ? "refreshed" : "stored" };
    },

    /** The person removed the app from their personal chat: stop writing there. */
    async forgetPersonalChat(aadObjectId: string): Promise<PersonRecord | null> {
      const person = await org().personByTeamsUser(aadObjectId);
      if (person?.teamsConversationRef) await org().setPersonTeamsConversation(person.id, null);
      return person;
    },

    /** The bot itself opened a personal chat (createConversation), or Teams refused the stored one. */
    async setPersonalChat(personId: number, ref: ConversationRef | null): Promise<void> {
      await org().setPersonTeamsConversation(personId, ref);
    },

    /**
     * An activity in a linked channel: a channel Teams refused earlier (marked inactive) is active
     * again, and an authenticated activity refreshes the service URL. Returns the teams changed.
     */
    async recordChannelActivity(conversationId: string, ref: ConversationRef, source: RefSource) {
      const changed: TeamRecord[] = [];
      for (const team of await teamsOfChannel(conversationId)) {
        const stored = asConversationRef(team.teamsConversationRef);
        const moved = !sameServiceUrl(stored?.serviceUrl, ref.serviceUrl);
        if (!moved && team.teamsConversationOk) continue;
        if (moved && !mayReplaceReference(stored, source)) {
          deps.log.warn(
            { team: team.slug, conversation: conversationId, offered: ref.serviceUrl },
            "unauthenticated Teams activity offered another service URL for a linked channel; ignored",
          );
          continue;
        }
        // Unauthenticated and same service URL: reactivate without rewriting the reference.
        const next = source.authenticated ? ref : stored;
        changed.push(await org().setTeamsConversation(team.id, next, true));
        deps.log.info({ team: team.slug, conversation: conversationId }, "Teams channel reference refreshed");
      }
      return changed;
    },

    /**
     * Teams refused a channel for good, or the app was removed from it: mark its teams inactive
     * (the deliverer then reports them unreachable) until an activity there revives them.
     */
    async markChannelInactive(conversationId: string, why: string): Promise<TeamRecord[]> {
      const marked: TeamRecord[] = [];
      for (const team of await teamsOfChannel(conversationId)) {
        if (!team.teamsConversationOk) continue;
        await org().setTeamsConversationOk(team.id, false);
        marked.push({ ...team, teamsConversationOk: false });
        deps.log.warn({ team: team.slug, conversation: conversationId }, why);
      }
      return marked;
    },

    /**
     * Any stored reference (a channel first, then a person's chat): where the bot last heard from
     * Teams, used to open a personal chat before any activity arrived in this process.
     */
    async anyReference(): Promise<ConversationRef | null> {
      for (const t of await org().listTeams()) {
        const ref = asConversationRef(t.teamsConversationRef);
        if (ref) return ref;
      }
      for (const p of await org().listPeople({ active: true })) {
        const ref = asConversationRef(p.teamsConversationRef);
        if (ref) return ref;
      }
      return null;
    },
  };
}
