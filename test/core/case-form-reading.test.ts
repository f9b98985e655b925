import { describe, expect, it } from "vitest";
import { NOTE_MAX, readCaseForm } from "../../src/core/case-forms.js";

const CAUSES = ["punctuality", "unexpected budget"];

describe("readCaseForm: one reading of a case form for Slack's modals and Teams' inline forms", () => {
  it("reads a complete resolve form into the command, trimming the note and keeping the toggles", () => {
    expect(
      readCaseForm(
        "resolve",
        { outcome: "recovered", rootCause: "punctuality", note: "  Called, refunded  ", outerLoop: true, coach: false },
        CAUSES,
      ),
    ).toEqual({
      ok: true,
      command: {
        type: "resolve",
        outcome: "recovered",
        rootCause: "punctuality",
        outerLoop: true,
        note: "Called, refunded",
        coachStaff: false,
      },
    });
    const blankNote = readCaseForm(
      "resolve",
      { outcome: "unreachable", rootCause: "punctuality", note: "   " },
      CAUSES,
    );
    expect(blankNote.ok && blankNote.command).toMatchObject({ note: null, outerLoop: false, coachStaff: false });
  });

  it("names every missing, withdrawn or too long field at once", () => {
    expect(
      readCaseForm("resolve", { outcome: "escalated", rootCause: null, note: "x".repeat(NOTE_MAX + 1) }, CAUSES),
    ).toEqual({
      ok: false,
      errors: {
        outcome: "Pick how the follow-up ended.",
        rootCause: "Pick the main root cause.",
        note: `Keep the note under ${NOTE_MAX} characters (it has ${NOTE_MAX + 1}).`,
      },
    });
    // A root cause the deployment no longer offers (a card opened before ROOT_CAUSES changed).
    expect(readCaseForm("resolve", { outcome: "recovered", rootCause: "weather" }, CAUSES)).toEqual({
      ok: false,
      errors: { rootCause: "That root cause is no longer offered; pick one from the list." },
    });
    // "system" outcomes are never submitted through a form.
    expect(readCaseForm("resolve", { outcome: "score_updated", rootCause: "punctuality" }, CAUSES).ok).toBe(false);
  });

  it("reads notes and reassignments, refusing an empty note and anything but a person id", () => {
    expect(readCaseForm("note", { note: " Left a voicemail " }, CAUSES)).toEqual({
      ok: true,
      command: { type: "note", text: "Left a voicemail" },
    });
    expect(readCaseForm("note", { note: "  " }, CAUSES)).toEqual({
      ok: false,
      errors: { note: "Write what happened or what was agreed." },
    });
    expect(readCaseForm("reassign", { newOwner: "42" }, CAUSES)).toEqual({
      ok: true,
      command: { type: "reassign", toPersonId: 42 },
    });
    for (const bad of [null, "", "0", "-3", "4.5", "12abc", "9".repeat(20)]) {
      expect(readCaseForm("reassign", { newOwner: bad }, CAUSES)).toEqual({
        ok: false,
        errors: { newOwner: "Pick the manager who takes the case over." },
      });
    }
  });

  it("speaks the reader's language", () => {
    expect(readCaseForm("resolve", { rootCause: "weather" }, CAUSES, "es")).toEqual({
      ok: false,
      errors: {
        outcome: "Elige cómo terminó el seguimiento.",
        rootCause: "Esa causa raíz ya no está en la lista; elige otra.",
      },
    });
    expect(readCaseForm("note", {}, CAUSES, "zh-Hant-HK")).toEqual({
      ok: false,
      errors: { note: "請寫下發生了甚麼或協定了甚麼。" },
    });
  });
});
