// Pure decisions of ingestion and the shapes they work on: which responses open a case, which stay
// silent, and how a repeated delivery changes what is stored (newer data wins; older data only
// fills gaps; erased stays erased). The response service (src/services/responses.ts) applies them.
import type { RouteDecision } from "./routing.js";
import type { ResponseRecord, TeamRecord } from "./types.js";

/** One response as every entry point (webhook, adapters, CSV) hands it over, already validated. */
export interface IncomingResponse {
  source: string;
  externalId: string;
  /** Integer 0-10. */
  score: number;
  comment?: string | null;
  /** Team slug. */
  team?: string | null;
  /** Staff member's email or person id. */
  staff?: string | null;
  touchpoint?: string | null;
  area?: string | null;
  customer?: { id?: string | null; name?: string | null; email?: string | null; phone?: string | null } | null;
  /** When the customer answered (default: now). */
  respondedAt?: Date | null;
  /** Version time of the sender's data: a later delivery with an older one changes nothing. */
  updatedAt?: Date | null;
  /** Other payload fields, for routing rules (attribute:<name>) and audit; never shown in chat. */
  attributes?: Record<string, unknown> | null;
}

/** A stored response with the version time of the data it holds. */
export interface StoredResponse extends ResponseRecord {
  sourceUpdatedAt: Date | null;
}

/** A response row to insert: a stored response's fields before it has an id, with the source's own data. */
export interface NewResponse extends Omit<ResponseRecord, "id" | "erasedAt"> {
  sourceUpdatedAt: Date | null;
  attributes: Record<string, unknown> | null;
}

export type ResponseChange = Partial<
  Pick<
    NewResponse,
    | "score"
    | "comment"
    | "touchpoint"
    | "customerRef"
    | "customerName"
    | "customerEmail"
    | "customerPhone"
    | "staffId"
    | "teamId"
    | "companyId"
    | "sourceUpdatedAt"
    | "attributes"
  >
>;

/** Conditions an update must still meet when it is written (another writer may have been first). */
export interface UpdateGuard {
  /** Only if the stored version is older than this (or unknown). */
  newerThanStored?: Date;
  /** Only if these columns are still empty. */
  stillNull?: ("comment" | "customerName" | "customerEmail" | "customerPhone" | "customerRef")[];
}

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
