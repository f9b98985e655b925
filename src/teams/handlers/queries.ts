// `nps team-x 30d`, `nps company team-x`, `nps me`, `nps someone@example.com`: the access service
// decides whose report it is (the same rule and answers as Slack's /nps), the query service builds
// it; this only renders for Teams.
import type { TurnContext } from "botbuilder";
import { isAppError } from "../../core/errors.js";
import { notVisibleText, reportNoteText, whichReportText } from "../../core/messages/access.js";
import { DEFAULT_PERIOD, PERIOD_FORMS } from "../../core/periods.js";
import { type ReportAsk, subjectTarget } from "../../services/access.js";
import { TEAMS_STYLE } from "../answer-style.js";
import { buildReportCard } from "../cards/report-card.js";
import type { NpsTarget } from "../commands.js";
import { cardActivity } from "../sender.js";
import {
  actorOf,
  readerLocaleOf,
  replyMessage,
  replyText,
  type TeamsHandlerDeps,
  unknownPersonText,
} from "./context.js";

/** What was typed after `nps`, as an ask. */
export function reportAskOf(target: NpsTarget | null): ReportAsk {
  if (target === null) return { by: "default" };
  if (typeof target === "string") {
    if (target === "me") return { by: "self" };
    if (target.includes("@")) return { by: "email", email: target };
    return { by: "slug", slug: target, as: null };
  }
  return { by: "slug", slug: target.slug, as: target.as };
}

export async function answerNps(
  h: TeamsHandlerDeps,
  ctx: TurnContext,
  asked: NpsTarget | null,
  period: string | null,
): Promise<void> {
  const { person: viewer } = await actorOf(h, ctx);
  if (!viewer?.active) return replyText(ctx, unknownPersonText(ctx));
  const choice = await h.services.access.chooseReport(viewer, reportAskOf(asked));
  if (!choice.ok) {
    return replyText(
      ctx,
      choice.reason === "which" ? whichReportText(choice.visible, TEAMS_STYLE) : notVisibleText(choice, TEAMS_STYLE),
    );
  }
  try {
    const locale = await readerLocaleOf(h, ctx, viewer);
    const view = { ...(await h.queries.report(subjectTarget(choice.subject), period ?? DEFAULT_PERIOD)), locale };
    const note = choice.note ? reportNoteText(choice.note, TEAMS_STYLE) : null;
    await ctx.sendActivity(cardActivity(buildReportCard(view, { note })));
  } catch (e) {
    if (isAppError(e, "PERIOD_INVALID")) {
      return replyMessage(ctx, {
        text: `I don't understand the period “${period}”.`,
        blocks: [
          { type: "text", text: `I don't understand the period “${period}”. Try one of these:` },
          { type: "text", text: PERIOD_FORMS.map((f) => `• ${f}`).join("\n") },
        ],
        answer: true,
      });
    }
    throw e;
  }
}
