// "Show chart" under a private /nps report: checks again that the asker may see the report, renders
// its charts (trend, programme comparison, root causes) and uploads them to the asker's direct
// message with the app (files upload v2 in src/slack/files.ts; scope files:write). A DM, because the report was private; the channel sees it only if shared.
import type { App } from "@slack/bolt";
import { t } from "../../../core/i18n/index.js";
import { chartsComment, chartsSentText } from "../../../core/messages/charts.js";
import { subjectName } from "../../../core/report-access.js";
import { subjectTarget } from "../../../services/access.js";
import { askFromShare, unknownPersonText } from "../../commands/report.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { uploadFiles } from "../../files.js";
import { decodeShareValue, REPORT_CHART_ACTION } from "../../views/report.js";
import { failureText, replyPrivately, yieldAfterAck } from "../reply.js";
import { type ButtonArgs, replyTarget } from "./case-action.js";

export function registerShowChart(app: App, deps: SlackDeps): void {
  app.action<ButtonArgs["body"]>(REPORT_CHART_ACTION, async ({ ack, body, action, client }) => {
    const started = performance.now();
    await ack();
    await yieldAfterAck();
    const to = replyTarget(body);
    const share = decodeShareValue(action.value ?? "");
    try {
      const viewer = (await deps.cases.resolveActor("slack", body.user.id)).person;
      const locale = await deps.services.language.localeOf(viewer);
      if (!share) {
        await replyPrivately(deps, client, to, { text: t(locale, "chart.olderButton") });
        return;
      }
      if (!viewer?.active) {
        await replyPrivately(deps, client, to, { text: unknownPersonText(locale) });
        return;
      }
      const choice = await deps.access.chooseReport(viewer, askFromShare(share));
      if (!choice.ok) {
        await replyPrivately(deps, client, to, { text: t(locale, "chart.noLongerVisible") });
        return;
      }
      const charts = await deps.services.charts.reportCharts(subjectTarget(choice.subject), {
        period: share.period,
        locale,
      });
      const dm = await client.conversations.open({ users: body.user.id });
      const channelId = dm.channel?.id;
      if (!channelId) throw new Error("conversations.open returned no channel");
      await uploadFiles(
        client,
        channelId,
        charts.map((c) => ({ bytes: c.png, filename: `nps-${c.kind}.png`, title: c.title, alt: c.alt })),
        chartsComment(locale, subjectName(choice.subject), share.period),
      );
      await replyPrivately(deps, client, to, { text: chartsSentText(locale, charts.length) });
    } catch (err) {
      const text = isMissingScope(err) ? MISSING_FILES_SCOPE_TEXT : failureText(err, deps, "drawing the chart");
      await replyPrivately(deps, client, to, { text });
    } finally {
      observeAnswer(deps, "action_chart", started);
    }
  });
}

const MISSING_FILES_SCOPE_TEXT =
  "I can't send charts in this workspace yet: the app lacks the `files:write` scope. Ask an admin to add it (see the README's Slack scopes) and reinstall the app; the reports themselves work without it.";

/** Slack's answer when the app was installed without a scope a method needs. */
function isMissingScope(err: unknown): boolean {
  return (err as { data?: { error?: string } } | null)?.data?.error === "missing_scope";
}
