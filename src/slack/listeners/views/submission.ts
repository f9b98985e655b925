// Shared path of the case forms' submissions: validate the fields (errors go back into the modal),
// ack to close it, run the service, and tell the submitter privately how it went.

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { type CaseFormAnswers, type CaseFormField, type CaseFormKind, readCaseForm } from "../../../core/case-forms.js";
import { matchLocale, t } from "../../../core/i18n/index.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { serviceText } from "../../views/blocks.js";
import { decodeMetadata, FIELD } from "../../views/modals.js";
import { unknownPersonHint } from "../actions/case-action.js";
import { slackUserLocale } from "../locale.js";
import { failureText, replyPrivately, yieldAfterAck } from "../reply.js";

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export type StateValues = ViewSubmitAction["view"]["state"]["values"];

export function selectedValue(values: StateValues, block: string, action: string): string | null {
  return values[block]?.[action]?.selected_option?.value ?? null;
}

export function selectedValues(values: StateValues, block: string, action: string): string[] {
  return (values[block]?.[action]?.selected_options ?? []).map((o) => o.value);
}

export function textValue(values: StateValues, block: string, action: string): string {
  return values[block]?.[action]?.value?.trim() ?? "";
}

/** The modal block that shows each field's error. */
const ERROR_BLOCK: Record<CaseFormField, string> = {
  outcome: FIELD.outcome.block,
  rootCause: FIELD.rootCause.block,
  note: FIELD.note.block,
  newOwner: FIELD.assignee.block,
};

/**
 * Validates (core's readCaseForm, in the language the form was shown in), acks and runs a case
 * command from a form. `answers` reads the modal's inputs.
 */
export async function submitCaseForm(
  deps: SlackDeps,
  args: SubmitArgs,
  kind: CaseFormKind,
  answers: (values: StateValues) => CaseFormAnswers,
): Promise<void> {
  const { ack, body, view, client } = args;
  const started = performance.now();
  const meta = decodeMetadata(view.private_metadata);
  const to = { userId: body.user.id, channelId: meta.channelId, responseUrl: meta.responseUrl };
  if (!meta.caseId) {
    await ack();
    await yieldAfterAck();
    await replyPrivately(deps, client, to, {
      text: t(await slackUserLocale(deps, body.user.id), "slack.formLostCase"),
    });
    return;
  }
  const reading = readCaseForm(
    kind,
    answers(view.state.values),
    deps.core.config.rootCauses,
    matchLocale(meta.locale) ?? undefined,
  );
  if (!reading.ok) {
    const errors = Object.fromEntries(
      Object.entries(reading.errors).map(([field, message]) => [ERROR_BLOCK[field as CaseFormField], message]),
    );
    await ack({ response_action: "errors", errors });
    observeAnswer(deps, `view_${kind}`, started);
    return;
  }
  const parsed = reading.command;
  await ack();
  await yieldAfterAck();
  try {
    const actor = await deps.cases.resolveActor("slack", body.user.id);
    const result = await deps.cases.act(meta.caseId, parsed, actor);
    await replyPrivately(deps, client, to, {
      text: serviceText(result.message) + (result.ok ? "" : unknownPersonHint(actor)),
    });
  } catch (err) {
    await replyPrivately(deps, client, to, {
      text: failureText(err, deps, `saving the ${kind} of case #${meta.caseId}`),
    });
  } finally {
    observeAnswer(deps, `view_${kind}`, started);
  }
}
