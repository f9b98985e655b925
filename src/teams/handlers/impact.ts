// `nps impact [area] [window]` and `nps coaching [team|company|me]` in Teams: the services decide
// what the asker may see (the same rules and answers as Slack's), this only renders for Teams.
import type { TurnContext } from "botbuilder";
import { isAppError } from "../../core/errors.js";
import { asSentence, notVisibleText, whichReportText } from "../../core/messages/access.js";
import { impactNotAllowedText, unknownAreaText } from "../../core/messages/impact.js";
import type { ReportAsk } from "../../services/access.js";
import { TEAMS_STYLE } from "../answer-style.js";
import { buildCoachingEffectCard, buildImpactCard } from "../cards/impact-card.js";
import { cardActivity } from "../sender.js";
import { actorOf, readerLocaleOf, replyText, type TeamsHandlerDeps, unknownPersonTextFor } from "./context.js";

export async function answerImpact(
  h: TeamsHandlerDeps,
  ctx: TurnContext,
  area: string | null,
  window: string | null,
): Promise<void> {
  const { person: viewer } = await actorOf(h, ctx);
  if (!viewer?.active) return replyText(ctx, await unknownPersonTextFor(h, ctx));
  try {
    const locale = await readerLocaleOf(h, ctx, viewer);
    const answer = await h.services.impact.impact(viewer, { area, window, locale });
    if (answer.ok) {
      await ctx.sendActivity(cardActivity(buildImpactCard(answer.view, locale)));
      return;
    }
    return replyText(
      ctx,
      answer.reason === "not_allowed"
        ? impactNotAllowedText(TEAMS_STYLE, locale)
        : unknownAreaText(answer.area, answer.areas, TEAMS_STYLE, locale),
    );
  } catch (e) {
    if (isAppError(e, "VALIDATION_FAILED")) return replyText(ctx, asSentence(e.userMessage));
    throw e;
  }
}

export async function answerCoachingEffect(h: TeamsHandlerDeps, ctx: TurnContext, ask: ReportAsk) {
  const { person: viewer } = await actorOf(h, ctx);
  if (!viewer?.active) return replyText(ctx, await unknownPersonTextFor(h, ctx));
  const locale = await readerLocaleOf(h, ctx, viewer);
  const answer = await h.services.coachingEffect.effect(viewer, ask);
  if (answer.ok) {
    await ctx.sendActivity(cardActivity(buildCoachingEffectCard(answer.view, locale)));
    return;
  }
  return replyText(
    ctx,
    answer.reason === "which"
      ? whichReportText(answer.visible, TEAMS_STYLE, locale)
      : notVisibleText(answer, TEAMS_STYLE, locale),
  );
}
