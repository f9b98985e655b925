// `/nps impact` and `/nps coaching` through the real Bolt app, with the access rules: staff never
// see other people's figures; a contractor's director sees their own company against anonymised
// comparison companies; the client's director and admins see every name. Numbers: test/support/impact.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyOrg } from "../../src/services/org.js";
import { dayBefore, START_DAYS_AGO, WINDOW, writeImpactStory } from "../support/impact.js";
import { answersTo, type Harness, startHarness, USERS } from "./harness.js";

const CLEO = "U0CLEO001"; // the client's director (no company)
let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await startHarness();
  const now = h.app.deps.clock.now();
  await applyOrg(h.app.deps, {
    companies: [
      { slug: "acme", name: "Acme Services", area: "Madrid", programmeStart: dayBefore(now, START_DAYS_AGO) },
    ],
    people: [{ name: "Cleo Client", email: "cleo@client.example", role: "director", company: null, slackUserId: CLEO }],
  });
  const person = (email: string) => h.db.prisma.person.findUniqueOrThrow({ where: { email } });
  await writeImpactStory(h.db, {
    now,
    programmeTeam: "madrid-north",
    comparisonTeam: "globex-east",
    coached: (await person("luis@acme.example")).id,
    colleague: (await person("ben@acme.example")).id,
    manager: (await person("ana@acme.example")).id,
  });
});
afterAll(() => h.close());

async function ask(userId: string, text: string) {
  const id = `impact-${++n}`;
  const res = await h.command(userId, text, { responseUrl: h.fake.responseUrl(id) });
  expect(res.status).toBe(200);
  const call = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
  return {
    text: String(call.args.text),
    blocks: JSON.stringify(call.args.blocks ?? []),
    all: JSON.stringify(call.args),
  };
}

describe("/nps impact", () => {
  it("gives the admin the effect with every company named", async () => {
    const a = await ask(USERS.adam, `impact Madrid ${WINDOW}`);
    expect(a.text).toContain("Programme impact: Madrid");
    // (50 − (−16.7)) − (0 − 0) = +66.7, each of the four cells n = 12.
    expect(a.blocks).toContain("+66.7 points");
    expect(a.blocks).toContain("-16.7 (n=12) before → +50 (n=12) after");
    expect(a.blocks).toContain("Acme Services");
    expect(a.blocks).toContain("Globex");
    expect(a.blocks).toContain("Madrid North");
  });

  it("shows the client's director every name too", async () => {
    const a = await ask(CLEO, `impact madrid ${WINDOW}`);
    expect(a.blocks).toContain("Globex");
    expect(a.blocks).not.toContain("anonymised");
  });

  it("shows a contractor's director their own company against anonymised comparison companies", async () => {
    const dora = await ask(USERS.dora, `impact ${WINDOW}`);
    expect(dora.blocks).toContain("Acme Services");
    expect(dora.blocks).toContain("Comparison company A");
    expect(dora.all).not.toContain("Globex");
    expect(dora.blocks).toContain("+66.7 points");
    // The comparison company's director sees their own name, and the programme company anonymised.
    const otto = await ask(USERS.otto, `impact ${WINDOW}`);
    expect(otto.blocks).toContain("Programme company A");
    expect(otto.blocks).toContain("Globex");
    expect(otto.all).not.toContain("Acme");
    expect(otto.all).not.toContain("Madrid North");
  });

  it("refuses staff, and explains a bad window and an unknown area", async () => {
    const staff = await ask(USERS.luis, "impact");
    expect(staff.text).toContain("for managers, directors and admins");
    expect(staff.blocks).toBe("[]");
    expect((await ask(USERS.adam, "impact Madrid 3x")).text).toContain("90d or 12w");
    const unknown = await ask(USERS.adam, "impact Atlantis");
    expect(unknown.text).toContain("No companies in an area called");
    expect(unknown.text).toContain("`Madrid`");
  });
});

describe("/nps coaching", () => {
  it("shows a manager their team's coaching effect, overall and by topic", async () => {
    const a = await ask(USERS.ben, "coaching madrid-north");
    expect(a.text).toContain("Coaching effect: Madrid North");
    // (75 − (−25)) − (25 − 25) = +100 over one session.
    expect(a.blocks).toContain("+100 points");
    expect(a.blocks).toContain("Calling ahead when running late");
  });

  it("never shows staff or another team's manager someone else's figures", async () => {
    const staff = await ask(USERS.luis, "coaching madrid-north");
    expect(staff.blocks).toBe("[]");
    expect(staff.text).toContain("`/nps me`");
    const carla = await ask(USERS.carla, "coaching madrid-north");
    expect(carla.blocks).toBe("[]");
    expect(carla.text).toContain("I have no report for");
  });

  it("shows the coaching effect in the manager's view of the person", async () => {
    const a = await ask(USERS.ana, `<@${USERS.luis}|luis> 90d`);
    expect(a.blocks).toContain("Luis Pérez");
    expect(a.blocks).toContain("Coaching effect");
    expect(a.blocks).toContain("+100 points");
  });
});

describe("/nps impact and coaching in the reader's language", () => {
  it("answers a Spanish reader in Spanish, with Spanish numbers, and says no in Spanish", async () => {
    expect((await ask(CLEO, "language es")).text).toContain("español");
    const a = await ask(CLEO, `impact Madrid ${WINDOW}`);
    expect(a.text).toContain("Impacto del programa: Madrid");
    expect(a.blocks).toContain("+66,7 puntos (intervalo del 95 %");
    expect(a.blocks).toContain("-16,7 (n=12) antes → +50 (n=12) después");
    expect(a.blocks).toContain("Por empresa");
    expect(a.all).not.toContain("Programme impact");
    const unknown = await ask(CLEO, "impact Atlantis");
    expect(unknown.text).toContain("No hay empresas en ninguna zona llamada");
    expect((await ask(CLEO, "impact Madrid 3x")).text).toMatch(/no entiendo la ventana «3x».*90d o 12w/i);
    const help = await ask(CLEO, "help");
    expect(help.text).toContain("¿funciona el programa?");
    expect(help.text).toContain("se dieron de baja");
    // An anonymised company is named in the reader's words too.
    await ask(USERS.dora, "language es");
    const dora = await ask(USERS.dora, `impact ${WINDOW}`);
    expect(dora.blocks).toContain("Empresa de comparación A");
    expect(dora.blocks).toContain("Las empresas que no son la tuya aparecen anonimizadas.");
  });
});
