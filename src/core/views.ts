// Platform-neutral view models. Slack (Block Kit) and Teams (Adaptive Cards) render the same ones,
// with pure builders in src/slack/views and src/teams/cards. Text here is raw: the builders make it
// safe for their platform with core/text-safety.
import type { Locale } from "./i18n/locales.js";
import type { CaseOutcome, CaseStatus, NpsCategory } from "./types.js";

export type CaseActionId = "claim" | "unclaim" | "resolve" | "reassign" | "note" | "contacted";

export interface CaseCardView {
  caseId: number;
  status: CaseStatus;
  score: number;
  category: NpsCategory;
  /** Raw customer comment (null when none or erased); builders sanitise and cap it. */
  comment: string | null;
  touchpoint: string | null;
  staffName: string | null;
  /** Customer reference with contact details masked; never the raw email or phone. */
  customerLabel: string | null;
  teamName: string | null;
  companyName: string | null;
  respondedAt: Date;
  /** "3 h ago", computed from the injected clock when the view was built. */
  ageText: string;
  dueAt: Date;
  dueText: string;
  overdue: boolean;
  ownerName: string | null;
  ownerPlatformId: string | null;
  /** The owner's person id, to leave them out of reassign choices (by name when absent). */
  ownerId?: number | null;
  outcome: CaseOutcome | null;
  rootCause: string | null;
  outerLoop: boolean;
  note: string | null;
  noteCount: number;
  erased: boolean;
  /** Buttons to show for the current state. */
  actions: CaseActionId[];
  /** Root causes offered in the resolve form (stable ids; labels come from the catalogue). */
  rootCauses: string[];
  /** Language of the card: the team's (channel cards) or the reader's; absent = the source locale. */
  locale?: Locale;
}

export interface ReportView {
  /** Language of the report: the reader's; absent = the source locale. */
  locale?: Locale;
  scope: { kind: "team" | "company" | "person"; slug: string; name: string };
  period: { label: string; from: Date; to: Date; timeZone: string };
  n: number;
  /** False when n is under the minimum sample: show "too few responses", not the numbers. */
  enoughData: boolean;
  minSample: number;
  nps: number | null;
  promotersPct: number | null;
  passivesPct: number | null;
  detractorsPct: number | null;
  /** Half-width of the 95% interval, in NPS points. */
  marginOfError: number | null;
  change: {
    previousNps: number | null;
    previousN: number;
    delta: number | null;
    significant: boolean;
    /** The period compared with (same calendar length, just before). */
    period?: { label: string; from: Date; to: Date };
  } | null;
  trend: { weekStart: Date; n: number; nps: number | null }[];
  sparkline: string;
  openCases: number;
  overdueCases: number;
  /** Share (0-1) of cases closed in the period that closed within SLA; null when none closed. */
  slaShare: number | null;
  /** How many cases closed in the period (the base of slaShare and the median). */
  closedCases?: number;
  medianHoursToClose: number | null;
  topRootCauses: { cause: string; count: number }[];
  /** Programme vs non-programme companies of the same area (company and team reports; null without an area). */
  comparison: { area: string; programme: ComparisonRow; nonProgramme: ComparisonRow } | null;
}

export interface ComparisonRow {
  companies: number;
  n: number;
  nps: number | null;
  marginOfError: number | null;
}

/**
 * A piece of message text. `bold` is our own emphasis, carried as structure: the text itself is
 * always raw (a customer's "*x*" stays literal), and each converter renders the bold its own way.
 * `link` makes an exact phone number or email tappable (tel: / mailto:) where the platform allows.
 */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: "tel" | "mailto";
}

/** Raw text, or runs of it with our emphasis. */
export type RichText = string | TextRun[];

/** A message (DM, digest, reminder, thread reply) as platform-neutral blocks. */
export interface MessageView {
  /** Plain-text fallback for notifications and screen readers. */
  text: string;
  blocks: MessageBlock[];
  /**
   * A personal message meant for its recipient only, carrying a customer's contact details (the
   * case owner's DM): renderers keep emails and phone numbers unmasked (safeChatText maskContacts:
   * false) but still neutralise mentions, links and markup. Never set for channel posts.
   */
  personalContact?: boolean;
  /**
   * An answer to the person who just asked (a command's reply): it holds what they typed and org
   * data, never a customer's details, so renderers do not mask contacts in it (masking protects
   * customers, not the reader's own input).
   */
  answer?: boolean;
}

export interface MessageField {
  label: string;
  value: string;
  /** The value is an exact phone number or email: tappable where the platform allows. */
  link?: "tel" | "mailto";
}

export type MessageBlock =
  | { type: "header"; text: string }
  | { type: "text"; text: RichText }
  | { type: "fields"; fields: MessageField[] }
  | { type: "quote"; text: string; attribution?: string }
  | { type: "context"; text: RichText }
  | { type: "divider" }
  | { type: "actions"; actions: MessageAction[] }
  | ImageBlock;

/**
 * A picture (a chart) by URL: an https link this server serves, or a `data:image/png` URI for
 * platforms that inline it (Teams; Slack shows only https links and skips the rest). Alt text always.
 */
export interface ImageBlock {
  type: "image";
  url: string;
  alt: string;
  title?: string;
}

/** Our emphasis as a run (never as "*markup*" inside text). */
export function bold(text: string): TextRun {
  return { text, bold: true };
}

/** Our own aside in italics, as a run. */
export function italic(text: string): TextRun {
  return { text, italic: true };
}

/** The runs of a rich text, a plain string being one unemphasised run. */
export function textRuns(t: RichText): TextRun[] {
  return typeof t === "string" ? [{ text: t }] : t;
}

/** The words of a rich text without emphasis (fallbacks, measuring). */
export function richTextString(t: RichText): string {
  return typeof t === "string" ? t : t.map((r) => r.text).join("");
}

export interface MessageAction {
  /** Action id routed by the platform handlers, e.g. "coaching_done". */
  id: string;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

export function categorize(score: number): NpsCategory {
  return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
}
