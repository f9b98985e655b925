// The weekly director digest as Teams delivers it: the company's weekly trend is an Image in the
// Adaptive Card, inline as a data URI (the card stays within Teams' size), with alt text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { OrgRepository } from "../../src/db/repositories/org.js";
import { createDigestService } from "../../src/services/digests.js";
import { TeamsSender } from "../../src/teams/sender.js";
import { createTestDatabase } from "../support/db.js";
import { type BasicOrg, createDetractorCase, seedBasicOrg } from "../support/fixtures.js";
import {
  FakeBotConnector,
  personalMessage,
  startTeamsHarness,
  type TeamsHarness,
  teamsUser,
} from "../support/teams.js";

let db: Database;
let org: BasicOrg;
let connector: FakeBotConnector;
let app: TeamsHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  org = await seedBasicOrg(db);
  await db.prisma.person.update({ where: { id: org.director }, data: { teamsAadObjectId: "aad-UFAY" } });
  await createDetractorCase(db, org);
  connector = await new FakeBotConnector().start();
  connector.installed.add("aad-UFAY");
  app = await startTeamsHarness(db, connector, { env: { DELIVERY_ENABLED: "false", MIN_SAMPLE: "1" } });
});
afterAll(async () => {
  await app?.stop();
  await connector?.stop();
  await db?.close();
});

describe("director digest in Teams", () => {
  it("carries the company's weekly trend as an Image with alt text", async () => {
    // Fay has talked to the bot once, so her personal chat is on file.
    expect((await app.post(personalMessage(connector, teamsUser("aad-UFAY", "Fay Director"), "help"))).status).toBe(
      200,
    );
    const fay = (await new OrgRepository(db.ctx.client).personById(org.director))!;
    const digest = await createDigestService(app.deps).build(fay, app.deps.clock.now(), "teams");
    await new TeamsSender(app.rt).sendDirect({ person: fay, message: digest });
    const sent = connector.calls.filter((c) => c.op === "send").at(-1)!;
    const body = FakeBotConnector.cardOf(sent).body as { type: string; url?: string; altText?: string }[];
    expect(body[0]!.type).toBe("TextBlock");
    const image = body[1]!;
    expect(image.type).toBe("Image");
    expect(image.url).toMatch(/^data:image\/png;base64,/);
    expect(image.altText).toContain("weekly NPS");
    expect(JSON.stringify(sent.body).length).toBeLessThan(26_000);
  }, 60_000);
});
