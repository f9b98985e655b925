// `nps retention [team|company|area <name>] [period]`: the retention service decides whose report it
// is (the same rules and answers as Slack's /nps retention) and builds it; this only renders for Teams.
import type { TurnContext } from "botbuilder";
import { isAppError } from "../../core/errors.js";
import { notVisibleText, whichReportText } from "../../core/messages/access.js";
import { retentionWords } from "../../core/messages/retention.js";
import { PERIOD_FORMS } from "../../core/periods.js";
import type { RetentionRequest } from "../../core/retention-ask.js";
import { buildRetentionCard } from "../../core/retention-card.js";
import { TEAMS_STYLE } from "../answer-style.js";
import { retentionCardToAdaptiveCard } from "../cards/retention-card.js";
import { cardActivity } from "../sender.js";
import { actorOf, readerLocaleOf, replyText, type TeamsHandlerDeps, unknownPersonTextFor } from "./context.js";

export async function answerRetention(h: TeamsHandlerDeps, ctx: TurnContext, req: RetentionRequest): Promise<void> {
  const { person: viewer } = await actorOf(h, ctx);
  const locale = await readerLocaleOf(h, ctx, viewer);
  if (!req.ok) return replyText(ctx, retentionWords(locale).tooManyWords(req.words));
  if (!viewer?.active) return replyText(ctx, await unknownPersonTextFor(h, ctx));
  const retention = h.services.retention;
  const choice = await retention.choose(viewer, req.ask, locale);
  if (!choice.ok) {
    if (choice.reason === "text") return replyText(ctx, choice.text);
    const c = choice.choice;
    return replyText(
      ctx,
      c.reason === "which" ? whichReportText(c.visible, TEAMS_STYLE, locale) : notVisibleText(c, TEAMS_STYLE, locale),
    );
  }
  try {
    const report = await retention.report(choice.target, req.period ? { period: req.period } : {});
    await ctx.sendActivity(cardActivity(retentionCardToAdaptiveCard(buildRetentionCard(report, locale))));
  } catch (e) {
    if (isAppError(e, "PERIOD_INVALID")) {
      return replyText(ctx, `${e.userMessage}\n${PERIOD_FORMS.map((f) => `• ${f}`).join("\n")}`);
    }
    throw e;
  }
}
