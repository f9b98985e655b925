// The note form's submission (read by core's readCaseForm, the rule Teams' inline form uses too).
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CALLBACK, FIELD } from "../../views/modals.js";
import { type SubmitArgs, submitCaseForm, textValue } from "./submission.js";

export function registerNoteSubmission(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.note, (args: SubmitArgs) =>
    submitCaseForm(deps, args, "note", (values) => ({ note: textValue(values, FIELD.note.block, FIELD.note.action) })),
  );
}
