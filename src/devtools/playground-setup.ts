// The playground's mock tenant (.m365agentsplayground.yml) mapped onto the demo organisation: who is
// who, which channel shows which team's cards, and the fresh detractors posted at start. Pure.
import { parse as parseYaml } from "yaml";
import { DEMO_TEAMS, demoOrg } from "../demo/org.js";
import type { IncomingResponse } from "../services/responses.js";

export interface PlaygroundUser {
  id: string;
  name: string;
  email: string;
  aadObjectId: string;
}

export interface PlaygroundSetup {
  tenantId: string;
  currentUser: PlaygroundUser;
  users: PlaygroundUser[];
  personalChatId: string;
  team: { id: string; name: string; channels: { id: string; name: string }[] };
}

/** The parts of the playground's config file NPS Loop needs (the playground validates the rest). */
export function readPlaygroundConfig(text: string): PlaygroundSetup {
  const raw = parseYaml(text) as Record<string, unknown>;
  const user = (u: Record<string, string>): PlaygroundUser => ({
    id: u.id!,
    name: u.name!,
    email: (u.email ?? u.userPrincipleName)!,
    aadObjectId: u.aadObjectId!,
  });
  const team = raw.team as { id: string; name: string; channels?: { id: string; name: string }[] };
  return {
    tenantId: String(raw.tenantId),
    currentUser: user(raw.currentUser as Record<string, string>),
    users: (raw.users as Record<string, string>[]).map(user),
    personalChatId: (raw.personalChat as { id: string }).id,
    team: { id: team.id, name: team.name, channels: team.channels ?? [] },
  };
}

/** Where each demo team's cards go: the team's General channel (its id), then its other channels. */
export function channelBindings(
  setup: PlaygroundSetup,
): { teamSlug: string; channelId: string; channelName: string }[] {
  const channels = [{ id: setup.team.id, name: "General" }, ...setup.team.channels];
  return channels.slice(0, DEMO_TEAMS.length).map((c, i) => ({
    teamSlug: DEMO_TEAMS[i]!.slug,
    channelId: c.id,
    channelName: c.name,
  }));
}

/**
 * The demo org with the playground's people mapped to their mock AAD ids and the demo teams bound
 * to the playground's channels (service URL = the playground's mocked connector).
 */
export function playgroundOrg(setup: PlaygroundSetup, serviceUrl: string) {
  const org = demoOrg();
  const aadByEmail = new Map([setup.currentUser, ...setup.users].map((u) => [u.email.toLowerCase(), u.aadObjectId]));
  const bindings = new Map(channelBindings(setup).map((b) => [b.teamSlug, b.channelId]));
  return {
    ...org,
    teams: (org.teams ?? []).map((t) =>
      bindings.has(t.slug)
        ? {
            ...t,
            teamsConversationId: bindings.get(t.slug),
            teamsServiceUrl: serviceUrl,
            teamsTenantId: setup.tenantId,
          }
        : t,
    ),
    people: (org.people ?? []).map((p) => {
      const aad = p.email ? aadByEmail.get(p.email.toLowerCase()) : undefined;
      return aad ? { ...p, teamsAadObjectId: aad } : p;
    }),
  };
}

/**
 * Detractors that arrive "now", through the same ingestion path as a survey webhook, so that the
 * bound channels get fresh cards (the demo's history is silent) with a full SLA ahead of them.
 */
export function liveDetractors(setup: PlaygroundSetup, now: Date): IncomingResponse[] {
  const [first, second] = channelBindings(setup);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const stamp = now.getTime().toString(36);
  const items: IncomingResponse[] = [];
  if (first) {
    items.push(
      {
        source: "playground",
        externalId: `live-1-${stamp}`,
        score: 2,
        comment:
          "The engineer turned up three hours late without calling, and then said the part was not in the van. " +
          "I took a day off work for this.",
        team: first.teamSlug,
        staff: "tom.brennan@brightfix.example",
        touchpoint: "maintenance visit",
        customer: { id: "NW-40213", name: "Maria Lopez", email: "maria.lopez@example.net", phone: "+44 7700 900123" },
        respondedAt: at(12),
      },
      {
        source: "playground",
        externalId: `live-2-${stamp}`,
        score: 5,
        comment: "Fixed in the end, but the quote doubled once he was here. Nobody explained why.",
        team: first.teamSlug,
        staff: "aisha.khan@brightfix.example",
        touchpoint: "maintenance visit",
        customer: { id: "NW-38877", name: "Peter Shaw", email: "p.shaw@example.org", phone: "+44 7700 900456" },
        respondedAt: at(40),
      },
    );
  }
  if (second) {
    items.push({
      source: "playground",
      externalId: `live-3-${stamp}`,
      score: 3,
      comment: "Third visit for the same leak. Each time someone new who knows nothing about the last visit.",
      team: second.teamSlug,
      staff: "danny.hughes@brightfix.example",
      touchpoint: "complaint",
      customer: { id: "NW-29910", name: "Olu Adeyemi", email: "olu.a@example.com", phone: "+44 7700 900789" },
      respondedAt: at(25),
    });
  }
  return items;
}

/** "Claire Morgan (claire.morgan@...), manager of brightfix-salford", from the demo org. */
export function describeUser(user: PlaygroundUser): string {
  const person = (demoOrg().people ?? []).find((p) => p.email?.toLowerCase() === user.email.toLowerCase());
  if (!person) return `${user.name} (${user.email}), not in the demo organisation: the bot will not know you`;
  const p = person as { role?: string; teams?: string[]; company?: string | null };
  const where = p.teams?.length ? ` of ${p.teams.join(", ")}` : p.company ? ` at ${p.company}` : "";
  return `${user.name} (${user.email}), ${p.role ?? "staff"}${where}`;
}
