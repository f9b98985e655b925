// Shared path of the case card buttons: ack first, then the case service, then a private answer.
// Buttons that open a form (resolve, reassign, note) first check, within a short budget, whether
// the clicker may act at all, so that nobody fills a form only to be refused at the end.

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Locale } from "../../../core/i18n/index.js";
import { t } from "../../../core/i18n/index.js";
import type { Actor, PersonRecord } from "../../../core/types.js";
import type { CaseCardView } from "../../../core/views.js";
import type { CaseCommand, FormKind } from "../../../services/cases.js";
import type { SlackDeps } from "../../context.js";
import { observeAnswer } from "../../context.js";
import { serviceText } from "../../views/blocks.js";
import type { CaseForm } from "../../views/modals.js";
import { slackUserLocale } from "../locale.js";
import { failureText, replyPrivately, withinBudget, yieldAfterAck } from "../reply.js";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** How long a form button may spend checking permissions before it opens the form anyway. */
const PRECHECK_BUDGET_MS = 1000;

export function caseIdOf(value: string | undefined): number | null {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function unknownPersonHint(actor: Actor): string {
  return actor.person
    ? ""
    : "\n_Your Slack account is not linked to anyone in NPS Loop; an admin adds your Slack user id to the org file._";
}

export function replyTarget(body: BlockAction) {
  return { userId: body.user.id, channelId: body.channel?.id, responseUrl: body.response_url };
}

/** Claim, unclaim, mark contacted: one click, one service call, one private answer. */
export function simpleCaseAction(deps: SlackDeps, cmd: CaseCommand, kind: string) {
  return async ({ ack, body, action, client }: ButtonArgs) => {
    const started = performance.now();
    await ack();
    await yieldAfterAck();
    const to = replyTarget(body);
    const caseId = caseIdOf(action.value);
    if (!caseId) {
      await replyPrivately(deps, client, to, {
        text: t(await slackUserLocale(deps, body.user.id), "case.noCase"),
      });
      return;
    }
    try {
      const actor = await deps.cases.resolveActor("slack", body.user.id);
      const result = await deps.cases.act(caseId, cmd, actor);
      const text = serviceText(result.message) + (result.ok ? "" : unknownPersonHint(actor));
      await replyPrivately(deps, client, to, { text });
    } catch (err) {
      await replyPrivately(deps, client, to, { text: failureText(err, deps, `handling ${kind} on case #${caseId}`) });
    } finally {
      observeAnswer(deps, `action_${kind}`, started);
    }
  };
}

export type Precheck =
  | { ok: true; view: CaseCardView; candidates: PersonRecord[]; locale: Locale }
  | { ok: false; message: string }
  | { ok: "unknown" };

/**
 * Would this person be allowed to start `kind` on the case? The case service applies the rule it
 * applies on submission and audits a refusal; this only bounds the wait.
 */
export async function precheckCase(deps: SlackDeps, caseId: number, userId: string, kind: FormKind): Promise<Precheck> {
  const check = async (): Promise<Precheck> => {
    const actor = await deps.cases.resolveActor("slack", userId);
    const pre = await deps.cases.precheck(caseId, actor, kind);
    if (!pre.ok) {
      const hint = pre.code === "NOT_FOUND" ? "" : unknownPersonHint(actor);
      return { ok: false, message: `${serviceText(pre.message)}${hint}` };
    }
    // The form speaks the reader's language (a Hong Kong manager on a Spanish team's card, say).
    const locale = await deps.services.language.localeOf(actor.person);
    return { ok: true, view: pre.view, candidates: pre.candidates, locale };
  };
  return withinBudget(check(), PRECHECK_BUDGET_MS, { ok: "unknown" } as const);
}

/** Opens a form for a case button, or answers privately why not. */
export async function openCaseForm(
  deps: SlackDeps,
  args: ButtonArgs,
  kind: FormKind,
  open: (form: CaseForm, candidates: PersonRecord[] | null) => Promise<void>,
): Promise<void> {
  const { ack, body, action, client } = args;
  const started = performance.now();
  await ack();
  await yieldAfterAck();
  const to = replyTarget(body);
  const caseId = caseIdOf(action.value);
  if (!caseId) {
    await replyPrivately(deps, client, to, {
      text: t(await slackUserLocale(deps, body.user.id), "case.noCase"),
    });
    return;
  }
  try {
    const pre = await precheckCase(deps, caseId, body.user.id, kind);
    if (pre.ok === false) {
      await replyPrivately(deps, client, to, { text: pre.message });
      return;
    }
    // A slow check opens the form without the case summary (the trigger expires 3 s after the
    // click); the service still decides on submission.
    await open(
      {
        caseId,
        rootCauses: deps.core.config.rootCauses,
        view: pre.ok === true ? pre.view : null,
        ...(pre.ok === true ? { locale: pre.locale } : {}),
      },
      pre.ok === true ? pre.candidates : null,
    );
  } catch (err) {
    await replyPrivately(deps, client, to, { text: failureText(err, deps, `opening the ${kind} form`) });
  } finally {
    observeAnswer(deps, `action_${kind}`, started);
  }
}
