// The playground's mock tenant (.m365agentsplayground.yml) mapped onto the demo organisation: who is
// who, which channel shows which team's cards, and the fresh detractors posted at start. Pure.
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { demoOrg } from "../demo/org.js";
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
  groupChat: { id: string; name: string };
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
    groupChat: raw.groupChat as { id: string; name: string },
    team: { id: team.id, name: team.name, channels: team.channels ?? [] },
  };
}

/** The demo teams shown, one per language: English, Spanish and Traditional Chinese (Hong Kong). */
export const PLAYGROUND_TEAMS = ["brightfix-salford", "levante-valencia", "harbour-kowloon"] as const;

/**
 * Where each shown team's cards go: the team's General channel (its id), its other channel, then the
 * group chat (the playground has one team with at most one channel besides General).
 */
export function channelBindings(
  setup: PlaygroundSetup,
): { teamSlug: string; channelId: string; channelName: string }[] {
  const places = [{ id: setup.team.id, name: "General" }, ...setup.team.channels, setup.groupChat];
  return places.slice(0, PLAYGROUND_TEAMS.length).map((c, i) => ({
    teamSlug: PLAYGROUND_TEAMS[i]!,
    channelId: c.id,
    channelName: c.name,
  }));
}

/**
 * The playground's config with another of its users as the current one (the person you are on the
 * page), or null when no user has that email. The current one takes their place among the users.
 */
export function withCurrentUser(text: string, email: string): string | null {
  const raw = parseYaml(text) as Record<string, unknown>;
  const users = raw.users as Record<string, string>[];
  const i = users.findIndex((u) => (u.email ?? u.userPrincipleName)?.toLowerCase() === email.toLowerCase());
  if (i < 0) return null;
  const me = raw.currentUser as Record<string, string>;
  raw.currentUser = users[i];
  users[i] = me;
  return stringifyYaml(raw);
}

/**
 * The demo org with the playground's people mapped to their mock AAD ids and the demo teams bound
 * to the playground's channels (service URL = the playground's mocked connector).
 */
export function playgroundOrg(setup: PlaygroundSetup, serviceUrl: string) {
  const org = demoOrg();
  const aadByEmail = new Map([setup.currentUser, ...setup.users].map((u) => [u.email.toLowerCase(), u.aadObjectId]));
  const bindings = new Map(channelBindings(setup).map((b) => [b.teamSlug, b.channelId]));
  const localeOf = new Map((org.companies ?? []).flatMap((c) => (c.locale ? [[c.slug, c.locale] as const] : [])));
  const companyOfTeam = new Map((org.teams ?? []).map((t) => [t.slug, t.company]));
  const personCompany = (p: { company?: string | null; teams?: string[] }) =>
    p.company ?? companyOfTeam.get(p.teams?.[0] ?? "");
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
      if (!aad) return p;
      // The playground's client says every user reads en-US (its activities' locale), which the bot
      // would remember ahead of the company's language: its people of a Spanish or Hong Kong company
      // get that language as their own, as a Teams client set to it would report.
      const locale = localeOf.get(personCompany(p) ?? "");
      return { ...p, teamsAadObjectId: aad, ...(locale && !p.locale ? { locale } : {}) };
    }),
  };
}

/**
 * Detractors that arrive "now", through the same ingestion path as a survey webhook, so that the
 * bound channels get fresh cards (the demo's history is silent) with a full SLA ahead of them.
 */
export function liveDetractors(setup: PlaygroundSetup, now: Date): IncomingResponse[] {
  const [english, spanish, chinese] = channelBindings(setup);
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
  const stamp = now.getTime().toString(36);
  const items: IncomingResponse[] = [];
  if (english) {
    items.push(
      {
        source: "playground",
        externalId: `live-1-${stamp}`,
        score: 2,
        comment:
          "The engineer turned up three hours late without calling, and then said the part was not in the van. " +
          "I took a day off work for this.",
        team: english.teamSlug,
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
        team: english.teamSlug,
        staff: "aisha.khan@brightfix.example",
        touchpoint: "maintenance visit",
        customer: { id: "NW-38877", name: "Peter Shaw", email: "p.shaw@example.org", phone: "+44 7700 900456" },
        respondedAt: at(40),
      },
    );
  }
  // The customers of the Spanish and Hong Kong teams write in their own language, and their surveys
  // name the touchpoint in it.
  if (spanish) {
    items.push({
      source: "playground",
      externalId: `live-3-${stamp}`,
      score: 3,
      comment:
        "Tercera visita por la misma fuga. Cada vez viene alguien distinto que no sabe nada de la visita anterior.",
      team: spanish.teamSlug,
      staff: "javier.romero@levante.example",
      touchpoint: "visita de mantenimiento",
      customer: { id: "LV-10452", name: "Carmen Ruiz", email: "carmen.ruiz@example.es", phone: "+34 612 345 678" },
      respondedAt: at(25),
    });
  }
  if (chinese) {
    items.push({
      source: "playground",
      externalId: `live-4-${stamp}`,
      score: 4,
      comment: "師傅遲咗兩個鐘先到，又冇打電話通知。冷氣機修好咗，但係地下啲水冇抹乾淨。",
      team: chinese.teamSlug,
      staff: "chan.tai.man@harbour.example",
      touchpoint: "上門維修",
      customer: { id: "HK-20871", name: "Wong Siu Fong", email: "wong.sf@example.hk", phone: "+852 9123 4567" },
      respondedAt: at(18),
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
