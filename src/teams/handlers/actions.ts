// Action.Execute invokes on case cards (adaptiveCard/action): claim, unclaim, resolve (from the
// inline form), note, reassign, and "refresh" (Teams asking for one reader's view). The answer is the
// card in the clicker's language; the case service also enqueues the re-render that updates the
// message for everyone (in the channel's language), and the owner's DM.
import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import { type CaseFormAnswers, readCaseForm } from "../../core/case-forms.js";
import { type Locale, t } from "../../core/i18n/index.js";
import type { CaseCommand } from "../../services/cases.js";
import { CASE_REFRESH_VERB } from "../cards/case-card.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from "../cards/common.js";
import { FORM_INPUTS } from "../cards/resolve-form.js";
import { renderCaseCard } from "../case-render.js";
import { actorOf, readerLocaleOf, type TeamsHandlerDeps, unknownPersonText } from "./context.js";

/** Shows a short message to the person who clicked; the card stays as it was. */
export function messageResponse(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: message as never };
}

export function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never };
}

/** The neutral answers of an inline form (core's readCaseForm reads them, as for Slack's modals). */
export function formAnswersOf(verb: "resolve" | "note" | "reassign", data: Record<string, unknown>): CaseFormAnswers {
  const str = (k: string) => (typeof data[k] === "string" ? (data[k] as string) : null);
  const flag = (k: string) => data[k] === true || str(k) === "true";
  return {
    outcome: str(FORM_INPUTS.outcome),
    rootCause: str(FORM_INPUTS.rootCause),
    // The note form's text, or the resolve form's optional note: each form has its own input.
    note: str(verb === "note" ? FORM_INPUTS.noteText : FORM_INPUTS.resolveNote),
    outerLoop: flag(FORM_INPUTS.outerLoop),
    coach: flag(FORM_INPUTS.coachStaff),
    newOwner: str(FORM_INPUTS.reassignTo),
  };
}

/** The verb's command from the card's data and inputs, or what is wrong with them (in `locale`). */
export function caseCommandOf(
  verb: string,
  data: Record<string, unknown>,
  rootCauses: readonly string[],
  locale: Locale,
): CaseCommand | string {
  switch (verb) {
    case "claim":
    case "unclaim":
    case "contacted":
      return { type: verb };
    case "resolve":
    case "note":
    case "reassign": {
      const reading = readCaseForm(verb, formAnswersOf(verb, data), rootCauses, locale);
      return reading.ok ? reading.command : Object.values(reading.errors).join(" ");
    }
    default:
      return t(locale, "case.unknownAction", { verb: verb.slice(0, 40) });
  }
}

export async function onCaseAction(
  h: TeamsHandlerDeps,
  ctx: TurnContext,
  verb: string,
  data: Record<string, unknown>,
): Promise<AdaptiveCardInvokeResponse> {
  const actor = await actorOf(h, ctx);
  // What is wrong is told in the clicker's language (the card itself stays in its channel's).
  const locale = await readerLocaleOf(h, ctx, actor.person);
  const caseId = Number(data.caseId);
  if (!Number.isInteger(caseId) || caseId <= 0) return messageResponse(t(locale, "case.noCase"));
  if (verb === CASE_REFRESH_VERB) return refreshedCard(h, caseId, locale);
  const cmd = caseCommandOf(verb, data, h.deps.config.rootCauses, locale);
  if (typeof cmd === "string") return messageResponse(cmd);
  const result = await h.cases.act(caseId, cmd, actor);
  if (!result.ok) {
    const hint = actor.person ? "" : ` ${unknownPersonText(ctx, locale)}`;
    return messageResponse(`${result.message}${hint}`);
  }
  // The clicker sees the card in their own language (the service's view is theirs); the channel's
  // message is updated in its own.
  return cardResponse(
    await renderCaseCard(h.deps, result.view, {
      // Resolving with "plan a coaching session" says what was planned and for when (as Slack does).
      notice: cmd.type === "resolve" && cmd.coachStaff ? result.message : null,
    }),
  );
}

/** Teams asks for one reader's view of a card (the card's refresh clause): the card in their language. */
async function refreshedCard(h: TeamsHandlerDeps, caseId: number, locale: Locale): Promise<AdaptiveCardInvokeResponse> {
  const view = await h.cases.cardView(caseId, locale);
  if (!view) return messageResponse(t(locale, "done.notFound", { id: caseId }));
  return cardResponse(await renderCaseCard(h.deps, view));
}
