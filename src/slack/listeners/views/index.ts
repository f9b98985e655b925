// Modal submissions.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { registerCoachingDoneSubmission } from "./coaching-done.js";
import { registerNoteSubmission } from "./note.js";
import { registerReassignSubmission } from "./reassign.js";
import { registerResolveSubmission } from "./resolve.js";

export function register(app: App, deps: SlackDeps): void {
  registerResolveSubmission(app, deps);
  registerReassignSubmission(app, deps);
  registerNoteSubmission(app, deps);
  registerCoachingDoneSubmission(app, deps);
}
