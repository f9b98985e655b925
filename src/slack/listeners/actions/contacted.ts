// "Mark contacted" on a case card (shown when the view model offers it).
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CASE_ACTION_IDS } from "../../views/case-card.js";
import { type ButtonArgs, simpleCaseAction } from "./case-action.js";

export function registerContacted(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(CASE_ACTION_IDS.contacted, simpleCaseAction(deps, { type: "contacted" }, "contacted"));
}
