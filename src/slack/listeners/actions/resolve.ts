// "Resolve" on a case card opens the resolve form (views.open must use the trigger within 3 s).
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CASE_ACTION_IDS } from "../../views/case-card.js";
import { buildResolveModal } from "../../views/modals.js";
import { type ButtonArgs, openCaseForm } from "./case-action.js";

export function registerResolve(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(CASE_ACTION_IDS.resolve, async (args) => {
    await openCaseForm(deps, args, "resolve", async (form) => {
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: buildResolveModal(form, {
          caseId: form.caseId,
          channelId: args.body.channel?.id,
          responseUrl: args.body.response_url,
        }),
      });
    });
  });
}
