// The coaching "Mark done" form's submission: the service checks who may, records the notes and
// answers with the person's NPS before the session and since.
import type { App } from "@slack/bolt";
import { isAppError } from "../../../core/errors.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { serviceText } from "../../views/blocks.js";
import { CALLBACK, decodeMetadata, FIELD, NOTE_MAX } from "../../views/modals.js";
import { publishHome } from "../events/app-home-opened.js";
import { failureText, replyPrivately, yieldAfterAck } from "../reply.js";
import { type SubmitArgs, textValue } from "./submission.js";

export function registerCoachingDoneSubmission(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.coachingDone, async ({ ack, body, view, client }: SubmitArgs) => {
    const started = performance.now();
    const meta = decodeMetadata(view.private_metadata);
    const notes = textValue(view.state.values, FIELD.coachingNotes.block, FIELD.coachingNotes.action);
    if (notes.length > NOTE_MAX) {
      await ack({
        response_action: "errors",
        errors: {
          [FIELD.coachingNotes.block]: `Keep the notes under ${NOTE_MAX} characters (they have ${notes.length}).`,
        },
      });
      return;
    }
    await ack();
    await yieldAfterAck();
    const to = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
    try {
      if (!meta.sessionId) throw new Error("coaching form without a session id");
      const actor = await deps.cases.resolveActor("slack", body.user.id);
      let text: string;
      try {
        text = (await deps.coaching.markDone({ actor, sessionId: meta.sessionId, notes: notes || null })).message;
      } catch (err) {
        if (!isAppError(err)) throw err;
        text = err.userMessage.charAt(0).toUpperCase() + err.userMessage.slice(1);
      }
      await replyPrivately(deps, client, to, { text: serviceText(text) });
      // Clicked from App Home: show the list without the finished session.
      if (!meta.responseUrl) await publishHome(deps, client, body.user.id);
    } catch (err) {
      await replyPrivately(deps, client, to, { text: failureText(err, deps, "marking the coaching done") });
    } finally {
      observeAnswer(deps, "view_coaching_done", started);
    }
  });
}
