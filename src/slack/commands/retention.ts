// `/nps retention [team|company|area <name>] [period]`: the retention service decides whose report
// it is and builds it; this only renders for Slack.
import { isAppError } from "../../core/errors.js";
import { type Locale, SOURCE_LOCALE } from "../../core/i18n/index.js";
import { notVisibleText, whichReportText } from "../../core/messages/access.js";
import { retentionWords } from "../../core/messages/retention.js";
import { PERIOD_FORMS } from "../../core/periods.js";
import type { RetentionRequest } from "../../core/retention-ask.js";
import { buildRetentionCard } from "../../core/retention-card.js";
import type { PersonRecord } from "../../core/types.js";
import { SLACK_STYLE } from "../answer-style.js";
import type { SlackDeps } from "../context.js";
import { type SlackMessage, serviceText } from "../views/blocks.js";
import { retentionCardToBlockKit } from "../views/retention.js";
import { unknownPersonText } from "./report.js";

export type RetentionAnswer = { ok: true; message: SlackMessage } | { ok: false; text: string };

export async function answerRetention(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  req: RetentionRequest,
  locale?: Locale,
): Promise<RetentionAnswer> {
  if (!req.ok) return { ok: false, text: serviceText(retentionWords(locale).tooManyWords(req.words)) };
  if (!viewer?.active) return { ok: false, text: unknownPersonText(locale ?? SOURCE_LOCALE) };
  const retention = deps.services.retention;
  const choice = await retention.choose(viewer, req.ask, locale);
  if (!choice.ok) {
    if (choice.reason === "text") return { ok: false, text: serviceText(choice.text) };
    const c = choice.choice;
    return {
      ok: false,
      text:
        c.reason === "which" ? whichReportText(c.visible, SLACK_STYLE, locale) : notVisibleText(c, SLACK_STYLE, locale),
    };
  }
  try {
    const report = await retention.report(choice.target, req.period ? { period: req.period } : {});
    return { ok: true, message: retentionCardToBlockKit(buildRetentionCard(report, locale)) };
  } catch (err) {
    if (isAppError(err, "PERIOD_INVALID")) {
      return {
        ok: false,
        text: `${serviceText(err.userMessage)}\nPeriods I understand:\n${PERIOD_FORMS.map((f) => `• ${f}`).join("\n")}`,
      };
    }
    throw err;
  }
}
