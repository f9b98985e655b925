// "Share in channel" under a private /nps report: posts the same report for everyone in the channel
// (through the response_url, so the app needs no channel membership), after checking again that the
// sharer may see it.

import type { App } from "@slack/bolt";
import { t } from "../../../core/i18n/index.js";
import { answerReport, askFromShare } from "../../commands/report.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { decodeShareValue, REPORT_SHARE_ACTION } from "../../views/report.js";
import { slackUserLocale } from "../locale.js";
import { failureText, postToResponseUrl, replyPrivately, yieldAfterAck } from "../reply.js";
import { type ButtonArgs, replyTarget } from "./case-action.js";

export function registerShareReport(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(REPORT_SHARE_ACTION, async ({ ack, body, action, client }) => {
    const started = performance.now();
    await ack();
    await yieldAfterAck();
    const to = replyTarget(body);
    const share = decodeShareValue(action.value ?? "");
    if (!share) {
      await replyPrivately(deps, client, to, {
        text: t(await slackUserLocale(deps, body.user.id), "slack.oldReportButton"),
      });
      return;
    }
    try {
      const viewer = (await deps.cases.resolveActor("slack", body.user.id)).person;
      // Shared for everyone in the channel: the language of the channel's team (its company's), else
      // the sharer's when no team is bound to the channel.
      const channelId = body.channel?.id;
      const locale =
        (channelId ? await deps.services.language.localeOfSlackChannel(channelId) : null) ??
        (await deps.services.language.localeOf(viewer));
      const answer = await answerReport(deps, viewer, askFromShare(share), share.period, {
        shareable: false,
        sharedBy: body.user.id,
        locale,
      });
      if (!answer.ok) {
        await replyPrivately(deps, client, to, { text: answer.text });
        return;
      }
      await postToResponseUrl(body.response_url, {
        response_type: "in_channel",
        replace_original: false,
        ...answer.message,
      });
      // The private copy has done its job.
      await postToResponseUrl(body.response_url, { delete_original: true });
    } catch (err) {
      await replyPrivately(deps, client, to, { text: failureText(err, deps, "sharing the report") });
    } finally {
      observeAnswer(deps, "action_share", started);
    }
  });
}
