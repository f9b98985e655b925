// The content of the forms a case card opens (resolve, note, reassign), decided once (pure):
// fields, choices, labels, hints and validation messages. Slack shows them as modals
// (src/slack/views/modals.ts), Teams inline on the card (src/teams/cards/resolve-form.ts); both
// only convert. Outcome ids and root causes are the values submitted; labels come from card-text.

import { type CardLine, type ReassignCandidate, reassignChoicesFor } from "./card-parts.js";
import { type CardText, cardText, OUTCOMES } from "./card-text.js";
import type { Locale } from "./i18n/locales.js";
import type { CaseOutcome } from "./types.js";
import type { CaseCardView } from "./views.js";

export interface FormChoice {
  value: string;
  /** Our wording for outcomes; org text (root causes, managers' names) that converters show literally. */
  label: string;
  hint?: string;
}

export interface ChoiceField {
  label: string;
  hint?: string;
  placeholder?: string;
  /** Shown when the field is left empty (where the platform validates in the form). */
  error: string;
  choices: FormChoice[];
  /** Pre-selected value (the current one, when the form edits something already set). */
  value?: string;
}

export interface ToggleField {
  /** The value a checkbox list submits (Slack); Teams uses its own input id. */
  value: string;
  label: CardLine;
  hint?: string;
  checked: boolean;
}

export interface TextField {
  label: string;
  placeholder: string;
  maxLength: number;
  required: boolean;
  error?: string;
}

/** What every case form shows of its case, when the case could be read. */
export interface CaseSummary {
  /** "🔴 Case #42 · 3/10 · boiler repair · served by Luis". */
  line: CardLine;
  /** The customer's comment (null when none or erased); outside text. */
  comment: string | null;
}

interface CaseFormBase {
  caseId: number;
  /** The reader's language (converters take their own few words, e.g. Cancel, in the same one). */
  locale?: Locale;
  title: string;
  submit: string;
  summary: CaseSummary | null;
}

export interface ResolveFormContent extends CaseFormBase {
  outcome: ChoiceField;
  rootCause: ChoiceField;
  /** The follow-up toggles under one label: outer loop, and coaching when someone served. */
  followUp: { label: string; outerLoop: ToggleField; coach: ToggleField | null };
  note: TextField;
}

export interface NoteFormContent extends CaseFormBase {
  note: TextField;
}

export interface ReassignFormContent extends CaseFormBase {
  newOwner: ChoiceField;
  /** Set when there are more managers than the platform can list. */
  truncated: string | null;
}

/** Longest note a form accepts (Slack's plain_text_input maximum). */
export const NOTE_MAX = 3000;
/** Summary excerpt of the comment in a form. */
export const SUMMARY_COMMENT_MAX = 600;

/** What a case form needs; `view` is null when the case could not be read in time (form still opens). */
export interface CaseFormInput {
  caseId: number;
  rootCauses: string[];
  view: CaseCardView | null;
  /** The reader's language; absent = the card's, else the source locale. */
  locale?: Locale | undefined;
}

/** A form's words: the reader's language, else the card's. */
function textOf(form: Pick<CaseFormInput, "view" | "locale">): CardText {
  return cardText(form.locale ?? form.view?.locale);
}

export function caseSummary(view: CaseCardView | null, X: CardText = cardText(view?.locale)): CaseSummary | null {
  if (!view) return null;
  const cat = X.category[view.category];
  const line: CardLine = [`${cat.emoji} `, { strong: X.card.caseNumber(view.caseId) }, ` · ${view.score}/10`];
  if (view.touchpoint) line.push(" · ", { outside: view.touchpoint, mask: true, max: 200 });
  if (view.staffName) line.push(` · ${X.form.servedBy} `, { outside: view.staffName, mask: false, max: 200 });
  return { line, comment: view.comment && !view.erased ? view.comment : null };
}

export function resolveFormContent(form: CaseFormInput): ResolveFormContent {
  const X = textOf(form);
  const R = X.resolveForm;
  const view = form.view;
  const causes = view?.rootCauses ?? form.rootCauses;
  const staff = view?.staffName ?? null;
  return {
    caseId: form.caseId,
    locale: X.locale,
    title: R.title(form.caseId),
    submit: R.submit,
    summary: caseSummary(view, X),
    outcome: {
      label: R.outcome,
      error: R.outcomeError,
      choices: OUTCOMES.map((o) => outcomeChoice(X, o)),
      ...(view?.outcome ? { value: view.outcome } : {}),
    },
    rootCause: {
      label: R.rootCause,
      placeholder: R.rootCausePlaceholder,
      error: R.rootCauseError,
      choices: causes.map((c) => ({ value: c, label: X.rootCause(c) })),
      ...(view?.rootCause && causes.includes(view.rootCause) ? { value: view.rootCause } : {}),
    },
    followUp: {
      label: R.followUp,
      outerLoop: {
        value: "outer_loop",
        label: [R.outerLoop],
        hint: R.outerLoopHint,
        checked: view?.outerLoop ?? false,
      },
      coach: staff
        ? {
            value: "coach",
            label: [R.coach, { outside: staff, mask: false, max: 40 }],
            hint: R.coachHint,
            checked: false,
          }
        : null,
    },
    note: { label: R.note, placeholder: R.notePlaceholder, maxLength: NOTE_MAX, required: false },
  };
}

