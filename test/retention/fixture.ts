// The retention tests' small world, with every count worked out by hand (see the comments):
// area "north-west" with a programme company (team prog-a) and a non-programme one (team other-a).
// "Now" is 2026-11-20; the period is 2026-07-01..2026-09-30 and the window 30 days, so every
// customer's window is complete; the year before is 2025-07-01..2025-09-30.
import type { Database } from "../../src/db/client.js";
import { buildOrg } from "../support/org.js";

export const NOW = "2026-11-20T12:00:00Z";
export const PERIOD = "2026-07-01..2026-09-30";
export const WITHIN = 30;

export interface RetentionWorld {
  progTeam: number;
  otherTeam: number;
}

export const PEOPLE = {
  admin: { email: "ada@example.com", slack: "UADAADMIN", aad: "aad-ada" },
  clientDirector: { email: "cid@example.com", slack: "UCIDCLIENT", aad: "aad-cid" },
  progDirector: { email: "pat@example.com", slack: "UPATDIRECT", aad: "aad-pat" },
  progManager: { email: "max@example.com", slack: "UMAXMANAGE", aad: "aad-max" },
  otherManager: { email: "ola@example.com", slack: "UOLAMANAGE", aad: "aad-ola" },
  staff: { email: "sam@example.com", slack: "USAMSTAFF", aad: "aad-sam" },
} as const;

export async function seedRetentionWorld(db: Database): Promise<RetentionWorld> {
  const org = await buildOrg(
    db,
    {
      companies: [
        { slug: "prog", name: "Prog Services", area: "North West", inProgramme: true },
        { slug: "other", name: "Other Repairs", area: "North West", inProgramme: false },
      ],
      teams: [
        { slug: "prog-a", name: "Prog A", company: "prog", timeZone: "UTC" },
        { slug: "other-a", name: "Other A", company: "other", timeZone: "UTC" },
      ],
      people: [
        { name: "Ada Admin", role: "admin", email: PEOPLE.admin.email, company: null, teams: [] },
        { name: "Cid Client", role: "director", email: PEOPLE.clientDirector.email, company: null, teams: [] },
        { name: "Pat Director", role: "director", email: PEOPLE.progDirector.email, company: "prog", teams: [] },
        { name: "Max Manager", role: "manager", email: PEOPLE.progManager.email, company: "prog", teams: ["prog-a"] },
        {
          name: "Ola Manager",
          role: "manager",
          email: PEOPLE.otherManager.email,
          company: "other",
          teams: ["other-a"],
        },
        { name: "Sam Staff", role: "staff", email: PEOPLE.staff.email, company: "prog", teams: ["prog-a"] },
      ],
    },
    {
      legacyPlatformIds: Object.fromEntries(
        Object.values(PEOPLE).map((p) => [p.email, { slackUserId: p.slack, teamsAadObjectId: p.aad }]),
      ),
    },
  );
  const progTeam = org.team("prog-a");
  const otherTeam = org.team("other-a");
  const prog = org.company("prog");
  const other = org.company("other");
  let seq = 0;
  const answer = async (
    team: "prog" | "other",
    ref: string,
    score: number,
    at: string,
    loop?: "closed" | "unclaimed" | "claimed" | "unreachable",
  ) => {
    const r = await db.prisma.surveyResponse.create({
      data: {
        source: "test",
        externalId: `ret-${++seq}`,
        score,
        customerRef: ref,
        teamId: team === "prog" ? progTeam : otherTeam,
        companyId: team === "prog" ? prog : other,
        respondedAt: new Date(at),
        receivedAt: new Date(at),
      },
    });
    if (score > 6) return;
    const due = new Date(new Date(at).getTime() + 48 * 3_600_000);
    const resolved = loop === "closed" || loop === "unreachable";
    await db.prisma.followUpCase.create({
      data: {
        responseId: r.id,
        teamId: r.teamId,
        companyId: r.companyId,
        dueAt: due,
        status: resolved ? "resolved" : loop === "claimed" ? "claimed" : "open",
        resolvedAt: resolved ? due : null,
        outcome: loop === "closed" ? "recovered" : loop === "unreachable" ? "unreachable" : null,
      },
    });
  };
  const drop = (ref: string, day: string) =>
    db.prisma.customerEvent.create({
      data: { customerRef: ref, kind: "dropped_out", occurredOn: new Date(`${day}T00:00:00Z`), source: "test" },
    });

  // This period, programme company: 14 customers, 5 dropped out within 30 days.
  // Promoters P1-P4: 1 of 4 (P1). P2 drops 40 days later (outside the window). P3 answered 3 first
  // (a detractor) and 10 later: counted once, as a promoter.
  await answer("prog", "P1", 10, "2026-07-10T10:00:00Z");
  await drop("P1", "2026-07-20");
  await answer("prog", "P2", 10, "2026-07-10T10:00:00Z");
  await drop("P2", "2026-08-19");
  await answer("prog", "P3", 3, "2026-07-02T10:00:00Z", "unclaimed");
  await answer("prog", "P3", 10, "2026-08-01T10:00:00Z");
  await answer("prog", "P4", 9, "2026-09-01T10:00:00Z");
  // Passives Q1, Q2: 0 of 2 (Q1's drop-out came before the answer).
  await answer("prog", "Q1", 8, "2026-07-15T10:00:00Z");
  await drop("Q1", "2026-07-10");
  await answer("prog", "Q2", 7, "2026-07-15T10:00:00Z");
  // Detractors, closed loop D1-D4: 1 of 4. Not closed D5-D8: 3 of 4.
  for (const ref of ["D1", "D2", "D3", "D4"]) await answer("prog", ref, 4, "2026-08-10T10:00:00Z", "closed");
  await drop("D1", "2026-08-30");
  await answer("prog", "D5", 2, "2026-08-10T10:00:00Z", "unclaimed");
  await answer("prog", "D6", 5, "2026-08-10T10:00:00Z", "claimed");
  await answer("prog", "D7", 6, "2026-08-10T10:00:00Z", "unreachable");
  await answer("prog", "D8", 0, "2026-08-10T10:00:00Z", "unclaimed");
  for (const ref of ["D5", "D6", "D7"]) await drop(ref, "2026-08-10");

  // A year before, programme company: 10 customers, 6 dropped out.
  for (let i = 1; i <= 10; i++) {
    await answer("prog", `Y${i}`, 8, "2025-08-01T10:00:00Z");
    if (i <= 6) await drop(`Y${i}`, "2025-08-15");
  }
  // Non-programme company: 2 of 4 now, 1 of 4 a year before.
  for (let i = 1; i <= 4; i++) {
    await answer("other", `O${i}`, 9, "2026-08-01T10:00:00Z");
    if (i <= 2) await drop(`O${i}`, "2026-08-05");
    await answer("other", `OY${i}`, 9, "2025-08-01T10:00:00Z");
    if (i <= 1) await drop(`OY${i}`, "2025-08-05");
  }
  return { progTeam, otherTeam };
}
