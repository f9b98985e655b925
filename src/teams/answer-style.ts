// How Teams shows the shared answers of core/messages/access.ts: what the user typed in curly
// quotes (never masked: it is their own input), slugs and names as they are, commands as typed.
import type { AnswerStyle } from "../core/messages/access.js";

/** Commands typed without the `nps` prefix in Teams. */
const TOP_LEVEL = new Set(["link", "coach", "reminders"]);

export const TEAMS_STYLE: AnswerStyle = {
  quote: (text) => `“${text}”`,
  code: (text) => text,
  command: (args) => (TOP_LEVEL.has(args.split(" ")[0] ?? "") ? `“${args}”` : `“nps ${args}”`),
  strong: (text) => text,
};