function outcomeChoice(X: CardText, o: CaseOutcome): FormChoice {
  const { label, hint } = X.outcome[o];
  return { value: o, label, hint };
}

export function noteFormContent(form: Pick<CaseFormInput, "caseId" | "view" | "locale">): NoteFormContent {
  const X = textOf(form);
  const N = X.noteForm;
  return {
    caseId: form.caseId,
    locale: X.locale,
    title: N.title(form.caseId),
    submit: N.submit,
    summary: caseSummary(form.view, X),
    note: { label: N.note, placeholder: N.placeholder, maxLength: NOTE_MAX, required: true, error: N.error },
  };
}

/**
 * The reassign form: the case's managers except its owner, in the order given, at most `limit`
 * of them (a platform's list limit), saying so when some were left out.
 */
export function reassignFormContent(
  form: Pick<CaseFormInput, "caseId" | "view" | "locale">,
  candidates: ReassignCandidate[],
  limit = Number.POSITIVE_INFINITY,
): ReassignFormContent {
  const X = textOf(form);
  const A = X.reassignForm;
  const choices = form.view ? reassignChoicesFor(form.view, candidates) : candidates;
  return {
    caseId: form.caseId,
    locale: X.locale,
    title: A.title(form.caseId),
    submit: A.submit,
    summary: caseSummary(form.view, X),
    newOwner: {
      label: A.newOwner,
      hint: A.hint,
      placeholder: A.placeholder,
      error: A.error,
      choices: choices.slice(0, limit).map((c) => ({ value: String(c.personId), label: c.name })),
    },
    truncated: choices.length > limit ? A.truncated(limit, choices.length) : null,
  };
}

/** The forms whose submissions readCaseForm reads. */
export type CaseFormKind = "resolve" | "note" | "reassign";

/** A submitted case form as neutral answers: each platform reads its own inputs into these. */
export interface CaseFormAnswers {
  outcome?: string | null;
  /** The root cause as offered (Slack decodes its "#index" values first). */
  rootCause?: string | null;
  note?: string | null;
  outerLoop?: boolean;
  coach?: boolean;
  /** The new owner's person id, as the form submitted it. */
  newOwner?: string | null;
}

export type CaseFormField = "outcome" | "rootCause" | "note" | "newOwner";

/** What a valid submission asks of the case service. */
export type CaseFormCommand =
  | {
      type: "resolve";
      outcome: CaseOutcome;
      rootCause: string;
      outerLoop: boolean;
      note: string | null;
      coachStaff: boolean;
    }
  | { type: "note"; text: string }
  | { type: "reassign"; toPersonId: number };

export type CaseFormReading =
  | { ok: true; command: CaseFormCommand }
  /** Errors by field, in the reader's language, in the order the form shows the fields. */
  | { ok: false; errors: Partial<Record<CaseFormField, string>> };

/**
 * Reads a case form's submission (pure): what is missing, no longer offered or too long, in the
 * reader's language, or the command. The one rule for Slack's modals and Teams' inline forms (a
 * stale or hand-made Teams card can submit anything, so nothing here trusts the platform's own
 * form validation).
 */
export function readCaseForm(
  kind: CaseFormKind,
  answers: CaseFormAnswers,
  rootCauses: readonly string[],
  locale?: Locale,
): CaseFormReading {
  const X = cardText(locale);
  const errors: Partial<Record<CaseFormField, string>> = {};
  const note = answers.note?.trim() ?? "";
  const noteTooLong = note.length > NOTE_MAX ? X.resolveForm.noteTooLong(NOTE_MAX, note.length) : null;
  switch (kind) {
    case "resolve": {
      const outcome = OUTCOMES.find((o) => o === answers.outcome?.trim());
      if (!outcome) errors.outcome = X.resolveForm.outcomeError;
      const rawCause = answers.rootCause?.trim() ?? "";
      const rootCause = rootCauses.includes(rawCause) ? rawCause : null;
      if (!rootCause) errors.rootCause = rawCause ? X.resolveForm.rootCauseGone : X.resolveForm.rootCauseError;
      if (noteTooLong) errors.note = noteTooLong;
      if (!outcome || !rootCause || noteTooLong) return { ok: false, errors };
      return {
        ok: true,
        command: {
          type: "resolve",
          outcome,
          rootCause,
          outerLoop: answers.outerLoop === true,
          note: note || null,
          coachStaff: answers.coach === true,
        },
      };
    }
    case "note":
      if (!note) return { ok: false, errors: { note: X.noteForm.error } };
      if (noteTooLong) return { ok: false, errors: { note: noteTooLong } };
      return { ok: true, command: { type: "note", text: note } };
    case "reassign": {
      const raw = answers.newOwner?.trim() ?? "";
      const id = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
      if (id <= 0) return { ok: false, errors: { newOwner: X.reassignForm.missing } };
      return { ok: true, command: { type: "reassign", toPersonId: id } };
    }
  }
}
