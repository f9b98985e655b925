// What every Teams handler gets: the runtime (adapter, hints), the core deps and the services.
import type { TurnContext } from "botbuilder";
import type { ChartLinks } from "../../charts/links.js";
import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import type { Actor, PersonRecord } from "../../core/types.js";
import type { MessageView } from "../../core/views.js";
import type { CoreDeps } from "../../deps.js";
import type { CaseService } from "../../services/cases.js";
import type { Services } from "../../services/index.js";
import type { QueryService } from "../../services/queries.js";
import { buildMessageCard } from "../cards/message-card.js";
import type { TeamsRuntime } from "../runtime.js";
import { cardActivity } from "../sender.js";

export interface TeamsHandlerDeps {
  rt: TeamsRuntime;
  /** For the runtime, sender and references (src/teams infrastructure); handlers use `services`. */
  deps: CoreDeps;
  services: Services;
  cases: CaseService;
  queries: QueryService;
  /** Signed links to chart PNGs this server serves (null without PUBLIC_URL). */
  chartLinks?: ChartLinks | null;
}

/** The AAD object id Teams sends for the user (stable across chats; what the org file maps). */
export function aadIdOf(ctx: TurnContext): string | null {
  return ctx.activity.from?.aadObjectId ?? null;
}

export async function actorOf(h: TeamsHandlerDeps, ctx: TurnContext): Promise<Actor> {
  const aad = aadIdOf(ctx);
  if (!aad) return { label: `teams:${ctx.activity.from?.id ?? "unknown"}`, person: null };
  const actor = await h.cases.resolveActor("teams", aad);
  // Teams sends the client's language with every activity: remembered when it changes.
  await h.services.language.remember(actor.person, ctx.activity.locale);
  return actor;
}

/** The language to answer this person in (their own, Teams', their team's, company's, default). */
export function readerLocaleOf(h: TeamsHandlerDeps, ctx: TurnContext, person: PersonRecord | null): Promise<Locale> {
  return h.services.language.localeOf(person, ctx.activity.locale);
}

/** Said to people NPS Loop does not know yet: what an admin must add (in `locale`, English by default). */
export function unknownPersonText(ctx: TurnContext, locale: Locale = SOURCE_LOCALE): string {
  const aad = aadIdOf(ctx);
  return aad ? t(locale, "teams.unknownPersonAad", { aad }) : t(locale, "teams.unknownPerson");
}

/** unknownPersonText in the language Teams reports for the asker (else the default). */
export async function unknownPersonTextFor(h: TeamsHandlerDeps, ctx: TurnContext): Promise<string> {
  return unknownPersonText(ctx, await readerLocaleOf(h, ctx, null));
}

/**
 * Answers with text, rendered as a card so nothing the user typed is interpreted as markup. It is an
 * answer to the asker: what they typed is echoed as they typed it (not masked).
 */
export async function replyText(ctx: TurnContext, text: string, header?: string): Promise<void> {
  const message: MessageView = {
    text,
    blocks: [...(header ? [{ type: "header" as const, text: header }] : []), { type: "text", text }],
    answer: true,
  };
  await ctx.sendActivity(cardActivity(buildMessageCard(message)));
}

export async function replyMessage(ctx: TurnContext, message: MessageView): Promise<void> {
  await ctx.sendActivity(cardActivity(buildMessageCard(message)));
}
