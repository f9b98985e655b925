// Buttons: the case card's, the report's "Share in channel" and "Show chart", and coaching's "Mark done".
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { registerClaim } from "./claim.js";
import { registerCoachingDone } from "./coaching-done.js";
import { registerContacted } from "./contacted.js";
import { registerNote } from "./note.js";
import { registerReassign } from "./reassign.js";
import { registerResolve } from "./resolve.js";
import { registerShareReport } from "./share-report.js";
import { registerShowChart } from "./show-chart.js";
import { registerUnclaim } from "./unclaim.js";

export function register(app: App, deps: SlackDeps): void {
  registerClaim(app, deps);
  registerUnclaim(app, deps);
  registerContacted(app, deps);
  registerResolve(app, deps);
  registerReassign(app, deps);
  registerNote(app, deps);
  registerShareReport(app, deps);
  registerShowChart(app, deps);
  registerCoachingDone(app, deps);
}
