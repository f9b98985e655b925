// The impact and coaching-effect answers as Adaptive Cards: the neutral messages decided in
// core/messages/impact.ts (the same content as Slack's), converted by the one MessageView converter.
import type { CoachingEffectView } from "../../core/coaching-effect.js";
import type { Locale } from "../../core/i18n/index.js";
import type { ImpactView } from "../../core/impact-report.js";
import { coachingMessage, impactMessage } from "../../core/messages/impact.js";
import type { AdaptiveCard } from "./common.js";
import { buildMessageCard } from "./message-card.js";

export function buildImpactCard(view: ImpactView, locale?: Locale): AdaptiveCard {
  return buildMessageCard(impactMessage(view, locale));
}

export function buildCoachingEffectCard(view: CoachingEffectView, locale?: Locale): AdaptiveCard {
  return buildMessageCard(coachingMessage(view, locale));
}
