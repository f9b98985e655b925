// The case card's refresh clause (Teams user-specific views): who gets the card in their own language.
import { describe, expect, it } from "vitest";
import type { PersonRecord } from "../../src/core/types.js";
import { buildCaseCard, withRefresh } from "../../src/teams/cards/case-card.js";
import { REFRESH_USERS_MAX, refreshUserIds } from "../../src/teams/case-render.js";
import { caseView } from "../support/views.js";
import { checkAdaptiveCard } from "./adaptive.js";

const ref = (id: string) => ({ serviceUrl: "https://smba.example/", conversation: { id: `a:${id}` }, user: { id } });

function person(id: number, o: Partial<PersonRecord> = {}): PersonRecord {
  return {
    id,
    name: `Manager ${id}`,
    email: `m${id}@example.com`,
    role: "manager",
    companyId: 1,
    slackUserId: null,
    teamsAadObjectId: `aad-${id}`,
    teamsConversationRef: ref(`29:m${id}`),
    timeZone: "UTC",
    locale: null,
    remindersEnabled: true,
    active: true,
    teamIds: [1],
    ...o,
  };
}

describe("refreshUserIds", () => {
  it("names the people whose own language differs from the card's and whom Teams can name", () => {
    const people = [
      person(1, { locale: "zh-HK" }), // own language, differs: refreshed
      person(2, { locale: "es" }), // same as the card
      person(3), // no language of their own: reads the channel's
      person(4, { platformLocale: "en-GB" }), // Teams reported English
      person(5, { locale: "zh-Hant-HK", teamsConversationRef: null }), // never chatted with the bot
      person(6, { locale: "fr-FR" }), // a language the bot does not speak: the card's is as good
      person(7, { locale: "zh-Hant-HK", teamsConversationRef: ref("29:m1") }), // same Teams id twice
    ];
    expect(refreshUserIds("es", people)).toEqual(["29:m1", "29:m4"]);
    expect(refreshUserIds(undefined, people)).toEqual(["29:m1", "29:m2"]);
  });

  it("stops at Teams' limit of user-specific views", () => {
    const many = Array.from({ length: 80 }, (_, i) => person(i + 1, { locale: "es" }));
    expect(refreshUserIds("en", many)).toHaveLength(REFRESH_USERS_MAX);
  });
});

describe("withRefresh", () => {
  it("adds a valid Adaptive Card 1.5 refresh clause in the card's language", () => {
    const view = caseView({ caseId: 42, locale: "es" });
    const card = withRefresh(buildCaseCard(view), view, ["29:m1"]);
    expect(card.refresh).toEqual({
      action: {
        type: "Action.Execute",
        verb: "refresh",
        title: "Mostrar en mi idioma",
        data: { caseId: 42, verb: "refresh" },
      },
      userIds: ["29:m1"],
    });
    expect(checkAdaptiveCard(card)).toEqual({ parse: [], validation: [], lostOnRoundTrip: [] });
  });
});
