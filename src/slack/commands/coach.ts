// `/nps coach @person <topic>` and `/nps reminders on|off`: thin over the access and coaching services.
import { isAppError } from "../../core/errors.js";
import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import { asSentence, personNotFoundText } from "../../core/messages/access.js";
import type { PersonRecord } from "../../core/types.js";
import { SLACK_STYLE } from "../answer-style.js";
import type { SlackDeps } from "../context.js";
import { serviceText } from "../views/blocks.js";
import type { SlackPersonRef } from "./grammar.js";
import { unknownPersonText } from "./report.js";

export async function planCoaching(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  viewerSlackId: string,
  req: { person: SlackPersonRef | null; topic: string | null },
  locale: Locale = SOURCE_LOCALE,
): Promise<string> {
  if (!viewer?.active) return unknownPersonText(locale);
  if (!req.person) return t(locale, "slack.coachUsage");
  const found = await deps.access.findPerson(viewer, req.person);
  if (!found.ok) return personNotFoundText(found, SLACK_STYLE, locale);
  const staff = found.person;
  try {
    const { message } = await deps.coaching.planCoaching({
      managerActor: { label: `slack:${viewerSlackId}`, person: viewer },
      staff,
      topic: req.topic ?? "",
    });
    return serviceText(message);
  } catch (err) {
    if (isAppError(err)) return serviceText(asSentence(err.userMessage));
    throw err;
  }
}

export async function setReminders(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  enabled: boolean | null,
  locale: Locale = SOURCE_LOCALE,
): Promise<string> {
  if (!viewer?.active) return unknownPersonText(locale);
  if (enabled === null) return t(locale, "slack.remindersUsage");
  const { message } = await deps.coaching.setReminders(viewer, enabled);
  return serviceText(message);
}
