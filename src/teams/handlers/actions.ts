// Action.Execute clicks on case cards (adaptiveCard/action invokes): claim, unclaim, resolve (from
// the inline form), note, reassign. The answer is the refreshed card for the person who clicked; the
// case service also enqueues the re-render that updates the message for everyone, and the owner's DM.
import type { AdaptiveCardInvokeResponse, TurnContext } from "botbuilder";
import type { CaseOutcome } from "../../core/types.js";
import type { CaseCommand } from "../../services/cases.js";
import { buildCaseCard } from "../cards/case-card.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCard } from "../cards/common.js";
import { FORM_INPUTS } from "../cards/resolve-form.js";
import { actorOf, type TeamsHandlerDeps, unknownPersonText } from "./context.js";

/** Shows a short message to the person who clicked; the card stays as it was. */
export function messageResponse(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: message as never };
}

export function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card as never };
}

const OUTCOMES: CaseOutcome[] = ["recovered", "not_recovered", "unreachable"];

/** Reads the verb's command from the card's data and inputs; a string is what is missing. */
export function caseCommandOf(verb: string, data: Record<string, unknown>): CaseCommand | string {
  const str = (k: string) => (typeof data[k] === "string" ? (data[k] as string).trim() : "");
  const flag = (k: string) => data[k] === true || str(k) === "true";
  switch (verb) {
    case "claim":
    case "unclaim":
    case "contacted":
      return { type: verb };
    case "resolve": {
      const outcome = str(FORM_INPUTS.outcome) as CaseOutcome;
      if (!OUTCOMES.includes(outcome))
        return "Pick an outcome (recovered, not recovered, could not reach) to resolve the case.";
      const rootCause = str(FORM_INPUTS.rootCause);
      if (!rootCause) return "Pick a root cause to resolve the case.";
      return {
        type: "resolve",
        outcome,
        rootCause,
        outerLoop: flag(FORM_INPUTS.outerLoop),
        note: str(FORM_INPUTS.resolveNote) || null,
        coachStaff: flag(FORM_INPUTS.coachStaff),
      };
    }
    case "note": {
      const text = str(FORM_INPUTS.noteText);
      return text ? { type: "note", text } : "Write the note before saving it.";
    }
    case "reassign": {
      const id = Number(str(FORM_INPUTS.reassignTo));
      return Number.isInteger(id) && id > 0
        ? { type: "reassign", toPersonId: id }
        : "Pick the manager who takes the case over.";
    }
    default:
      return `Unknown action “${verb}”.`;
  }
}

export async function onCaseAction(
  h: TeamsHandlerDeps,
  ctx: TurnContext,
  verb: string,
  data: Record<string, unknown>,
): Promise<AdaptiveCardInvokeResponse> {
  const caseId = Number(data.caseId);
  if (!Number.isInteger(caseId) || caseId <= 0)
    return messageResponse("This card does not name a case; it may be outdated.");
  const cmd = caseCommandOf(verb, data);
  if (typeof cmd === "string") return messageResponse(cmd);
  const actor = await actorOf(h, ctx);
  const result = await h.cases.act(caseId, cmd, actor);
  if (!result.ok) {
    const hint = actor.person ? "" : ` ${unknownPersonText(ctx)}`;
    return messageResponse(`${result.message}${hint}`);
  }
  // The case service offers the team's managers other than the current owner.
  const candidates = result.view.actions.includes("reassign") ? await h.cases.reassignCandidates(caseId) : [];
  return cardResponse(
    buildCaseCard(result.view, {
      reassignCandidates: candidates.map((p) => ({ personId: p.id, name: p.name })),
      // Resolving with "plan a coaching session" says what was planned and for when (as Slack does).
      notice: cmd.type === "resolve" && cmd.coachStaff ? result.message : null,
    }),
  );
}
