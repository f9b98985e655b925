// The forms a case card opens inline (Action.ShowCard): resolve, add a note, reassign. Their content
// (labels, choices, validation messages) comes from core/case-forms.ts, as for Slack's modals; this
// file only converts it. Each submits through Action.Execute with the case id, so the bot answers
// with the refreshed card.
import type { ReassignCandidate } from "../../core/card-parts.js";
import { cardText } from "../../core/card-text.js";
import {
  type NoteFormContent,
  noteFormContent,
  type ReassignFormContent,
  type ResolveFormContent,
  reassignFormContent,
  resolveFormContent,
} from "../../core/case-forms.js";
import type { Locale } from "../../core/i18n/locales.js";
import type { CaseCardView } from "../../core/views.js";
import { plainLine } from "./card-parts.js";
import {
  type AdaptiveCard,
  type CardElement,
  card,
  executeAction,
  LABEL_MAX_CHARS,
  plain,
  TEXT_MAX_CHARS,
  textBlock,
} from "./common.js";

export type { ReassignCandidate };

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

const label = (text: string, required: boolean, locale?: Locale) =>
  required ? text : cardText(locale).form.optional(text);

export function resolveFormToAdaptiveCard(f: ResolveFormContent): AdaptiveCard {
  const { outerLoop, coach } = f.followUp;
  const body: CardElement[] = [
    textBlock(f.title, { weight: "Bolder" }),
    {
      type: "Input.ChoiceSet",
      id: FORM_INPUTS.outcome,
      label: f.outcome.label,
      style: "expanded",
      isRequired: true,
      errorMessage: f.outcome.error,
      choices: f.outcome.choices.map((c) => ({
        title: c.hint ? cardText(f.locale).form.withHint(c.label, c.hint) : c.label,
        value: c.value,
      })),
      ...(f.outcome.value ? { value: f.outcome.value } : {}),
    },
    {
      type: "Input.ChoiceSet",
      id: FORM_INPUTS.rootCause,
      label: f.rootCause.label,
      isRequired: true,
      errorMessage: f.rootCause.error,
      placeholder: f.rootCause.placeholder,
      choices: f.rootCause.choices.map((c) => ({ title: plain(c.label, { max: LABEL_MAX_CHARS }), value: c.value })),
      ...(f.rootCause.value ? { value: f.rootCause.value } : {}),
    },
    {
      type: "Input.Toggle",
      id: FORM_INPUTS.outerLoop,
      title: plainLine(outerLoop.label),
      value: outerLoop.checked ? "true" : "false",
    },
    {
      type: "Input.Text",
      id: FORM_INPUTS.resolveNote,
      label: label(f.note.label, f.note.required, f.locale),
      isMultiline: true,
      maxLength: Math.min(f.note.maxLength, TEXT_MAX_CHARS),
      placeholder: f.note.placeholder,
    },
  ];
  if (coach) {
    body.push({
      type: "Input.Toggle",
      id: FORM_INPUTS.coachStaff,
      title: plainLine(coach.label),
      value: coach.checked ? "true" : "false",
    });
  }
  return card(body, [executeAction("resolve", f.submit, { caseId: f.caseId }, { style: "positive" })]);
}

export function noteFormToAdaptiveCard(f: NoteFormContent): AdaptiveCard {
  return card(
    [
      {
        type: "Input.Text",
        id: FORM_INPUTS.noteText,
        label: f.note.label,
        isMultiline: true,
        isRequired: f.note.required,
        ...(f.note.error ? { errorMessage: f.note.error } : {}),
        maxLength: Math.min(f.note.maxLength, TEXT_MAX_CHARS),
        placeholder: f.note.placeholder,
      },
    ],
    [executeAction("note", f.submit, { caseId: f.caseId })],
  );
}

export function reassignFormToAdaptiveCard(f: ReassignFormContent): AdaptiveCard {
  return card(
    [
      {
        type: "Input.ChoiceSet",
        id: FORM_INPUTS.reassignTo,
        label: f.newOwner.label,
        isRequired: true,
        errorMessage: f.newOwner.error,
        placeholder: f.newOwner.placeholder,
        choices: f.newOwner.choices.map((c) => ({ title: plain(c.label, { maskContacts: false }), value: c.value })),
      },
    ],
    [executeAction("reassign", f.submit, { caseId: f.caseId })],
  );
}

/** The resolve form for a case view (kept for callers that build it directly). */
export function buildResolveForm(view: CaseCardView): AdaptiveCard {
  return resolveFormToAdaptiveCard(resolveFormContent({ caseId: view.caseId, rootCauses: view.rootCauses, view }));
}

export function buildNoteForm(view: CaseCardView): AdaptiveCard {
  return noteFormToAdaptiveCard(noteFormContent({ caseId: view.caseId, view }));
}

/** The reassign form; the current owner is never offered. */
export function buildReassignForm(view: CaseCardView, candidates: ReassignCandidate[]): AdaptiveCard {
  return reassignFormToAdaptiveCard(reassignFormContent({ caseId: view.caseId, view }, candidates));
}
