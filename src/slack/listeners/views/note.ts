// The note form's submission.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CALLBACK, FIELD, NOTE_MAX } from "../../views/modals.js";
import { type SubmitArgs, submitCaseForm, textValue } from "./submission.js";

export function registerNoteSubmission(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.note, (args: SubmitArgs) =>
    submitCaseForm(deps, args, "note", (values) => {
      const text = textValue(values, FIELD.note.block, FIELD.note.action);
      if (!text) return { errors: { [FIELD.note.block]: "Write what happened or what was agreed." } };
      if (text.length > NOTE_MAX) {
        return {
          errors: { [FIELD.note.block]: `Keep the note under ${NOTE_MAX} characters (it has ${text.length}).` },
        };
      }
      return { type: "note", text };
    }),
  );
}
