// The case owner's note when the survey tool changes the score of a response behind their case
// (pure view model). The case stays theirs: they decide whether the follow-up is still needed.
import type { MessageView } from "../views.js";
import { categorize } from "../views.js";

export interface ScoreChangeInput {
  caseId: number;
  before: number;
  after: number;
  /** Whether a fresh response with the new score would have opened a case at all. */
  stillNeedsCase: boolean;
}

export function scoreChangedMessage(a: ScoreChangeInput): MessageView {
  const change = `from ${a.before} (${categorize(a.before)}) to ${a.after} (${categorize(a.after)})`;
  const advice = a.stillNeedsCase
    ? "The case stays open with you; the card shows the new score."
    : "The case stays with you: if your follow-up is done, resolve it; the card shows the new score.";
  return {
    text: `The customer of case #${a.caseId} changed their score ${change}. ${advice}`,
    blocks: [
      { type: "header", text: `Case #${a.caseId}: the score changed` },
      { type: "text", text: `The customer changed their score ${change}.` },
      { type: "context", text: advice },
    ],
  };
}
