// What Teams brings to the shared command grammar (core/chat-command.ts). People write to the bot
// without a slash command, so the command word is optional: `nps …` or `report …` asks a report
// (`nps` alone: the asker's own default), while a message without it is a command only when its
// first word is one (`coach`, `help`, `language`...): anything else gets the help card, never a
// report on a slug that happens to be the first word of a sentence. A person is named by an email
// (Teams strips @mentions before: see commandText).
import { type ChatGrammar, type ChatRequest, parseChatCommand } from "../core/chat-command.js";

/** A person named in a Teams command: a ReportAsk of the access service as it is. */
export type TeamsPersonRef = { by: "email"; email: string };
export type TeamsRequest = ChatRequest<TeamsPersonRef>;

const COMMAND_WORDS = new Set(["nps", "report"]);

function grammar(alone: "help" | "report"): ChatGrammar<TeamsPersonRef> {
  return { person: (word) => (word.includes("@") ? { by: "email", email: word } : null), alone, commandWord: "nps" };
}

export function parseTeamsCommand(input: string): TeamsRequest {
  // Teams may leave non-breaking and zero-width spaces, and a leading slash from the command menu.
  const text = input
    .replace(/[\u00a0\u200b]/g, " ")
    .trim()
    .replace(/^\//, "");
  const [first = "", ...rest] = text.split(/\s+/);
  const prefixed = COMMAND_WORDS.has(first.toLowerCase());
  const req = prefixed ? parseChatCommand(rest.join(" "), grammar("report")) : parseChatCommand(text, grammar("help"));
  const isCommand = prefixed || (req.kind !== "report" && req.kind !== "invalid");
  return req.kind === "unknown" || !isCommand ? { kind: "unknown", text } : req;
}
