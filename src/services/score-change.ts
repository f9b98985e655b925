// What happens to a case when a survey tool changes the score of the response behind it.
import type { OutboxEnqueue } from "../chat/port.js";
import { platformsForPerson } from "../chat/targets.js";
import { scoreChangedMessage } from "../core/messages/score-update.js";
import type { CaseRecord } from "../core/types.js";
import type { DbClient } from "../db/context.js";
import { CaseRepository } from "../db/repositories/cases.js";
import { OrgRepository } from "../db/repositories/org.js";
import { ResponseRepository } from "../db/repositories/responses.js";
import type { CoreDeps } from "../deps.js";

/**
 * A survey tool changed the score behind a case. The case exists while a fresh response with
 * this score would open one (needsCase: detractors, and passives where the team follows them):
 * an unclaimed case whose score no longer needs it closes itself as "score updated" (and opens
 * again if the score drops back); a claimed case stays with its owner, who is told.
 */
export async function followScoreChange(
  deps: Pick<CoreDeps, "platforms">,
  tx: DbClient,
  c: CaseRecord,
  before: number,
  after: number,
  stillNeeded: boolean,
  now: Date,
): Promise<OutboxEnqueue[]> {
  const responses = new ResponseRepository(tx);
  const event = (action: string, detail: Record<string, unknown>) =>
    new CaseRepository(tx).addEvent({
      caseId: c.id,
      actorId: null,
      actor: "system:survey-update",
      action,
      allowed: true,
      before: { score: before },
      after: { score: after, ...detail },
      at: now,
    });
  if (c.status === "resolved") {
    if (stillNeeded && c.outcome === "score_updated" && (await responses.reopenScoreClosedCase(c.id, now))) {
      await event("reopen", { status: "open" });
    }
    return [];
  }
  if (!stillNeeded && c.ownerId === null && (await responses.closeCaseForScore(c.id, now))) {
    await event("resolve", { status: "resolved", outcome: "score_updated" });
    return [];
  }
  if (c.ownerId === null) return [];
  const owner = await new OrgRepository(tx).personById(c.ownerId);
  if (!owner) return [];
  const message = scoreChangedMessage({ caseId: c.id, before, after, stillNeedsCase: stillNeeded });
  return platformsForPerson(owner, deps.platforms).map((platform) => ({
    platform,
    payload: { kind: "dm" as const, personId: owner.id, message },
    dedupeKey: `case:${c.id}:score:${before}-${after}:${now.getTime()}:${platform}`,
    caseId: c.id,
  }));
}
