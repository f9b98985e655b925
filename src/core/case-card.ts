// The case card's whole content, decided once (pure): header, the customer's words, facts, status,
// actions with the forms they open (reassign choices included), fallback text.
// src/slack/views/case-card.ts and src/teams/cards/case-card.ts only convert this neutral card to
// Block Kit and to an Adaptive Card. Text is carried as parts (core/card-parts.ts).
import type { CardFact, CardLine, OutsidePart, ReassignCandidate } from "./card-parts.js";
import { cardText } from "./card-text.js";
import {
  type NoteFormContent,
  noteFormContent,
  type ReassignFormContent,
  type ResolveFormContent,
  reassignFormContent,
  resolveFormContent,
} from "./case-forms.js";
import type { Locale } from "./i18n/locales.js";
import type { NpsCategory } from "./types.js";
import type { CaseActionId, CaseCardView } from "./views.js";

/** What the card shows where the customer's comment goes. */
export type CardQuote =
  | { kind: "comment"; text: string; max: number }
  /** No words to show, and why (our own wording, shown subtle). */
  | { kind: "absent"; text: string };

/** The form an action opens first: a modal in Slack (built when clicked), an inline form in Teams. */
export type CardForm =
  | { kind: "resolve"; content: ResolveFormContent }
  | { kind: "note"; content: NoteFormContent }
  /** Reassign choices are known only when the caller looked the team's managers up. */
  | { kind: "reassign"; content: ReassignFormContent | null };

export interface CardAction {
  id: CaseActionId;
  label: string;
  style?: "primary";
  /** Null for actions that act at once (claim, unclaim, contacted). */
  form: CardForm | null;
}

export interface CaseCard {
  caseId: number;
  /** The language its words are in (converters take their own few words in the same one). */
  locale?: Locale;
  category: NpsCategory;
  /** Why an action was refused, shown above the card; never customer text. */
  notice: CardLine | null;
  header: CardLine;
  quote: CardQuote;
  facts: CardFact[];
  /** Outcome, root cause and outer loop of a resolved case: facts, each on its own. */
  resolution: CardFact[] | null;
  /** The note written when resolving (outside text, shown literally). */
  resolutionNote: { label: string; text: string; max: number } | null;
  /** "Case #42 · resolved · 2 notes". */
  status: string;
  actions: CardAction[];
  /** Notification and screen-reader text. */
  fallback: CardLine;
}

export interface CaseCardOptions {
  /** Managers the case may be handed to; given, the owner is left out and Reassign needs one left. */
  reassignCandidates?: ReassignCandidate[];
  /** A line shown above the card (e.g. why an action was refused); never customer text. */
  notice?: string | null;
}

/** Longest customer comment shown on a card (the rest is cut with an honest marker). */
export const COMMENT_MAX = 2500;
/** Longest resolution note shown on a card. */
export const NOTE_ON_CARD_MAX = 1500;

const outside = (text: string | null, max: number, mask = false): OutsidePart => ({ outside: text, mask, max });

export function buildCaseCardContent(view: CaseCardView, opts: CaseCardOptions = {}): CaseCard {
  const X = cardText(view.locale);
  const T = X.card;
  const cat = X.category[view.category];
  const where = [view.teamName, view.companyName].filter(Boolean).join(" · ");
  const resolved = view.status === "resolved";

  const quote: CardQuote = view.erased
    ? { kind: "absent", text: T.erased }
    : view.comment?.trim()
      ? { kind: "comment", text: view.comment, max: COMMENT_MAX }
      : { kind: "absent", text: T.noComment };

  const facts: CardFact[] = [
    { label: T.touchpoint, value: [outside(view.touchpoint, 300, true)] },
    { label: T.staff, value: [outside(view.staffName, 300)] },
    { label: T.customer, value: [outside(view.customerLabel, 300, true)] },
    { label: T.received, value: [view.ageText, " (", { date: view.respondedAt }, ")"] },
    {
      label: T.sla,
      value: resolved
        ? [T.closed]
        : [...(view.overdue ? [`${T.overdueMark} `] : []), view.dueText, " (", { date: view.dueAt }, ")"],
    },
    {
      label: T.owner,
      value:
        view.ownerName || view.ownerPlatformId
          ? [{ person: view.ownerName ?? "", slackUserId: view.ownerPlatformId }]
          : [{ em: T.unclaimed }],
    },
  ];

  let resolution: CardFact[] | null = null;
  let resolutionNote: CaseCard["resolutionNote"] = null;
  const scoreUpdated = resolved && view.outcome === "score_updated";
  if (scoreUpdated) {
    resolution = [{ label: T.outcome, value: [`${T.resolvedMark} ${T.scoreUpdated(view.score)}`] }];
  } else if (resolved && view.outcome) {
    resolution = [{ label: T.outcome, value: [`${T.resolvedMark} ${X.outcome[view.outcome].label}`] }];
    if (view.rootCause) resolution.push({ label: T.rootCause, value: [outside(X.rootCause(view.rootCause), 200)] });
    if (view.outerLoop) resolution.push({ label: T.outerLoop, value: [T.outerLoopValue] });
    if (view.note?.trim()) resolutionNote = { label: T.note, text: view.note, max: NOTE_ON_CARD_MAX };
  }

  const actions: CardAction[] = [];
  // Closed by itself (the score no longer needs a follow-up): nothing left to do on this card.
  for (const id of scoreUpdated ? [] : view.actions) {
    const form = formOf(id, view, opts);
    // Given the team's managers and none but the owner among them, there is nobody to hand over to.
    if (form?.kind === "reassign" && form.content && form.content.newOwner.choices.length === 0) continue;
    actions.push({ id, label: X.action[id], ...(id === "claim" ? { style: "primary" } : {}), form });
  }

  const status = [T.caseNumber(view.caseId), X.status[view.status]];
  if (view.noteCount) status.push(T.notes(view.noteCount));

  return {
    caseId: view.caseId,
    locale: X.locale,
    category: view.category,
    notice: opts.notice ? [outside(opts.notice, 400)] : null,
    header: [`${cat.emoji} ${cat.label} · ${view.score}/10`, ...(where ? [" · ", outside(where, 100)] : [])],
    quote,
    facts,
    resolution,
    resolutionNote,
    status: status.join(" · "),
    actions,
    fallback: fallbackLine(view),
  };
}

function formOf(id: CaseActionId, view: CaseCardView, opts: CaseCardOptions): CardForm | null {
  const input = { caseId: view.caseId, rootCauses: view.rootCauses, view, locale: view.locale };
  switch (id) {
    case "resolve":
      return { kind: "resolve", content: resolveFormContent(input) };
    case "note":
      return { kind: "note", content: noteFormContent(input) };
    case "reassign":
      return {
        kind: "reassign",
        content: opts.reassignCandidates ? reassignFormContent(input, opts.reassignCandidates) : null,
      };
    default:
      return null;
  }
}

function fallbackLine(view: CaseCardView): CardLine {
  const X = cardText(view.locale);
  const F = X.fallback;
  const cat = X.category[view.category];
  const line: CardLine = [F.lead(cat.emoji, cat.label, view.score)];
  if (view.teamName) line.push(F.forTeam, outside(view.teamName, 100));
  if (view.comment && !view.erased) line.push(": “", outside(view.comment, 200, true), "”");
  if (view.status === "resolved") line.push(view.outcome === "score_updated" ? F.scoreUpdated : F.resolved);
  else if (view.ownerName) line.push(F.claimedBy, outside(view.ownerName, 100), F.claimedByEnd);
  return line;
}
