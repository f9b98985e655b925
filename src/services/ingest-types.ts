// The shapes of ingestion's results (per item and per batch) and of a batch prepared before its
// transaction; the response service (responses.ts) fills them.
import type { RouteVia } from "../core/routing.js";
import type { PersonRecord } from "../core/types.js";
import type { BatchRouting, Routed } from "./batch-routing.js";

export interface IngestOptions {
  /** Historic import: cases open silently and nobody is alerted. */
  historic?: boolean;
  /** Do everything inside the transaction, count, then roll it all back. */
  dryRun?: boolean;
}

export type IngestOutcome = "accepted" | "duplicate" | "updated";

export interface IngestItemResult {
  outcome: IngestOutcome;
  responseId: number;
  caseId: number | null;
  teamId: number | null;
  routedVia: RouteVia;
  /** A follow-up case was opened for this item by this call. */
  caseOpened?: boolean;
  /** Stored with no team (counted in `unassigned`). */
  unassigned?: boolean;
}

/** An item that could not be stored while the others of its batch were. */
export interface IngestFailure {
  /** Position in the input. */
  index: number;
  message: string;
  /** The database could not be reached (nothing of this item was stored; send it again). */
  unavailable?: boolean;
}

export interface IngestSummary {
  /** One per input item, in input order; empty (a hole) at the index of each item in `failures`. */
  results: IngestItemResult[];
  /** Items the database refused one by one after their batch failed as a whole; usually empty. */
  failures: IngestFailure[];
  accepted: number;
  duplicates: number;
  updated: number;
  casesOpened: number;
  /** Outbox rows added (cards, card re-renders, admin alerts). */
  messagesQueued: number;
  unassigned: number;
}

/** Reads done for a batch before its transaction (see ResponseService.prepare). */
export interface PreparedBatch {
  routing: BatchRouting;
  routed: Routed[];
  admins: PersonRecord[];
}

export function emptySummary(n: number): IngestSummary {
  return {
    results: new Array(n),
    failures: [],
    accepted: 0,
    duplicates: 0,
    updated: 0,
    casesOpened: 0,
    messagesQueued: 0,
    unassigned: 0,
  };
}
