// Each person's language through the real Teams handler (issue 10): a Spanish team's channel card
// (its inline forms included), a Spanish director's `nps sevilla` with Spanish numbers, Teams'
// activity locale used and remembered, and `language` to choose one's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextWeekly } from "../../src/core/schedule.js";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createDigestService, digestSpec } from "../../src/services/digests.js";
import { applyOrg } from "../../src/services/org.js";
import { createResponseService } from "../../src/services/responses.js";
import { createTestDatabase } from "../support/db.js";
import {
  botAdded,
  type ConnectorCall,
  cardAction,
  FakeBotConnector,
  personalConversation,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let connector: FakeBotConnector;
let app: TeamsHarness;

const director = teamsUser("00000000-0000-4000-8000-00000000e501", "Rocío Marín");
const manager = teamsUser("00000000-0000-4000-8000-00000000e502", "Javi Soto");
const hkStaff = teamsUser("00000000-0000-4000-8000-00000000e503", "Wing Chan");
const hkManager = teamsUser("00000000-0000-4000-8000-00000000e504", "Ka Yan Wong");

beforeAll(async () => {
  db = await createTestDatabase();
  connector = await new FakeBotConnector().start();
  app = await startTeamsHarness(db, connector, { now: "2026-11-30T12:00:00Z", env: { MIN_SAMPLE: "3" } });
  await applyOrg(app.deps, {
    companies: [{ slug: "iberia", name: "Iberia Servicios", area: "Sevilla", locale: "es" }],
    teams: [
      {
        slug: "sevilla",
        name: "Sevilla Centro",
        company: "iberia",
        timeZone: "Europe/Madrid",
        teamsConversationId: "19:sevilla@thread.tacv2",
        teamsServiceUrl: connector.url,
      },
    ],
    people: [
      {
        name: "Rocío Marín",
        email: "rocio@iberia.example",
        role: "director",
        company: "iberia",
        teamsAadObjectId: director.aadObjectId,
      },
      {
        name: "Javi Soto",
        email: "javi@iberia.example",
        role: "manager",
        teams: ["sevilla"],
        teamsAadObjectId: manager.aadObjectId,
      },
      {
        name: "Wing Chan",
        email: "wing@iberia.example",
        role: "staff",
        teams: ["sevilla"],
        teamsAadObjectId: hkStaff.aadObjectId,
      },
      {
        name: "Ka Yan Wong",
        email: "kayan@iberia.example",
        role: "manager",
        teams: ["sevilla"],
        locale: "zh-Hant-HK",
        teamsAadObjectId: hkManager.aadObjectId,
      },
    ],
  });
});

afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

const cardsIn = (calls: ConnectorCall[]) =>
  calls.flatMap((c) => {
    try {
      return [JSON.stringify(FakeBotConnector.cardOf(c))];
    } catch {
      return [];
    }
  });

async function ask(user: ReturnType<typeof teamsUser>, text: string, locale?: string): Promise<string> {
  const before = connector.calls.length;
  const res = await app.post({ ...personalMessage(connector, user, text), ...(locale ? { locale } : {}) });
  expect(res.status).toBe(200);
  const answers = connector.calls.slice(before).filter((c) => c.op === "reply" || c.op === "send");
  return cardsIn(answers).join("\n");
}

async function ingest(scores: number[]) {
  let i = 0;
  await createResponseService(app.deps).ingest(
    scores.map((score) => ({
      source: "test",
      externalId: `i18n-${score}-${++i}-${Math.random()}`,
      score,
      team: "sevilla",
      respondedAt: new Date("2026-11-29T10:00:00Z"),
      comment: score < 7 ? "Llegó tarde" : null,
    })),
  );
}

describe("languages in Teams", () => {
  it("posts a Spanish team's card in Spanish, its inline resolve form too", async () => {
    await ingest([2]);
    await app.drainOutbox();
    const card = cardsIn(connector.calls).find((c) => c.includes("Llegó tarde"));
    expect(card).toBeDefined();
    expect(card).toContain("Caso n.º");
    expect(card).toContain("Me lo quedo");
    expect(card).toContain("Resolver caso n.º");
    expect(card).toContain("Causa raíz");
    expect(card).not.toContain("Unclaimed");

    // A form submitted without an outcome is answered in the clicker's language.
    const open = await db.prisma.followUpCase.findFirst({ orderBy: { id: "desc" } });
    const res = await app.post(
      cardAction(connector, manager, "resolve", { caseId: open!.id, rootCause: "punctuality" }),
    );
    expect(String((res.body as { value: string }).value)).toBe("Elige cómo terminó el seguimiento.");
  });

  it("answers `nps sevilla` from a Spanish director in Spanish, with Spanish numbers", async () => {
    await ingest([10, 10, 10, 9, 8, 6, 3]);
    await app.drainOutbox(); // the two new cases' cards go out first
    const card = await ask(director, "nps sevilla 30d");
    // 4 promoters, 3 detractors of 8: +12,5.
    expect(card).toContain("+12,5");
    expect(card).toContain("Promotores · Pasivos · Detractores");
    expect(card).toContain("Informe NPS: Sevilla Centro");
  });

  it("says what is missing from `nps company` in Spanish", async () => {
    expect(await ask(director, "nps company")).toContain("¿Qué empresa? Por ejemplo: nps company madrid-north 90d");
  });

  it("uses the locale Teams sends, and remembers it", async () => {
    expect(await ask(hkStaff, "nps me", "zh-HK")).toContain("NPS 報告");
    expect(await ask(hkStaff, "nps me")).toContain("NPS 報告");
  });

  it("lets a person choose their language with `language`", async () => {
    expect(await ask(manager, "language")).toContain("Te hablo en español");
    expect(await ask(manager, "language en")).toContain("from now on I speak to you in English");
    expect(await ask(manager, "nps sevilla 30d")).toContain("NPS report: Sevilla Centro");
    expect(await ask(manager, "language chino")).toContain("I don't speak");
    expect(await ask(manager, "language es")).toContain("a partir de ahora te hablo en español");
    expect(await ask(manager, "help")).toContain("El idioma en el que te hablo");
    expect(await ask(manager, "hola")).toContain("No he entendido «hola»");
  });

  it("sends a Spanish director the weekly digest in Spanish, and answers her in Spanish when a report is not hers", async () => {
    const rocio = await new OrgRepository(app.deps.db.client).personByTeamsUser(director.aadObjectId);
    const slot = nextWeekly(digestSpec(rocio!), new Date("2026-11-22T00:00:00Z")).at; // a past Monday
    const before = connector.calls.length;
    expect((await createDigestService(app.deps).sendDue(new Date(slot.getTime() + 60_000))).enqueued).toBe(1);
    await app.drainOutbox();
    const digest = cardsIn(connector.calls.slice(before)).find((c) => c.includes("Resumen NPS"));
    expect(digest).toContain("Para Rocío.");
    expect(digest).toContain("Seguimiento: ");
    expect(digest).not.toContain("Follow-up");
    const notHers = await ask(director, "nps sevila");
    expect(notHers).toContain("No tengo ningún informe sobre");
    expect(notHers).toContain("¿Querías decir");
    expect(await ask(director, "reminders")).toContain("Tus recordatorios semanales están");
  });

  it("greets a Spanish director in Spanish when she installs the app", async () => {
    const before = connector.calls.length;
    const res = await app.post(botAdded(connector, director, personalConversation(director)));
    expect(res.status).toBe(200);
    const hello = cardsIn(connector.calls.slice(before).filter((c) => c.op === "reply" || c.op === "send")).join("\n");
    expect(hello).toContain("Hola, Rocío Marín: aquí te llegarán los mensajes de NPS Loop.");
    expect(hello).not.toContain("you will get your NPS Loop messages");
  });

  it("shows a Hong Kong manager the Spanish team's card in Chinese (user-specific view) and answers her claim in it", async () => {
    // Her personal chat with the bot gives Teams' id for her; the org file gives her language.
    await ask(hkManager, "help");
    const before = connector.calls.length;
    await ingest([0]);
    await app.drainOutbox();
    const posted = connector.calls
      .slice(before)
      .filter((c) => c.op === "send" || c.op === "create" || c.op === "update")
      .map((c) => FakeBotConnector.cardOf(c) as { refresh?: { userIds: string[]; action: { verb: string } } });
    const card = posted.find((c) => c.refresh);
    // The shared card stays Spanish; Teams refreshes it for her alone (not for the Spanish manager).
    expect(JSON.stringify(card)).toContain("Me lo quedo");
    expect(card?.refresh).toMatchObject({ userIds: [hkManager.id], action: { verb: "refresh" } });

    const open = await db.prisma.followUpCase.findFirst({ orderBy: { id: "desc" } });
    const refreshed = await app.post(cardAction(connector, hkManager, "refresh", { caseId: open!.id }));
    const mine = JSON.stringify((refreshed.body as { value: unknown }).value);
    expect(mine).toContain(`個案 #${open!.id}`);
    expect(mine).toContain("認領");
    expect(mine).not.toContain("Me lo quedo");
    expect(mine).toContain('"verb":"refresh"'); // keeps refreshing after later updates

    const claimed = await app.post(cardAction(connector, hkManager, "claim", { caseId: open!.id }));
    expect(JSON.stringify((claimed.body as { value: unknown }).value)).toContain("Ka Yan Wong");
    expect(JSON.stringify((claimed.body as { value: unknown }).value)).toContain(`個案 #${open!.id}`);
    await app.drainOutbox();
    const update = connector.calls.filter((c) => c.op === "update").at(-1);
    expect(JSON.stringify(FakeBotConnector.cardOf(update!))).toContain(`Caso n.º ${open!.id}`);
  });
});
