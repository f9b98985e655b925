// The shape of the demo's words in one language (text.ts for English, text-es.ts, text-zh-Hant-HK.ts):
// each module's object `satisfies DemoText`, so every language has every list.
import type { DemoTouchpoint } from "./org.js";

export type Theme =
  | "unexpected budget"
  | "punctuality"
  | "repeat visit"
  | "technician treatment"
  | "communication"
  | "price"
  | "equipment fault";

/** One language's words for the demo; every locale's module has this shape (checked by `satisfies`). */
export interface DemoText {
  /** How customers and managers name the person who served, from their full name in org.ts. */
  staffCall(fullName: string): string;
  /** A bill with its currency ("£120"), from the demo's base amount (60 to 320, pounds or euros). */
  money(base: number): string;
  /** The touchpoint as the company's survey names it. */
  touchpoints: Record<DemoTouchpoint, string>;
  promoterVisit: readonly string[];
  promoterBranch: readonly string[];
  promoterPlain: readonly string[];
  passive: readonly string[];
  detractor: Record<Theme, readonly string[]>;
  /** Complaints and branch visits carry their own root cause. */
  detractorComplaint: readonly (readonly [string, Theme])[];
  detractorBranch: readonly (readonly [string, Theme])[];
  /** What a manager did to recover the customer, by root cause ({action} of `recovered`). */
  recovery: Record<Theme, readonly string[]>;
  /** A recovered case's note. */
  recovered: string;
  notRecovered: readonly string[];
  unreachable: readonly string[];
  /** What a case was about, as a manager's note says it ({issue}). */
  issue: Record<Theme, string>;
  /** The note on a case still being worked on. */
  followUpNote: string;
  coaching: Partial<Record<Theme, { topic: string; notes: readonly string[] }>>;
  customers: {
    firstNames: readonly string[];
    lastNames: readonly string[];
    fullName(first: string, last: string): string;
    /** The local part of the customer's email address. */
    emailName(first: string, last: string): string;
    /**
     * A phone number from 0-999, or null where the country has no range reserved for fiction (the
     * demo must never print a real person's number).
     */
    phone(n: number): string | null;
  };
}
