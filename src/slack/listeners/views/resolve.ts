// The resolve form's submission: outcome, root cause, outer loop, note, and coaching (read by core's
// readCaseForm, the rule Teams' inline form uses too).
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CALLBACK, FIELD, rootCauseFromValue } from "../../views/modals.js";
import { type SubmitArgs, selectedValue, selectedValues, submitCaseForm, textValue } from "./submission.js";

export function registerResolveSubmission(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.resolve, (args: SubmitArgs) =>
    submitCaseForm(deps, args, "resolve", (values) => {
      // Root causes too long for an option value travel as "#index"; one no longer offered stays as sent.
      const rawCause = selectedValue(values, FIELD.rootCause.block, FIELD.rootCause.action);
      const options = selectedValues(values, FIELD.options.block, FIELD.options.action);
      return {
        outcome: selectedValue(values, FIELD.outcome.block, FIELD.outcome.action),
        rootCause: rawCause ? (rootCauseFromValue(rawCause, deps.core.config.rootCauses) ?? rawCause) : null,
        note: textValue(values, FIELD.note.block, FIELD.note.action),
        outerLoop: options.includes("outer_loop"),
        coach: options.includes("coach"),
      };
    }),
  );
}
