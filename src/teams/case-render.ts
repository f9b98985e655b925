// Renders a case card for Teams with what the pure builder cannot look up itself (who the case can
// be handed to, from the case service), shared by the sender (channel posts and updates) and the
// Action.Execute answers.
import type { TeamRecord } from "../core/types.js";
import type { CaseCardView } from "../core/views.js";
import type { CoreDeps } from "../deps.js";
import { createCaseService } from "../services/cases.js";
import { buildCaseCard, type CaseCardOptions } from "./cards/case-card.js";
import type { AdaptiveCard } from "./cards/common.js";

export async function renderCaseCard(
  deps: CoreDeps,
  view: CaseCardView,
  team: Pick<TeamRecord, "id"> | null,
  opts: Omit<CaseCardOptions, "reassignCandidates"> = {},
): Promise<AdaptiveCard> {
  const candidates =
    team && view.actions.includes("reassign")
      ? (await createCaseService(deps).reassignCandidates(view.caseId)).map((p) => ({ personId: p.id, name: p.name }))
      : [];
  return buildCaseCard(view, { ...opts, reassignCandidates: candidates });
}
