// Each person's language through the real Bolt app (issue 10): a Spanish team's channel card, a
// Spanish staff member's weekly reminder, a Hong Kong manager's resolve form, a Spanish director's
// `/nps` report with Spanish numbers, `/nps language`, and Slack's reported locale remembered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextWeekly } from "../../src/core/schedule.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createDigestService, digestSpec } from "../../src/services/digests.js";
import { applyOrg } from "../../src/services/org.js";
import { createReminderService } from "../../src/services/reminders.js";
import { CASE_ACTION_IDS } from "../../src/slack/views/case-card.js";
import { CALLBACK, FIELD } from "../../src/slack/views/modals.js";
import { stateValue } from "../support/slack.js";
import { answersTo, type Harness, ORG, startHarness, USERS } from "./harness.js";

const ES = {
  director: "U0ESDIR01",
  staff: "U0ESSTF01",
  manager: "U0ESMGR01",
  hkManager: "U0HKMGR01",
  newcomer: "U0ESNEW01",
};

const I18N_ORG = {
  companies: [...ORG.companies, { slug: "iberia", name: "Iberia Servicios", area: "Sevilla", locale: "es" }],
  teams: [
    ...ORG.teams,
    {
      slug: "sevilla",
      name: "Sevilla Centro",
      company: "iberia",
      timeZone: "Europe/Madrid",
      slackChannelId: "C0SEVILLA",
      reminderWeekday: 1,
      reminderTime: "09:00",
    },
  ],
  people: [
    ...ORG.people,
    {
      name: "Rocío Marín",
      email: "rocio@iberia.example",
      role: "director",
      company: "iberia",
      slackUserId: ES.director,
    },
    {
      name: "Pepa Ruiz",
      email: "pepa@iberia.example",
      role: "staff",
      company: "iberia",
      teams: ["sevilla"],
      slackUserId: ES.staff,
      timeZone: "Europe/Madrid",
      locale: "es-ES",
    },
    { name: "Javi Soto", email: "javi@iberia.example", role: "manager", teams: ["sevilla"], slackUserId: ES.manager },
    {
      name: "Wing Chan",
      email: "wing@iberia.example",
      role: "manager",
      teams: ["sevilla"],
      slackUserId: ES.hkManager,
      locale: "zh-Hant-HK",
    },
    { name: "Nuria Vela", email: "nuria@iberia.example", role: "staff", teams: ["sevilla"], slackUserId: ES.newcomer },
  ],
};

let h: Harness;
let n = 0;
beforeAll(async () => {
  h = await startHarness();
  await applyOrg(h.app.deps, I18N_ORG);
});
afterAll(() => h.close());

async function ask(userId: string, text: string) {
  const id = `i18n-${++n}`;
  await h.command(userId, text, { responseUrl: h.fake.responseUrl(id) });
  const call = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
  return { text: String(call.args.text), blocks: JSON.stringify(call.args.blocks ?? []) };
}

async function sevillaCase(score = 2): Promise<number> {
  const [caseId] = await h.ingest([{ score, team: "sevilla", staff: "pepa@iberia.example" }]);
  return caseId!;
}

