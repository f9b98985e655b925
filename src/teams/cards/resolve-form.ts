// The forms a case card opens inline (Action.ShowCard): resolve, add a note, reassign. Each submits
// through Action.Execute with the case id, so the bot answers with the refreshed card.
import type { CaseCardView } from "../../core/views.js";
import { type AdaptiveCard, card, executeAction, LABEL_MAX_CHARS, plain, TEXT_MAX_CHARS, textBlock } from "./common.js";

/** Input ids: unique across the case card and its inline forms (Adaptive Cards requires it). */
export const FORM_INPUTS = {
  outcome: "outcome",
  rootCause: "rootCause",
  outerLoop: "outerLoop",
  resolveNote: "resolveNote",
  coachStaff: "coachStaff",
  noteText: "noteText",
  reassignTo: "reassignTo",
} as const;

export interface ReassignCandidate {
  personId: number;
  name: string;
}

const OUTCOME_CHOICES = [
  { title: "Recovered: the customer is satisfied now", value: "recovered" },
  { title: "Not recovered: we talked, still unhappy", value: "not_recovered" },
  { title: "Could not reach the customer", value: "unreachable" },
];

export function buildResolveForm(view: CaseCardView): AdaptiveCard {
  const body = [
    textBlock(`Resolve case #${view.caseId}`, { weight: "Bolder" }),
    {
      type: "Input.ChoiceSet",
      id: FORM_INPUTS.outcome,
      label: "Outcome",
      style: "expanded",
      isRequired: true,
      errorMessage: "Pick how the call went",
      choices: OUTCOME_CHOICES,
      ...(view.outcome ? { value: view.outcome } : {}),
    },
    {
      type: "Input.ChoiceSet",
      id: FORM_INPUTS.rootCause,
      label: "Root cause",
      isRequired: true,
      errorMessage: "Pick the root cause closest to what happened",
      placeholder: "What caused the low score?",
      choices: view.rootCauses.map((c) => ({ title: plain(c, { max: LABEL_MAX_CHARS }), value: c })),
      ...(view.rootCause && view.rootCauses.includes(view.rootCause) ? { value: view.rootCause } : {}),
    },
    {
      type: "Input.Toggle",
      id: FORM_INPUTS.outerLoop,
      title: "Outer loop: a process or policy issue the team cannot fix alone",
      value: view.outerLoop ? "true" : "false",
    },
    {
      type: "Input.Text",
      id: FORM_INPUTS.resolveNote,
      label: "Note (optional)",
      isMultiline: true,
      maxLength: TEXT_MAX_CHARS,
      placeholder: "What you agreed with the customer",
    },
  ];
  if (view.staffName) {
    body.push({
      type: "Input.Toggle",
      id: FORM_INPUTS.coachStaff,
      title: `Plan a coaching session with ${plain(view.staffName, { maskContacts: false })}`,
      value: "false",
    });
  }
  return card(body, [executeAction("resolve", "Resolve case", { caseId: view.caseId }, { style: "positive" })]);
}

export function buildNoteForm(view: CaseCardView): AdaptiveCard {
  return card(
    [
      {
        type: "Input.Text",
        id: FORM_INPUTS.noteText,
        label: `Note on case #${view.caseId}`,
        isMultiline: true,
        isRequired: true,
        errorMessage: "Write what happened or what was agreed",
        maxLength: TEXT_MAX_CHARS,
      },
    ],
    [executeAction("note", "Save note", { caseId: view.caseId })],
  );
}

export function buildReassignForm(view: CaseCardView, candidates: ReassignCandidate[]): AdaptiveCard {
  return card(
    [
      {
        type: "Input.ChoiceSet",
        id: FORM_INPUTS.reassignTo,
        label: `New owner of case #${view.caseId}`,
        isRequired: true,
        errorMessage: "Pick a manager of this team",
        choices: candidates.map((c) => ({ title: plain(c.name, { maskContacts: false }), value: String(c.personId) })),
      },
    ],
    [executeAction("reassign", "Reassign", { caseId: view.caseId })],
  );
}
