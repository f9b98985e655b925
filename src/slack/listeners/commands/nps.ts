// `/nps …`: ack at once (Slack's 3 s), then answer privately through the response_url. A report that
// takes longer than SLOW_MS first gets a "working on it" answer, replaced by the report when ready.
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { invalidCommandText, parseChatCommand } from "../../../core/chat-command.js";
import { t } from "../../../core/i18n/index.js";
import type { PersonRecord } from "../../../core/types.js";
import { planCoaching, setReminders } from "../../commands/coach.js";
import { helpText, SLACK_GRAMMAR } from "../../commands/grammar.js";
import { answerCoachingEffect, answerImpact } from "../../commands/impact.js";
import { linkChannel } from "../../commands/link.js";
import { answerReport, unknownPersonText } from "../../commands/report.js";
import { answerRetention } from "../../commands/retention.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { failureText, type ReplyTarget, replyPrivately, withinBudget, yieldAfterAck } from "../reply.js";

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** After this long without a report, say it is coming (the final answer replaces it). */
export const SLOW_MS = 2000;

export function registerNpsCommand(app: App, deps: SlackDeps): void {
  app.command("/nps", async ({ ack, command, client }: CommandArgs) => {
    const started = performance.now();
    await ack();
    await yieldAfterAck();
    const req = parseChatCommand(command.text ?? "", SLACK_GRAMMAR);
    const to: ReplyTarget = {
      userId: command.user_id,
      channelId: command.channel_id,
      responseUrl: command.response_url,
    };
    const say = (text: string) => replyPrivately(deps, client, to, { text });
    try {
      const viewer = (await deps.cases.resolveActor("slack", command.user_id)).person;
      const locale = await deps.services.language.localeOf(viewer);
      if (req.kind === "help") return await say(helpText(locale));
      if (req.kind === "invalid") return await say(invalidCommandText(req, locale));
      if (req.kind === "unknown") {
        const said = t(locale, "command.notUnderstood", { text: `/nps ${req.text}`.slice(0, 200) });
        return await say(`${said}\n${helpText(locale)}`);
      }
      rememberSlackLocale(deps, client, viewer);
      switch (req.kind) {
        case "language":
          if (!viewer?.active) return await say(unknownPersonText(locale));
          return await say(await deps.services.language.choose(viewer, req.tag, "/nps language"));
        case "link":
          return await say(
            await linkChannel(
              deps,
              client,
              viewer,
              {
                slug: req.slug,
                channelId: command.channel_id,
                channelName: command.channel_name ?? "",
                userId: command.user_id,
              },
              locale,
            ),
          );
        case "coach":
          return await say(await planCoaching(deps, viewer, command.user_id, req, locale));
        case "reminders":
          return await say(await setReminders(deps, viewer, req.enabled, locale));
        case "impact":
        case "coaching":
        case "retention":
        case "report": {
          // Every report may take a moment at scale: past SLOW_MS the asker sees "working on it" first.
          const work =
            req.kind === "impact"
              ? answerImpact(deps, viewer, req, locale)
              : req.kind === "coaching"
                ? answerCoachingEffect(deps, viewer, req.target, locale)
                : req.kind === "retention"
                  ? answerRetention(deps, viewer, req.request, locale)
                  : answerReport(deps, viewer, req.target, req.period, { shareable: true, locale });
          const first = await withinBudget(work, SLOW_MS, "slow" as const);
          const replaceOriginal = first === "slow";
          if (replaceOriginal) await say(t(locale, "slack.working"));
          const answer = replaceOriginal ? await work : first;
          if (!answer.ok) return await replyPrivately(deps, client, to, { text: answer.text, replaceOriginal });
          return await replyPrivately(deps, client, to, { ...answer.message, replaceOriginal });
        }
      }
    } catch (err) {
      await say(failureText(err, deps, "answering /nps"));
    } finally {
      observeAnswer(deps, `command_${req.kind}`, started);
    }
  });
}

/**
 * Slack reports a user's language only through users.info with include_locale. Asked once, in the
 * background (never on the 3 s path), for people whose language is not known yet; remembered.
 */
function rememberSlackLocale(deps: SlackDeps, client: CommandArgs["client"], viewer: PersonRecord | null): void {
  if (!viewer?.slackUserId || viewer.locale || viewer.platformLocale) return;
  void client.users
    .info({ user: viewer.slackUserId, include_locale: true })
    .then((res) => deps.services.language.remember(viewer, res.user?.locale))
    .catch((err: unknown) => deps.log.debug({ err }, "users.info for the locale failed"));
}
