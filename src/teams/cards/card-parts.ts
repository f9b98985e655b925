// Renders the neutral card text parts (core/case-card CardPart) for an Adaptive Card: outside text
// goes through the text-safety pass, our own wording is kept, dates use Adaptive Cards' DATE/TIME
// so that each reader sees their own zone.
import type { CardLine, CardPart } from "../../core/card-parts.js";
import { md, plain } from "./common.js";

/**
 * Adaptive Cards' DATE/TIME functions render in the reader's own time zone and locale, so one
 * card reads right for a manager in Madrid and a director in New York.
 */
export function localDateTime(at: Date): string {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

/** A line for a TextBlock or a FactSet value (Teams' markdown subset). */
export function markdownLine(line: CardLine): string {
  return line.map(markdownPart).join("");
}

function markdownPart(p: CardPart): string {
  if (typeof p === "string") return p;
  if ("outside" in p) return md(p.outside, { max: p.max, maskContacts: p.mask });
  if ("em" in p) return `_${p.em}_`;
  if ("strong" in p) return `**${p.strong}**`;
  if ("date" in p) return localDateTime(p.date);
  return md(p.person, { max: 200, maskContacts: false });
}

/** A line for a TextRun or an input's title (shown literally). */
export function plainLine(line: CardLine): string {
  return line.map(plainPart).join("");
}

function plainPart(p: CardPart): string {
  if (typeof p === "string") return p;
  if ("outside" in p) return plain(p.outside, { max: p.max, maskContacts: p.mask });
  if ("em" in p) return p.em;
  if ("strong" in p) return p.strong;
  if ("date" in p) return p.date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return plain(p.person, { max: 200, maskContacts: false });
}
