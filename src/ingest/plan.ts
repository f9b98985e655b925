// Pure decisions of ingestion: which responses open a case, which stay silent, and how a repeated
// delivery changes what is stored (newer data wins; older data only fills gaps; erased stays erased).
import type { RouteDecision } from "../core/routing.js";
import type { TeamRecord } from "../core/types.js";
import type { ResponseChange, StoredResponse, UpdateGuard } from "../db/repositories/responses.js";
import type { IncomingResponse } from "../services/responses.js";

/** Detractors always open a case; passives too where the team opted in. */
export function needsCase(score: number, team: TeamRecord | null): boolean {
  if (score <= 6) return true;
  return score <= 8 && team?.casesForPassives === true;
}

/** Old responses (historic imports, late deliveries) open cases without alerting anyone. */
export function isSilent(respondedAt: Date, now: Date, maxAgeDays: number, historic: boolean): boolean {
  return historic || now.getTime() - respondedAt.getTime() > maxAgeDays * 86_400_000;
}

export interface PlannedUpdate {
  change: ResponseChange;
  guard: UpdateGuard;
  /** False when only bookkeeping (the version time) changes: reported as a duplicate. */
  visible: boolean;
}

type Fillable = "comment" | "customerName" | "customerEmail" | "customerPhone" | "customerRef";

/**
 * What a repeated delivery changes. A newer version (later updatedAt) replaces the values it
 * carries; anything else (older, same or unversioned) only fills fields still empty. Absent
 * (null) values never clear stored ones, and an erased response is never refilled.
 */
export function planUpdate(
  existing: StoredResponse,
  incoming: IncomingResponse,
  route: RouteDecision,
  staffId: number | null,
): PlannedUpdate | null {
  if (existing.erasedAt) return null;
  const fields: [Fillable, string | null | undefined][] = [
    ["comment", incoming.comment],
    ["customerRef", incoming.customer?.id],
    ["customerName", incoming.customer?.name],
    ["customerEmail", incoming.customer?.email],
    ["customerPhone", incoming.customer?.phone],
  ];
  const change: ResponseChange = {};
  const guard: UpdateGuard = {};
  const newer =
    incoming.updatedAt != null &&
    (existing.sourceUpdatedAt === null || incoming.updatedAt.getTime() > existing.sourceUpdatedAt.getTime());
  if (newer) {
    guard.newerThanStored = incoming.updatedAt!;
    change.sourceUpdatedAt = incoming.updatedAt!;
    if (incoming.score !== existing.score) change.score = incoming.score;
    for (const [col, v] of fields) if (v && v !== existing[col]) change[col] = v;
    if (incoming.touchpoint && incoming.touchpoint !== existing.touchpoint) change.touchpoint = incoming.touchpoint;
    if (incoming.attributes) change.attributes = incoming.attributes;
  } else {
    const stillNull: Fillable[] = [];
    for (const [col, v] of fields) {
      if (v && existing[col] === null) {
        change[col] = v;
        stillNull.push(col);
      }
    }
    if (incoming.touchpoint && existing.touchpoint === null) change.touchpoint = incoming.touchpoint;
    if (stillNull.length) guard.stillNull = stillNull;
  }
  // A response waiting in the unassigned queue is routed as soon as a delivery says where it goes.
  if (existing.teamId === null && route.team) {
    change.teamId = route.team.id;
    change.companyId = route.team.companyId;
  }
  if (existing.staffId === null && staffId !== null) change.staffId = staffId;
  const visible = Object.keys(change).some((k) => k !== "sourceUpdatedAt" && k !== "attributes");
  if (!visible && change.sourceUpdatedAt === undefined) return null;
  return { change, guard, visible };
}

/** The key that makes a response unique. */
export function responseKey(r: { source: string; externalId: string }): string {
  return `${r.source}\u0000${r.externalId}`;
}
