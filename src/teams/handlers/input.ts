// What a person sends the bot, made storable before anyone reads it: each NUL or lone UTF-16
// surrogate (text PostgreSQL cannot store) becomes U+FFFD in the text, card data and names, so a
// command, a note or a form is answered normally instead of failing deep in the database.
import type { TurnContext } from "botbuilder";
import { cleanInPlace, cleanText } from "../../core/text-check.js";

const PERSON_INPUT = ["text", "value", "from", "recipient", "conversation", "entities", "channelData"] as const;

export function cleanActivityInput(activity: TurnContext["activity"]): void {
  for (const key of PERSON_INPUT) {
    const v = activity[key];
    if (typeof v === "string") activity[key] = cleanText(v) as never;
    else cleanInPlace(v);
  }
}
