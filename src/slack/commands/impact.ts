// `/nps impact [area] [window]` and `/nps coaching [team|company|@person]`: the services decide what
// the asker may see (staff get no impact report; companies other than the asker's are anonymised;
// coaching follows the /nps report rule), and this only renders for Slack.
import { isAppError } from "../../core/errors.js";
import { type Locale, SOURCE_LOCALE } from "../../core/i18n/index.js";
import { notVisibleText, whichReportText } from "../../core/messages/access.js";
import { impactNotAllowedText, unknownAreaText } from "../../core/messages/impact.js";
import type { PersonRecord } from "../../core/types.js";
import type { ReportAsk } from "../../services/access.js";
import { SLACK_STYLE } from "../answer-style.js";
import type { SlackDeps } from "../context.js";
import { type SlackMessage, serviceText } from "../views/blocks.js";
import { buildCoachingEffectMessage, buildImpactMessage } from "../views/impact.js";
import { unknownPersonText } from "./report.js";

export type CommandAnswer = { ok: true; message: SlackMessage } | { ok: false; text: string };

export async function answerImpact(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  req: { area: string | null; window: string | null },
  locale?: Locale,
): Promise<CommandAnswer> {
  if (!viewer?.active) return { ok: false, text: unknownPersonText(locale ?? SOURCE_LOCALE) };
  try {
    const answer = await deps.services.impact.impact(viewer, { area: req.area, window: req.window, locale });
    if (answer.ok) return { ok: true, message: buildImpactMessage(answer.view, locale) };
    return {
      ok: false,
      text:
        answer.reason === "not_allowed"
          ? impactNotAllowedText(SLACK_STYLE, locale)
          : unknownAreaText(answer.area, answer.areas, SLACK_STYLE, locale),
    };
  } catch (e) {
    if (isAppError(e, "VALIDATION_FAILED")) return { ok: false, text: serviceText(e.userMessage) };
    throw e;
  }
}

export async function answerCoachingEffect(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  ask: ReportAsk,
  locale?: Locale,
): Promise<CommandAnswer> {
  if (!viewer?.active) return { ok: false, text: unknownPersonText(locale ?? SOURCE_LOCALE) };
  const answer = await deps.services.coachingEffect.effect(viewer, ask);
  if (answer.ok) return { ok: true, message: buildCoachingEffectMessage(answer.view, locale) };
  return {
    ok: false,
    text:
      answer.reason === "which"
        ? whichReportText(answer.visible, SLACK_STYLE, locale)
        : notVisibleText(answer, SLACK_STYLE, locale),
  };
}