describe("languages in Slack", () => {
  it("posts the card in a Spanish team's channel in Spanish", async () => {
    const caseId = await sevillaCase();
    const post = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "chat.postMessage" && c.args.channel === "C0SEVILLA"),
    );
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain(`Caso n.º ${caseId}`);
    expect(blocks).toContain("Detractor · 2/10");
    expect(blocks).toContain("Me lo quedo");
    expect(blocks).toContain("Sin asignar");
    expect(blocks).not.toContain("Unclaimed");
  });

  it("opens the resolve form in Chinese for a Hong Kong manager, on the Spanish card", async () => {
    const caseId = await sevillaCase(3);
    await h.click(ES.hkManager, CASE_ACTION_IDS.resolve, String(caseId));
    const open = await h.fake.waitFor((calls) =>
      calls.find(
        (c) =>
          c.method === "views.open" &&
          (c.args.view as { callback_id?: string }).callback_id === CALLBACK.resolve &&
          JSON.stringify(c.args.view).includes(`#${caseId}`),
      ),
    );
    const view = JSON.stringify(open.args.view);
    expect(view).toContain(`解決個案 #${caseId}`);
    expect(view).toContain("根本原因");
    expect(view).toContain("已挽回");
    expect(view).toContain("守時");
    expect(view).toContain("取消");

    // The form's errors speak the language it was shown in.
    const meta = (open.args.view as { private_metadata: string }).private_metadata;
    const missing = await h.submit(ES.hkManager, CALLBACK.resolve, meta, {
      [FIELD.outcome.block]: { [FIELD.outcome.action]: { type: "static_select", selected_option: null } },
      [FIELD.rootCause.block]: { [FIELD.rootCause.action]: stateValue.select("punctuality") },
    });
    expect(missing.json).toEqual({
      response_action: "errors",
      errors: { [FIELD.outcome.block]: "請選擇跟進的結果。" },
    });
  });

  it("answers `/nps sevilla` from a Spanish director in Spanish, with Spanish numbers", async () => {
    await h.ingest([10, 10, 10, 9, 8, 6].map((score) => ({ score, team: "sevilla", staff: null })));
    const a = await ask(ES.director, "sevilla 30d");
    // 4 promoters and 3 detractors of 8 responses with the two cases above: +12,5.
    expect(a.text).toContain("Informe NPS: Sevilla Centro");
    expect(a.text).toContain("NPS +12,5 ± ");
    expect(a.blocks).toContain("Promotores · Pasivos · Detractores");
    expect(a.blocks).toContain("Compartir en el canal");
  });

  it("says what is missing from `/nps team` and what it did not understand, in Spanish", async () => {
    expect((await ask(ES.director, "team")).text).toBe("¿Qué equipo? Por ejemplo: /nps team madrid-north 90d");
    const unknown = (await ask(ES.director, "sevilla 30d de nuevo")).text;
    expect(unknown).toContain("No he entendido «/nps sevilla 30d de nuevo». Esto es lo que sé hacer:");
    expect(unknown).toContain("/nps language es");
  });

  it("sends a Spanish staff member the weekly reminder in Spanish", async () => {
    const at = new Date("2026-11-30T08:05:00Z"); // Monday 09:05 in Madrid
    const counts = await createReminderService(h.app.deps).sendDue(at);
    expect(counts.enqueued).toBeGreaterThan(0);
    const dm = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "chat.postMessage" && c.args.channel === ES.staff),
    );
    const text = `${String(dm.args.text)} ${JSON.stringify(dm.args.blocks)}`;
    expect(text).toContain("Tu semana con los clientes, Pepa");
    expect(text).toContain("/nps reminders off");
    expect(text).not.toContain("Your week");
  });

  it("sends a Spanish director (her company's language) the weekly digest in Spanish", async () => {
    const director = await new OrgRepository(h.app.deps.db.client).personBySlackUser(ES.director);
    const slot = nextWeekly(digestSpec(director!), new Date("2026-11-22T00:00:00Z")).at; // a past Monday: deliverable now
    const counts = await createDigestService(h.app.deps).sendDue(new Date(slot.getTime() + 60_000));
    expect(counts.enqueued).toBeGreaterThan(0);
    const dm = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "chat.postMessage" && c.args.channel === ES.director),
    );
    const text = `${String(dm.args.text)} ${JSON.stringify(dm.args.blocks)}`;
    expect(String(dm.args.text)).toMatch(/^Resumen NPS \(del 26 oct 2026 al 22 nov 2026\): Iberia Servicios /);
    expect(text).toContain("Para Rocío.");
    expect(text).toContain("Seguimiento: ");
    expect(text).not.toContain("NPS digest");
    expect(text).not.toContain("Follow-up");
  });

  it("sets one's own language with `/nps language` and answers in it", async () => {
    expect((await ask(ES.manager, "language")).text).toContain("Te hablo en español");
    expect((await ask(ES.manager, "language zh-HK")).text).toContain("繁體中文");
    expect((await ask(ES.manager, "language")).text).toContain("我現在用繁體中文（香港）");
    expect((await ask(ES.manager, "language klingon")).text).toContain("「klingon」");
    expect((await ask(ES.manager, "language en")).text).toContain("I speak to you in English");
  });

  it("remembers the locale Slack reports (users.info, include_locale) for someone who chose none", async () => {
    h.fake.userLocales.set(USERS.dora, "es-ES");
    expect((await ask(USERS.dora, "madrid-north")).text).toContain("NPS report: Madrid North");
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "users.info" && c.args.user === USERS.dora));
    // Remembered in the background: the next answers are Spanish.
    let text = "";
    for (let i = 0; i < 50 && !text.includes("Informe NPS"); i++) text = (await ask(USERS.dora, "madrid-north")).text;
    expect(text).toContain("Informe NPS: Madrid North");
  });
  it("answers a Hong Kong manager's claim in Chinese, and the Spanish card stays Spanish", async () => {
    const caseId = await sevillaCase(4);
    const id = `claim-${caseId}`;
    await h.click(ES.hkManager, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl(id) });
    const answer = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
    expect(String(answer.args.text)).toContain(`你已認領個案 #${caseId}`);
    const again = `claim-again-${caseId}`;
    // A Spanish staff member (the company's language) is refused in Spanish.
    await h.click(ES.newcomer, CASE_ACTION_IDS.claim, String(caseId), { responseUrl: h.fake.responseUrl(again) });
    const refused = await h.fake.waitFor(() => answersTo(h.fake, again).at(-1));
    expect(String(refused.args.text)).toContain("Solo los responsables de este equipo");
    const update = await h.fake.waitFor((calls) =>
      calls.find((c) => {
        const blocks = JSON.stringify(c.args.blocks);
        return c.method === "chat.update" && blocks.includes(`Caso n.º ${caseId} · asignado`);
      }),
    );
    expect(JSON.stringify(update.args.blocks)).toContain(ES.hkManager);
  });
});
