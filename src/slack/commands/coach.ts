// `/nps coach @person <topic>` and `/nps reminders on|off`: thin over the access and coaching services.
import { isAppError } from "../../core/errors.js";
import { asSentence, personNotFoundText } from "../../core/messages/access.js";
import type { PersonRecord } from "../../core/types.js";
import { SLACK_STYLE } from "../answer-style.js";
import type { SlackDeps } from "../context.js";
import { serviceText } from "../views/blocks.js";
import { UNKNOWN_PERSON_TEXT } from "./report.js";

export async function planCoaching(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  viewerSlackId: string,
  req: { userId: string | null; topic: string },
): Promise<string> {
  if (!viewer?.active) return UNKNOWN_PERSON_TEXT;
  if (!req.userId) {
    return "Whom and what about? For example: `/nps coach @jamie calling ahead when running late`.";
  }
  const found = await deps.access.findPerson(viewer, { by: "slack_user", userId: req.userId });
  if (!found.ok) return personNotFoundText(found, SLACK_STYLE);
  const staff = found.person;
  try {
    const { message } = await deps.coaching.planCoaching({
      managerActor: { label: `slack:${viewerSlackId}`, person: viewer },
      staff,
      topic: req.topic,
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
): Promise<string> {
  if (!viewer?.active) return UNKNOWN_PERSON_TEXT;
  if (enabled === null)
    return "Say `/nps reminders off` to stop your weekly reminders, or `/nps reminders on` to get them again.";
  const { message } = await deps.coaching.setReminders(viewer, enabled);
  return serviceText(message);
}
