// The resolve form's submission: outcome, root cause, outer loop, note, and coaching.
import type { App } from "@slack/bolt";
import type { CaseOutcome } from "../../../core/types.js";
import type { SlackDeps } from "../../context.js";
import { CALLBACK, FIELD, NOTE_MAX, rootCauseFromValue } from "../../views/modals.js";
import { type SubmitArgs, selectedValue, selectedValues, submitCaseForm, textValue } from "./submission.js";

const OUTCOMES: CaseOutcome[] = ["recovered", "not_recovered", "unreachable"];

export function registerResolveSubmission(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.resolve, (args: SubmitArgs) =>
    submitCaseForm(deps, args, "resolve", (values) => {
      const errors: Record<string, string> = {};
      const outcome = selectedValue(values, FIELD.outcome.block, FIELD.outcome.action) as CaseOutcome | null;
      if (!outcome || !OUTCOMES.includes(outcome)) errors[FIELD.outcome.block] = "Pick how the follow-up ended.";
      const rawCause = selectedValue(values, FIELD.rootCause.block, FIELD.rootCause.action);
      const rootCause = rawCause ? rootCauseFromValue(rawCause, deps.core.config.rootCauses) : null;
      if (!rootCause) {
        errors[FIELD.rootCause.block] = rawCause
          ? "That root cause is no longer offered; pick one from the list."
          : "Pick the main root cause.";
      }
      const note = textValue(values, FIELD.note.block, FIELD.note.action);
      if (note.length > NOTE_MAX)
        errors[FIELD.note.block] = `Keep the note under ${NOTE_MAX} characters (it has ${note.length}).`;
      if (Object.keys(errors).length) return { errors };
      const options = selectedValues(values, FIELD.options.block, FIELD.options.action);
      return {
        type: "resolve",
        outcome: outcome!,
        rootCause: rootCause!,
        outerLoop: options.includes("outer_loop"),
        note: note || null,
        coachStaff: options.includes("coach"),
      };
    }),
  );
}
