// How Slack shows the shared answers of core/messages/access.ts: slugs in code, what the user
// typed in quotes (escaped, never masked: it is their own input), commands as `/nps …`.
import type { AnswerStyle } from "../core/messages/access.js";
import { md } from "./views/blocks.js";

export const SLACK_STYLE: AnswerStyle = {
  quote: (text) => `"${md(text, 100, false)}"`,
  code: (text) => `\`${md(text, 60, false)}\``,
  command: (args) => `\`/nps ${args}\``,
  mention: (userId) => `<@${userId}>`,
  channel: (channelId) => `<#${channelId}>`,
  strong: (text) => `*${md(text, 100, false)}*`,
};
