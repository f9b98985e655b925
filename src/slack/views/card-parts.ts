// Renders the neutral card text parts (core/case-card CardPart) as Slack text: our own wording is
// escaped only where Slack would read it as a mention or link (&, <, >), outside text goes through
// the text-safety pass, dates become Slack's reader-local dates, and a person a mention.
import type { CardLine, CardPart } from "../../core/card-parts.js";
import { md, plain, slackDate } from "./blocks.js";

function ours(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A line as mrkdwn (sections, fields, context, and the message's fallback `text`). */
export function mrkdwnLine(line: CardLine): string {
  return line.map(mrkdwnPart).join("");
}

function mrkdwnPart(p: CardPart): string {
  if (typeof p === "string") return ours(p);
  if ("outside" in p) return md(p.outside, p.max, p.mask);
  if ("em" in p) return `_${ours(p.em)}_`;
  if ("strong" in p) return `*${ours(p.strong)}*`;
  if ("date" in p) return slackDate(p.date);
  return p.slackUserId ? `<@${p.slackUserId}>` : md(p.person, 200, false);
}

/** A line as plain_text (headers, options): shown literally. */
export function plainLine(line: CardLine): string {
  return line.map(plainPart).join("");
}

function plainPart(p: CardPart): string {
  if (typeof p === "string") return p;
  if ("outside" in p) return plain(p.outside, p.max, p.mask);
  if ("em" in p) return p.em;
  if ("strong" in p) return p.strong;
  if ("date" in p) return p.date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return plain(p.person, 200, false);
}
