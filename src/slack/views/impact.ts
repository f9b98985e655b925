// The impact and coaching-effect answers as Block Kit: the neutral messages decided in
// core/messages/impact.ts, converted by the one MessageView converter (private answers, so "direct").
import type { CoachingEffectView } from "../../core/coaching-effect.js";
import type { Locale } from "../../core/i18n/index.js";
import type { ImpactView } from "../../core/impact-report.js";
import { coachingMessage, impactMessage } from "../../core/messages/impact.js";
import type { SlackMessage } from "./blocks.js";
import { renderMessage } from "./message.js";

export function buildImpactMessage(view: ImpactView, locale?: Locale): SlackMessage {
  return renderMessage(impactMessage(view, locale), { audience: "direct" });
}

export function buildCoachingEffectMessage(view: CoachingEffectView, locale?: Locale): SlackMessage {
  return renderMessage(coachingMessage(view, locale), { audience: "direct" });
}
