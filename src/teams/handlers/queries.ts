// `nps team-x 30d`, `nps company team-x`, `nps me`, `nps someone@example.com`: the access service
// decides whose report it is (the same rule and answers as Slack's /nps), the query service builds
// it; this only renders for Teams.
import type { TurnContext } from "botbuilder";
import { CHART_DATA_URI_MAX as CHART_DATA_URI_LIMIT } from "../../charts/links.js";
import { isAppError } from "../../core/errors.js";
import { notVisibleText, reportNoteText, whichReportText } from "../../core/messages/access.js";
import { personCoachingFact } from "../../core/messages/impact.js";
import { DEFAULT_PERIOD, PERIOD_FORMS } from "../../core/periods.js";
import { type ReportAsk, subjectTarget } from "../../services/access.js";
import type { ReportTarget } from "../../services/queries.js";
import { TEAMS_STYLE } from "../answer-style.js";
import { buildReportCard, type ReportChartImage } from "../cards/report-card.js";
import { cardActivity } from "../sender.js";
import {
  actorOf,
  readerLocaleOf,
  replyMessage,
  replyText,
  type TeamsHandlerDeps,
  unknownPersonText,
} from "./context.js";

export async function answerNps(
  h: TeamsHandlerDeps,
  ctx: TurnContext,
  ask: ReportAsk,
  period: string | null,
): Promise<void> {
  const { person: viewer } = await actorOf(h, ctx);
  const locale = await readerLocaleOf(h, ctx, viewer);
  if (!viewer?.active) return replyText(ctx, unknownPersonText(ctx, locale));
  const choice = await h.services.access.chooseReport(viewer, ask);
  if (!choice.ok) {
    return replyText(
      ctx,
      choice.reason === "which"
        ? whichReportText(choice.visible, TEAMS_STYLE, locale)
        : notVisibleText(choice, TEAMS_STYLE, locale),
    );
  }
  try {
    const target = subjectTarget(choice.subject);
    const chart = reportChart(h, target, period ?? DEFAULT_PERIOD, locale);
    const view = { ...(await h.queries.report(target, period ?? DEFAULT_PERIOD)), locale };
    const note = choice.note ? reportNoteText(choice.note, TEAMS_STYLE, locale) : null;
    const effect =
      choice.subject.kind === "person" ? await h.services.coachingEffect.forPerson(choice.subject.person) : null;
    const fact = effect ? personCoachingFact(effect, locale) : null;
    await ctx.sendActivity(
      cardActivity(
        buildReportCard(view, {
          note,
          extraFacts: fact ? [{ label: fact.label, value: [fact.value] }] : [],
          chart: await chart,
        }),
      ),
    );
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

/** Longest data URI put in a card: Teams refuses messages over about 28 KB, and the card needs ~6. */
export { CHART_DATA_URI_MAX } from "../../charts/links.js";

/** How long the answer waits for its chart; past this the card goes without one (answers in 3 s). */
const CHART_BUDGET_MS = 1500;

/**
 * The weekly trend as a card image: inline when small enough, else a signed link this server serves
 * (with PUBLIC_URL), else none. A chart that fails or is late never holds up or breaks the report.
 */
export async function reportChart(
  h: TeamsHandlerDeps,
  target: ReportTarget,
  period: string,
  locale: string,
): Promise<ReportChartImage | null> {
  const rendered = h.services.charts
    .png({ kind: "trend", target, period, locale, width: 420, height: 140, compact: true }, { scale: 1 })
    .catch((err: unknown) => {
      h.deps.log.warn({ err }, "report chart could not be drawn; the card goes without it");
      return null;
    });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CHART_BUDGET_MS);
  });
  const chart = await Promise.race([rendered, late]).finally(() => clearTimeout(timer));
  if (!chart) return null;
  const base64 = chart.png.toString("base64");
  if (base64.length <= CHART_DATA_URI_LIMIT) return { url: `data:image/png;base64,${base64}`, alt: chart.alt };
  // A person asked for by email gets no link: the email would sit in the URL.
  if (!h.chartLinks || "email" in target) return null;
  const link = { kind: "trend", target, period, locale, width: 420, height: 140, compact: true, scale: 1 } as const;
  return { url: h.chartLinks.put(link), alt: chart.alt };
}
