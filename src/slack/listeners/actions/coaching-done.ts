// "Mark done" on a coaching session (reminder DMs, the planned-session DM, App Home): opens a short
// form for notes; the submission goes to the coaching service.

import type { App } from "@slack/bolt";
import { t } from "../../../core/i18n/index.js";
import { COACHING_DONE_ACTION } from "../../../core/messages/coaching.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { actionIdPattern } from "../../views/message.js";
import { buildCoachingDoneModal } from "../../views/modals.js";
import { slackUserLocale } from "../locale.js";
import { failureText, replyPrivately, withinBudget, yieldAfterAck } from "../reply.js";
import { type ButtonArgs, caseIdOf } from "./case-action.js";

const LOOKUP_BUDGET_MS = 1000;

export function registerCoachingDone(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(actionIdPattern(COACHING_DONE_ACTION), async ({ ack, body, action, client }) => {
    const started = performance.now();
    await ack();
    await yieldAfterAck();
    const to = { userId: body.user.id, channelId: body.channel?.id, responseUrl: body.response_url };
    const sessionId = caseIdOf(action.value);
    if (!sessionId) {
      await replyPrivately(deps, client, to, {
        text: t(await slackUserLocale(deps, body.user.id), "slack.noSession"),
      });
      return;
    }
    try {
      const lookup = async () => {
        const found = await deps.coaching.findSession(sessionId);
        return { session: found?.session ?? null, staffName: found?.staffName ?? null };
      };
      const found = await withinBudget(lookup(), LOOKUP_BUDGET_MS, null);
      if (found && !found.session) {
        await replyPrivately(deps, client, to, { text: `Coaching session #${sessionId} no longer exists.` });
        return;
      }
      if (found?.session && found.session.status !== "planned") {
        await replyPrivately(deps, client, to, {
          text: `This coaching session is already ${found.session.status}; nothing to do.`,
        });
        return;
      }
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildCoachingDoneModal(
          {
            id: sessionId,
            topic: found?.session?.topic ?? `Coaching session #${sessionId}`,
            staffName: found?.staffName ?? "the staff member",
          },
          { sessionId, channelId: body.channel?.id, responseUrl: body.response_url },
        ),
      });
    } catch (err) {
      await replyPrivately(deps, client, to, { text: failureText(err, deps, "opening the coaching form") });
    } finally {
      observeAnswer(deps, "action_coaching_done", started);
    }
  });
}
