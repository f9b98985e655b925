// "Unclaim" on a case card: the owner (or an admin) hands the case back to the team.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CASE_ACTION_IDS } from "../../views/case-card.js";
import { type ButtonArgs, simpleCaseAction } from "./case-action.js";

export function registerUnclaim(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(CASE_ACTION_IDS.unclaim, simpleCaseAction(deps, { type: "unclaim" }, "unclaim"));
}
