// "Claim" on a case card: atomic in the service; the loser of a race hears who won.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CASE_ACTION_IDS } from "../../views/case-card.js";
import { type ButtonArgs, simpleCaseAction } from "./case-action.js";

export function registerClaim(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(CASE_ACTION_IDS.claim, simpleCaseAction(deps, { type: "claim" }, "claim"));
}
