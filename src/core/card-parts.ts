// The parts neutral cards are written in (core/case-card.ts, core/case-forms.ts): our own wording
// (plain strings from core/card-text) kept apart from outside text (comments, names), which each
// platform's converter makes safe; dates and people that each platform shows its own way.
import type { CaseCardView } from "./views.js";

/** Outside text (customer words, names, org labels): converters clean, cap and (if asked) mask it. */
export interface OutsidePart {
  outside: string | null;
  /** Mask emails and phone numbers (customer data on a channel post). */
  mask: boolean;
  /** Cap in characters, with an honest marker. */
  max: number;
}

/** A piece of card text. A bare string is our own wording from core/card-text. */
export type CardPart =
  | string
  | OutsidePart
  /** Our own wording, emphasised (italic): "Unclaimed". */
  | { em: string }
  /** Our own wording, strong: "Case #42" in a form's summary. */
  | { strong: string }
  /** A moment each reader sees in their own time zone. */
  | { date: Date }
  /** A person: a mention where the platform has their id, else the name (outside text). */
  | { person: string; slackUserId: string | null };

export type CardLine = CardPart[];

export interface CardFact {
  label: string;
  value: CardLine;
}

export interface ReassignCandidate {
  personId: number;
  name: string;
}

/** Managers a case can be handed to: never its current owner. */
export function reassignChoicesFor(
  view: Pick<CaseCardView, "ownerId" | "ownerName">,
  candidates: ReassignCandidate[],
): ReassignCandidate[] {
  return candidates.filter((c) =>
    view.ownerId !== undefined && view.ownerId !== null ? c.personId !== view.ownerId : c.name !== view.ownerName,
  );
}
