// Text the database cannot store (NUL, lone surrogates) in Slack input through the real Bolt app:
// commands are answered normally and notes are stored with U+FFFD, never "something went wrong".
import { afterAll, beforeAll, expect, it } from "vitest";
import { CaseRepository } from "../../src/db/repositories/cases.js";
import { CALLBACK, encodeMetadata, FIELD } from "../../src/slack/views/modals.js";
import { stateValue } from "../support/slack.js";
import { answersTo, type Harness, startHarness, USERS } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it("answers /nps with a NUL or a lone surrogate like any other command", async () => {
  let n = 0;
  for (const typed of ["madrid-n\u0000orth 30d", "\uD800madrid-north", "coach <@UX> topic\u0000", "me \uDC00"]) {
    const id = `unstorable-${++n}`;
    const res = await h.command(USERS.dora, typed, { responseUrl: h.fake.responseUrl(id) });
    expect(res.status).toBe(200);
    const answer = await h.fake.waitFor(() => answersTo(h.fake, id).at(-1));
    expect(String(answer.args.text)).not.toContain("something went wrong");
  }
});

it("stores a note with a NUL as U+FFFD", async () => {
  const { caseId } = await h.newCase();
  const meta = encodeMetadata({ caseId, responseUrl: h.fake.responseUrl("note-nul") });
  await h.submit(USERS.ben, CALLBACK.note, meta, {
    [FIELD.note.block]: { [FIELD.note.action]: stateValue.text("Left\u0000 a voicemail \uD800") },
  });
  const answer = await h.fake.waitFor(() => answersTo(h.fake, "note-nul")[0]);
  expect(String(answer.args.text)).toContain(`Note added to case #${caseId}`);
  expect(await new CaseRepository(h.app.database.prisma).notes(caseId)).toMatchObject([
    { text: "Left\uFFFD a voicemail \uFFFD" },
  ]);
});
