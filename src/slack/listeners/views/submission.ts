// Shared path of the case forms' submissions: validate the fields (errors go back into the modal),
// ack to close it, run the service, and tell the submitter privately how it went.

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { t } from "../../../core/i18n/index.js";
import type { CaseCommand } from "../../../services/cases.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { serviceText } from "../../views/blocks.js";
import { decodeMetadata, type ModalMetadata } from "../../views/modals.js";
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

/**
 * Validates, acks and runs a case command from a form. `parse` returns either the command or
 * field errors keyed by block id.
 */
export async function submitCaseForm(
  deps: SlackDeps,
  args: SubmitArgs,
  kind: string,
  parse: (values: StateValues, meta: ModalMetadata) => CaseCommand | { errors: Record<string, string> },
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
  const parsed = parse(view.state.values, meta);
  if ("errors" in parsed) {
    await ack({ response_action: "errors", errors: parsed.errors });
    observeAnswer(deps, `view_${kind}`, started);
    return;
  }
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
