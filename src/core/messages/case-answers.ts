// What the person who acted on a case is told (pure), in their language: the answer to a claim,
// resolve, reassign, note, and why a case could not be found or changed.
import { cardText, rootCauseLabel } from "../card-text.js";
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import type { CaseDetail, CaseOutcome } from "../types.js";
import { shortDate } from "./format.js";

/** The part of a case command an answer needs (services/cases.ts has the whole command). */
export type AnsweredCommand =
  | { type: "claim" | "unclaim" | "contacted" | "reassign" | "note" }
  | { type: "resolve"; rootCause: string; coachStaff?: boolean | undefined };

/** Days until a coaching session planned from the resolve form is due. */
export const COACHING_DUE_DAYS = 7;

/** An outcome as answers say it: the id in English as always ("not recovered"), else its label. */
export function outcomeWords(locale: Locale, outcome: CaseOutcome): string {
  return locale === SOURCE_LOCALE ? outcome.replace("_", " ") : cardText(locale).outcome[outcome].label;
}

/** A root cause as answers say it: the id in English as always, else its label. */
function causeWords(locale: Locale, cause: string | null | undefined): string {
  if (!cause) return String(cause);
  return locale === SOURCE_LOCALE ? cause : rootCauseLabel(locale, cause);
}

export function caseDoneMessage(cmd: AnsweredCommand, c: CaseDetail, now: Date, L: Locale = SOURCE_LOCALE): string {
  const id = c.id;
  switch (cmd.type) {
    case "claim":
      return t(L, "done.claim", { id });
    case "unclaim":
      return t(L, "done.unclaim", { id });
    case "contacted":
      return t(L, "done.contacted", { id });
    case "reassign":
      return t(L, "done.reassign", { id, owner: c.owner?.name ?? t(L, "done.newOwner") });
    case "resolve":
      return t(L, "done.resolve", {
        id,
        outcome: c.outcome ? outcomeWords(L, c.outcome) : "undefined",
        cause: causeWords(L, c.rootCause),
        coaching: coachingPlannedText(cmd, c, now, L),
      });
    case "note":
      return t(L, "done.note", { id });
  }
}

/** What "plan a coaching session" in the resolve form planned, and for when (or why nothing was). */
function coachingPlannedText(
  cmd: Extract<AnsweredCommand, { type: "resolve" }>,
  c: CaseDetail,
  now: Date,
  L: Locale,
): string {
  if (!cmd.coachStaff) return "";
  if (!c.response.staffId) return t(L, "done.noStaff");
  const due = new Date(now.getTime() + COACHING_DUE_DAYS * 86_400_000);
  const who = c.staff?.name ?? t(L, "done.theStaff");
  const date = shortDate(due, c.team?.timeZone ?? "UTC", L);
  return t(L, "done.coaching", { who, cause: causeWords(L, cmd.rootCause), date });
}
