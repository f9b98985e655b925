// The delivery benchmark's data: one company, `channels` teams each with a Slack channel, `people`
// staff with Slack ids (for the reminders), and `cards` detractor cases spread over the teams,
// each comment carrying a token (bench-case-N) that tells its card apart in the fake's posts.
import type { Database } from "../../src/db/client.js";

export async function seedDelivery(db: Database, people: number, channels: number, cards: number) {
  const p = db.prisma;
  const company = await p.company.create({ data: { slug: "bench", name: "Bench Co", area: "north" } });
  await p.team.createMany({
    data: Array.from({ length: channels }, (_, t) => ({
      slug: `team-${t}`,
      name: `Team ${t}`,
      companyId: company.id,
      slackChannelId: `CB${String(t).padStart(6, "0")}`,
    })),
  });
  const teams = await p.team.findMany({ orderBy: { id: "asc" }, select: { id: true } });
  const userIds = Array.from({ length: people }, (_, i) => `UB${String(i).padStart(7, "0")}`);
  for (let i = 0; i < people; i += 2000) {
    await p.person.createMany({
      data: userIds
        .slice(i, i + 2000)
        .map((u, j) => ({ name: `Staff ${i + j}`, slackUserId: u, companyId: company.id })),
    });
  }
  const personIds = (await p.person.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((x) => x.id);
  const now = new Date();
  await p.surveyResponse.createMany({
    data: Array.from({ length: cards }, (_, i) => ({
      source: "bench",
      externalId: `bench-${i}`,
      score: i % 7,
      comment: `The visit went wrong (bench-case-${i}).`,
      teamId: teams[i % channels]!.id,
      companyId: company.id,
      respondedAt: now,
    })),
  });
  const responses = await p.surveyResponse.findMany({ orderBy: { id: "asc" }, select: { id: true, teamId: true } });
  await p.followUpCase.createMany({
    data: responses.map((r) => ({
      responseId: r.id,
      teamId: r.teamId,
      companyId: company.id,
      dueAt: new Date(now.getTime() + 48 * 3_600_000),
    })),
  });
  const caseIds = (await p.followUpCase.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((c) => c.id);
  return { personIds, userIds, caseIds, caseTokens: Array.from({ length: cards }, (_, i) => String(i)) };
}
