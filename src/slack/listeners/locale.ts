// The language of a Slack user's private answers when a listener has not resolved them yet (rare
// paths: a stale button or form): the whose-language chain of services.language.
import type { Locale } from "../../core/i18n/index.js";
import type { SlackDeps } from "../context.js";

export async function slackUserLocale(deps: SlackDeps, userId: string): Promise<Locale> {
  const person = (await deps.cases.resolveActor("slack", userId)).person;
  return deps.services.language.localeOf(person);
}
