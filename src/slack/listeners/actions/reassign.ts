// "Reassign" on a case card opens a form listing the team's managers.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { CASE_ACTION_IDS } from "../../views/case-card.js";
import { buildReassignModal } from "../../views/modals.js";
import { replyPrivately } from "../reply.js";
import { type ButtonArgs, openCaseForm, replyTarget } from "./case-action.js";

export function registerReassign(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(CASE_ACTION_IDS.reassign, async (args) => {
    await openCaseForm(deps, args, "reassign", async (form, checked) => {
      // The pre-check brings the candidates along; a slow check leaves them to be read here.
      const candidates = checked ?? (await deps.cases.reassignCandidates(form.caseId));
      if (candidates.length === 0) {
        await replyPrivately(deps, args.client, replyTarget(args.body), {
          text: `Case #${form.caseId} has no other team manager to reassign it to; an admin adds managers in the org file.`,
        });
        return;
      }
      await args.client.views.open({
        trigger_id: args.body.trigger_id,
        view: buildReassignModal(form, candidates, {
          caseId: form.caseId,
          channelId: args.body.channel?.id,
          responseUrl: args.body.response_url,
        }),
      });
    });
  });
}
