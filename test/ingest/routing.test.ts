import { describe, expect, it } from "vitest";
import {
  fieldValue,
  isRuleField,
  matchesPattern,
  type RoutingInput,
  type RoutingRuleRecord,
  routeResponse,
  sortRules,
} from "../../src/core/routing.js";
import type { PersonRecord, TeamRecord } from "../../src/core/types.js";

const team = (id: number, slug: string, companyId = 1): TeamRecord => ({
  id,
  slug,
  name: slug,
  companyId,
  timeZone: "UTC",
  slackChannelId: null,
  teamsConversationRef: null,
  teamsConversationOk: true,
  casesForPassives: false,
  slaHours: null,
  reminderWeekday: 1,
  reminderTime: "09:00",
});
const person = (teamIds: number[], companyId: number | null = 7): PersonRecord => ({
  id: 99,
  name: "Sam",
  email: "sam@x.example",
  role: "staff",
  companyId,
  slackUserId: null,
  teamsAadObjectId: null,
  teamsConversationRef: null,
  timeZone: "UTC",
  locale: "en",
  remindersEnabled: true,
  active: true,
  teamIds,
});
const teams = [team(1, "north"), team(2, "south", 2), team(3, "west")];
const rule = (id: number, priority: number, field: string, pattern: string, teamId: number): RoutingRuleRecord => ({
  id,
  priority,
  field,
  pattern,
  teamId,
});
const input = (over: Partial<RoutingInput> = {}): RoutingInput => ({
  team: null,
  touchpoint: null,
  area: null,
  attributes: {},
  ...over,
});
const ctx = (staff: PersonRecord | null = null, rules: RoutingRuleRecord[] = []) => ({
  teamBySlug: (s: string) => teams.find((t) => t.slug === s),
  teamById: (id: number) => teams.find((t) => t.id === id),
  staff,
  rules: sortRules(rules),
});

describe("routeResponse", () => {
  it("takes the team slug first (case-insensitive), over staff and rules", () => {
    const d = routeResponse(input({ team: " North " }), ctx(person([2]), [rule(1, 1, "touchpoint", "*", 3)]));
    expect(d).toMatchObject({ via: "team", companyId: 1, ruleId: null });
    expect(d.team?.id).toBe(1);
  });

  it("then the staff member's first team that exists", () => {
    const d = routeResponse(input({ team: "gone" }), ctx(person([42, 2, 1])));
    expect(d.via).toBe("staff");
    expect(d.team?.id).toBe(2);
    expect(d.notes).toEqual(['no team has the slug "gone"']);
  });

  it("then rules by priority, then id; skips rules pointing at missing teams", () => {
    const rules = [
      rule(5, 20, "touchpoint", "visit*", 3),
      rule(4, 20, "touchpoint", "visit", 2),
      rule(3, 10, "touchpoint", "visit", 404),
      rule(9, 30, "touchpoint", "*", 1),
    ];
    const d = routeResponse(input({ touchpoint: "Visit" }), ctx(null, rules));
    expect(d).toMatchObject({ via: "rule", ruleId: 4 });
    expect(d.notes).toEqual(["routing rule #3 points at team #404, which no longer exists"]);
  });

  it("reads area from the response or its attributes, and attribute:<name> rules", () => {
    const rules = [
      rule(1, 1, "area", "north*", 1),
      rule(2, 2, "attribute:branch", "B-0?", 2),
      rule(3, 3, "attribute:vip", "true", 3),
    ];
    expect(routeResponse(input({ area: "Northwest" }), ctx(null, rules)).team?.id).toBe(1);
    expect(routeResponse(input({ attributes: { area: "north" } }), ctx(null, rules)).team?.id).toBe(1);
    // "?" is literal: only * is a wildcard.
    expect(routeResponse(input({ attributes: { branch: "B-01" } }), ctx(null, rules)).via).toBe("unassigned");
    expect(routeResponse(input({ attributes: { branch: "B-0?" } }), ctx(null, rules)).team?.id).toBe(2);
    expect(routeResponse(input({ attributes: { vip: true } }), ctx(null, rules)).team?.id).toBe(3);
  });

  it("leaves the response unassigned with reasons, keeping the staff member's company", () => {
    const d = routeResponse(input({ touchpoint: "web" }), ctx(person([]), [rule(1, 1, "touchpoint", "shop", 1)]));
    expect(d).toMatchObject({ via: "unassigned", team: null, companyId: 7 });
    expect(d.notes).toEqual(["Sam belongs to no team", "no routing rule matched"]);
    expect(routeResponse(input(), ctx()).notes).toEqual(["the response names no team and no known staff member"]);
  });
});

describe("matchesPattern", () => {
  it.each([
    ["visit", "Visit", true],
    ["visit", "visits", false],
    ["*", "", true],
    ["inst*", "installation", true],
    ["*ation", "installation", true],
    ["in*ll*ion", "installation", true],
    ["a*b*c", "abc", true],
    ["a*b*c", "acb", false],
    ["ab*ba", "aba", false],
    ["**", "x", true],
  ])("%s ~ %s = %s", (pattern, value, expected) => {
    expect(matchesPattern(pattern, value)).toBe(expected);
  });
});

describe("rule fields", () => {
  it("accepts touchpoint, area and attribute:<name> only", () => {
    expect(["touchpoint", "area", "attribute:branch_id"].every(isRuleField)).toBe(true);
    expect(["team", "attribute:", "attribute:a b", "comment"].some(isRuleField)).toBe(false);
    expect(fieldValue("comment", input({ touchpoint: "x" }))).toBeNull();
    expect(fieldValue("attribute:n", input({ attributes: { n: 3 } }))).toBe("3");
    expect(fieldValue("attribute:o", input({ attributes: { o: { x: 1 } } }))).toBeNull();
  });
});
