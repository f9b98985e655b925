// Who may see which report (core/report-access.ts, pure). What `/nps` text asks for: chat-command.test.ts.
import { describe, expect, it } from "vitest";
import { canSeeReport } from "../../src/core/report-access.js";
import type { CompanyRecord, PersonRecord, TeamRecord } from "../../src/core/types.js";

const team = (id: number, companyId: number): TeamRecord => ({
  id,
  slug: `t${id}`,
  name: `T${id}`,
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
const company = (id: number): CompanyRecord => ({
  id,
  slug: `c${id}`,
  name: `C${id}`,
  area: null,
  inProgramme: true,
  programmeStart: null,
  programmeEnd: null,
});
const person = (
  id: number,
  role: PersonRecord["role"],
  companyId: number | null,
  teamIds: number[],
  active = true,
): PersonRecord => ({
  id,
  name: `P${id}`,
  email: null,
  role,
  companyId,
  slackUserId: null,
  teamsAadObjectId: null,
  teamsConversationRef: null,
  timeZone: "UTC",
  locale: "en",
  remindersEnabled: true,
  active,
  teamIds,
});

describe("canSeeReport", () => {
  const t1 = { kind: "team" as const, team: team(1, 10) };
  const t2 = { kind: "team" as const, team: team(2, 20) };
  const c10 = { kind: "company" as const, company: company(10) };
  const staff = person(5, "staff", 10, [1]);

  it("admins see everything; nobody unknown or inactive sees anything", () => {
    const admin = person(1, "admin", null, []);
    expect([t1, t2, c10].every((s) => canSeeReport(admin, s))).toBe(true);
    expect(canSeeReport(null, t1)).toBe(false);
    expect(canSeeReport(person(2, "admin", null, [], false), t1)).toBe(false);
  });

  it("directors see their company (or all without one)", () => {
    const dir = person(3, "director", 10, []);
    expect([canSeeReport(dir, t1), canSeeReport(dir, c10), canSeeReport(dir, t2)]).toEqual([true, true, false]);
    expect(canSeeReport(dir, { kind: "person", person: staff })).toBe(true);
    const client = person(4, "director", null, []);
    expect([t1, t2, c10].every((s) => canSeeReport(client, s))).toBe(true);
  });

  it("managers see their teams and their people, not the company", () => {
    const mgr = person(6, "manager", 10, [1]);
    expect([canSeeReport(mgr, t1), canSeeReport(mgr, t2), canSeeReport(mgr, c10)]).toEqual([true, false, false]);
    expect(canSeeReport(mgr, { kind: "person", person: staff })).toBe(true);
    expect(canSeeReport(mgr, { kind: "person", person: person(7, "staff", 20, [2]) })).toBe(false);
  });

  it("staff see only themselves", () => {
    expect(canSeeReport(staff, t1)).toBe(false);
    expect(canSeeReport(staff, { kind: "person", person: staff })).toBe(true);
    expect(canSeeReport(staff, { kind: "person", person: person(8, "staff", 10, [1]) })).toBe(false);
  });
});
