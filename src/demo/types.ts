// The shapes of the demo's generated history (data.ts makes them, seed.ts stores them).
import type { CaseRecord } from "../core/types.js";

export interface DemoOptions {
  seed: number;
  months: number;
  now: Date;
  /** SLA of teams without their own (CASE_SLA_HOURS). */
  defaultSlaHours: number;
  /** Hours before an unclaimed case gets its reminder (UNCLAIMED_REMINDER_HOURS). */
  reminderHours: number;
  /**
   * Also the retention report's default period one year earlier (default true), so that its "same
   * period a year before" has answers without months of history in between.
   */
  yearBefore?: boolean;
}

export interface DemoResponse {
  externalId: string;
  teamSlug: string;
  companySlug: string;
  staffEmail: string;
  score: number;
  comment: string | null;
  touchpoint: string;
  customerRef: string;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
  respondedAt: Date;
  receivedAt: Date;
}

export interface DemoEvent {
  action: "claim" | "contacted" | "note" | "resolve";
  actorEmail: string;
  at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

/** A case as the demo writes it: the case's own fields, with the team and owner by slug and email. */
export interface DemoCase
  extends Pick<
    CaseRecord,
    | "status"
    | "dueAt"
    | "claimedAt"
    | "contactedAt"
    | "resolvedAt"
    | "outcome"
    | "rootCause"
    | "outerLoop"
    | "note"
    | "reminderSentAt"
  > {
  externalId: string;
  teamSlug: string;
  ownerEmail: string | null;
  createdAt: Date;
  events: DemoEvent[];
}

export interface DemoCoaching {
  caseExternalId: string;
  teamSlug: string;
  staffEmail: string;
  managerEmail: string;
  topic: string;
  rootCause: string;
  status: "planned" | "done";
  createdAt: Date;
  dueAt: Date;
  doneAt: Date | null;
  notes: string | null;
}

export interface DemoData {
  from: Date;
  to: Date;
  /** The days seeded a year before the history (local dates, inclusive), when any. */
  yearBefore: { from: string; to: string } | null;
  responses: DemoResponse[];
  cases: DemoCase[];
  coaching: DemoCoaching[];
}
