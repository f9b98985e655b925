// The reassign form's submission: the chosen manager becomes the owner (the service checks they
// manage the case's team; core's readCaseForm reads the form, as for Teams).
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CALLBACK, FIELD } from "../../views/modals.js";
import { type SubmitArgs, selectedValue, submitCaseForm } from "./submission.js";

export function registerReassignSubmission(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.reassign, (args: SubmitArgs) =>
    submitCaseForm(deps, args, "reassign", (values) => ({
      newOwner: selectedValue(values, FIELD.assignee.block, FIELD.assignee.action),
    })),
  );
}
