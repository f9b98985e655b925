// Renders a case card for Teams with what the pure builder cannot look up itself (who the case can
// be handed to, and who reads the card in another language), shared by the sender (channel posts and
// updates) and the Action.Execute answers.
//
// Per-reader language: the shared card speaks its channel's language. Its `refresh` clause names the
// team's managers whose own language differs (at most 60, Teams' limit for user-specific views);
// Teams then asks the bot (verb "refresh") for their view when they look at it, and the bot answers
// with the card in their language. Anyone else can pick "Refresh card" to get theirs.
import { matchLocale, SOURCE_LOCALE } from "../core/i18n/index.js";
import type { PersonRecord } from "../core/types.js";
import type { CaseCardView } from "../core/views.js";
import type { CoreDeps } from "../deps.js";
import { createCaseService } from "../services/cases.js";
import { buildCaseCard, type CaseCardOptions, withRefresh } from "./cards/case-card.js";
import type { AdaptiveCard } from "./cards/common.js";
import { asReference } from "./references.js";

/** Teams shows user-specific card views to at most this many people. */
export const REFRESH_USERS_MAX = 60;

/**
 * The Teams ids (from their personal chat with the bot) of the people whose own language differs
 * from the card's, in order, without repeats, at most REFRESH_USERS_MAX (pure).
 */
export function refreshUserIds(cardLocale: string | undefined, people: readonly PersonRecord[]): string[] {
  const ids: string[] = [];
  const card = cardLocale ?? SOURCE_LOCALE;
  for (const p of people) {
    const own = matchLocale(p.locale) ?? matchLocale(p.platformLocale);
    const id = asReference(p.teamsConversationRef)?.user?.id;
    if (own && own !== card && id && !ids.includes(id)) ids.push(id);
    if (ids.length === REFRESH_USERS_MAX) break;
  }
  return ids;
}

/** The card of a case as its channel shows it, or as one reader does (`view` built in their language). */
export async function renderCaseCard(
  deps: CoreDeps,
  view: CaseCardView,
  opts: Omit<CaseCardOptions, "reassignCandidates"> = {},
): Promise<AdaptiveCard> {
  // A case without a team has no managers: nobody to hand it to or to refresh it for.
  const { managers, ownerId } = await createCaseService(deps).cardActors(view.caseId);
  const candidates = view.actions.includes("reassign")
    ? managers.filter((p) => p.id !== ownerId).map((p) => ({ personId: p.id, name: p.name }))
    : [];
  return withRefresh(
    buildCaseCard(view, { ...opts, reassignCandidates: candidates }),
    view,
    refreshUserIds(view.locale, managers),
  );
}
