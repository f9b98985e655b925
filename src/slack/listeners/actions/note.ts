// "Add note" on a case card opens a one-field form.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CASE_ACTION_IDS } from "../../views/case-card.js";
import { buildNoteModal } from "../../views/modals.js";
import { type ButtonArgs, openCaseForm } from "./case-action.js";

export function registerNote(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(CASE_ACTION_IDS.note, async (args) => {
    await openCaseForm(deps, args, "note", async (form) => {
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: buildNoteModal(form, {
          caseId: form.caseId,
          channelId: args.body.channel?.id,
          responseUrl: args.body.response_url,
        }),
      });
    });
  });
}
