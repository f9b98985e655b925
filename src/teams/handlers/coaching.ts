// The coaching loop in Teams: `coach <person> <topic>` (managers; the person by @mention, email or
// name), `reminders off|on`, and the "Mark done" button (Action.Execute verb coaching_done) on the
// coaching messages. All rules live in the coaching service; this only reads Teams input.
import { type AdaptiveCardInvokeResponse, TeamsInfo, type TurnContext } from "botbuilder";
import { isAppError } from "../../core/errors.js";
import { type Locale, t } from "../../core/i18n/index.js";
import { asSentence, personNotFoundText } from "../../core/messages/access.js";
import { COACHING_DONE_ACTION } from "../../core/messages/coaching.js";
import type { Actor, PersonRecord } from "../../core/types.js";
import { TEAMS_STYLE } from "../answer-style.js";
import type { ExtraVerbHandler } from "../bot.js";
import { messageResponse } from "./actions.js";
import {
  actorOf,
  readerLocaleOf,
  replyMessage,
  replyText,
  type TeamsHandlerDeps,
  unknownPersonText,
} from "./context.js";
import type { MentionMap, MessageRoutes } from "./messages.js";

export function createCoachingHandlers(h: TeamsHandlerDeps): {
  routes: MessageRoutes;
  verbs: Record<string, ExtraVerbHandler>;
} {
  const { coaching, access } = h.services;

  async function coach(ctx: TurnContext, who: string | null, topic: string | null, mentions: MentionMap) {
    const actor = await actorOf(h, ctx);
    const locale = await readerLocaleOf(h, ctx, actor.person);
    if (!actor.person?.active) return replyText(ctx, unknownPersonText(ctx, locale));
    if (!who || !topic) return replyText(ctx, t(locale, "teams.coachUsage"));
    const staff = await findPerson(ctx, actor.person, who, mentions, locale);
    if (typeof staff === "string") return replyText(ctx, staff);
    try {
      const { message } = await coaching.planCoaching({ managerActor: actor, staff, topic });
      await replyText(ctx, message);
    } catch (e) {
      if (isAppError(e)) return replyText(ctx, asSentence(e.userMessage));
      throw e;
    }
  }

  async function reminders(ctx: TurnContext, enabled: boolean | null) {
    const { person } = await actorOf(h, ctx);
    const locale = await readerLocaleOf(h, ctx, person);
    if (!person?.active) return replyText(ctx, unknownPersonText(ctx, locale));
    if (enabled === null) {
      return replyText(ctx, t(locale, "teams.remindersState", { state: person.remindersEnabled ? "on" : "off" }));
    }
    const { message } = await coaching.setReminders(person, enabled);
    await replyText(ctx, message);
  }

  async function markDone(ctx: TurnContext, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
    const sessionId = Number(data.value);
    const actor: Actor = await actorOf(h, ctx);
    const locale = await readerLocaleOf(h, ctx, actor.person);
    if (!Number.isInteger(sessionId) || sessionId <= 0) return messageResponse(t(locale, "teams.noSession"));
    if (!actor.person) return messageResponse(unknownPersonText(ctx, locale));
    const notesKey = typeof data.notesInput === "string" ? data.notesInput : null;
    const notes = notesKey && typeof data[notesKey] === "string" ? (data[notesKey] as string) : null;
    try {
      const done = await coaching.markDone({ actor, sessionId, notes });
      // The summary (NPS before and since) stays in the chat; the toast confirms the click.
      await replyMessage(ctx, {
        text: done.message,
        blocks: [
          { type: "header", text: t(locale, "teams.coachingDone") },
          ...done.message.split("\n").map((line) => ({ type: "text" as const, text: line })),
        ],
      });
      return messageResponse(t(locale, "teams.markedDone"));
    } catch (e) {
      if (isAppError(e)) return messageResponse(e.userMessage);
      throw e;
    }
  }

  /** The person named by an @mention (looked up through Teams), an email or a name, as the viewer may see them. */
  async function findPerson(
    ctx: TurnContext,
    viewer: PersonRecord,
    who: string,
    mentions: MentionMap,
    locale: Locale,
  ): Promise<PersonRecord | string> {
    const mentioned = mentions.get(who);
    if (mentioned) {
      const aad = mentioned.aadObjectId ?? (await memberAadId(ctx, mentioned.id));
      const query = { by: "teams_user" as const, aadObjectId: aad ?? "", name: mentioned.name };
      if (!aad) return personNotFoundText({ reason: "unknown", query }, TEAMS_STYLE, locale);
      const found = await access.findPerson(viewer, query);
      return found.ok ? found.person : personNotFoundText(found, TEAMS_STYLE, locale);
    }
    const found = await access.findPerson(
      viewer,
      who.includes("@") ? { by: "email", email: who } : { by: "name", name: who },
    );
    if (found.ok) return found.person;
    const text = personNotFoundText(found, TEAMS_STYLE, locale);
    return found.reason === "not_found" ? `${text} ${t(locale, "teams.coachUsage")}` : text;
  }

  async function memberAadId(ctx: TurnContext, userId: string): Promise<string | null> {
    try {
      return (await TeamsInfo.getMember(ctx, userId)).aadObjectId ?? null;
    } catch (err) {
      h.deps.log.warn({ err }, "could not look up a mentioned Teams member");
      return null;
    }
  }

  return { routes: { coach, reminders }, verbs: { [COACHING_DONE_ACTION]: markDone } };
}
