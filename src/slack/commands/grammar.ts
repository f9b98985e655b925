// What Slack brings to the shared command grammar (core/chat-command.ts): a person is named by an
// escaped mention, <@U123|name> (the command's "escape" option is on, see manifests/slack.yaml), and
// `/nps` alone shows the help. Plus that help, in the reader's language.
import type { ChatGrammar, ChatRequest } from "../../core/chat-command.js";
import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";

/** A person named in a Slack command: a PersonQuery and a ReportAsk of the access service as it is. */
export type SlackPersonRef = { by: "slack_user"; userId: string };
export type SlackRequest = ChatRequest<SlackPersonRef>;

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export const SLACK_GRAMMAR: ChatGrammar<SlackPersonRef> = {
  person(word) {
    const userId = MENTION.exec(word)?.[1];
    return userId ? { by: "slack_user", userId } : null;
  },
  alone: "help",
  commandWord: "/nps",
};

/** The `/nps` help, in the reader's language (the words live in the catalogues as help.slack). */
export function helpText(locale: Locale = SOURCE_LOCALE): string {
  return [
    t(locale, "help.slack"),
    t(locale, "help.slack.retention"),
    t(locale, "help.slack.impact"),
    t(locale, "help.slack.coaching"),
  ].join("\n");
}
