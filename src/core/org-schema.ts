// The org file's schema (zod) and the shapes it yields: what `nps-loop org apply` accepts. Pure.
import { z } from "zod";
import type { PersonRole } from "./types.js";

export const PERSON_ROLES = ["director", "manager", "staff", "admin"] as const satisfies readonly PersonRole[];
export const SOURCE_KINDS = [
  "typeform",
  "delighted",
  "qualtrics",
  "surveymonkey",
  "formbricks",
  "webhook",
  "api",
  "csv",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const DEFAULT_TEAMS_SERVICE_URL = "https://smba.trafficmanager.net/teams/";
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * Answers remembered per value: an org file of 20,000 people names a handful of zones and locales,
 * and building an Intl formatter per person cost seconds and hundreds of MB (ICU objects).
 */
function memo(check: (v: string) => boolean): (v: string) => boolean {
  const seen = new Map<string, boolean>();
  return (v) => {
    let ok = seen.get(v);
    if (ok === undefined) {
      ok = check(v);
      if (seen.size < 10_000) seen.set(v, ok);
    }
    return ok;
  };
}

export const isIanaTimeZone = memo((tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
});

const isLocale = memo((tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
});

/** 1 = Monday ... 7 = Sunday, from a number or a day name ("mon", "Monday"). */
export function parseWeekday(v: unknown): number | null {
  if (typeof v === "number") return Number.isInteger(v) && v >= 1 && v <= 7 ? v : null;
  if (typeof v !== "string") return null;
  const s = v.trim().toLowerCase();
  const i = WEEKDAYS.findIndex((d) => s.length >= 3 && d.startsWith(s));
  return i >= 0 ? i + 1 : null;
}

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a slug: lower-case letters, digits and dashes, e.g. north-maintenance")
  .max(64);
const text = z.string().trim().min(1, "must not be empty").max(200);
const timeZone = z.string().refine(isIanaTimeZone, "expected an IANA time zone such as Europe/London");
/** A language tag; unsupported ones are kept and fall back along the chain (core/i18n/locales.ts). */
const locale = z.string().refine(isLocale, "expected a language tag such as en or es-ES");
const email = z.email("expected an email address such as ana@example.com").transform((s) => s.toLowerCase());
const weekday = z.unknown().transform((v, ctx) => {
  const n = parseWeekday(v);
  if (n === null) {
    ctx.addIssue({ code: "custom", message: "expected 1-7 (1 = Monday) or a day name such as monday", input: v });
    return z.NEVER;
  }
  return n;
});

/** A calendar date YYYY-MM-DD (a UTC day), checked to be a real day. */
export const isoDate = z.string().refine((s) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, "expected a real calendar date YYYY-MM-DD such as 2026-03-01");

export const companySchema = z.strictObject({
  slug,
  name: text,
  area: text.nullable().optional(),
  inProgramme: z.boolean().optional(),
  /** First day in the programme; with it, inProgramme is derived from the dates (null clears). */
  programmeStart: isoDate.nullable().optional(),
  /** First day out of the programme, for a company that left (needs programmeStart). */
  programmeEnd: isoDate.nullable().optional(),
  locale: locale.nullable().optional(),
});

/** In the programme on `today` (YYYY-MM-DD) by its dates: started, and not yet ended. */
export function inProgrammeOn(start: string, end: string | null | undefined, today: string): boolean {
  return start <= today && (end == null || end > today);
}

const conversationRef = z.looseObject({
  serviceUrl: z.url("expected the Bot Connector service URL"),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

export const teamSchema = z.strictObject({
  slug,
  name: text,
  company: slug,
  timeZone: timeZone.optional(),
  slackChannelId: z
    .string()
    .regex(/^[CG][A-Z0-9]{6,}$/, "expected a Slack channel id such as C0123ABCD (channel details > About)")
    .nullable()
    .optional(),
  teamsConversationId: z.string().trim().min(1).nullable().optional(),
  teamsServiceUrl: z.url("expected the Bot Connector service URL").optional(),
  teamsTenantId: z.string().trim().min(1).optional(),
  teamsConversationRef: conversationRef.nullable().optional(),
  slaHours: z
    .int("expected a whole number of hours")
    .min(1)
    .max(24 * 30)
    .nullable()
    .optional(),
  casesForPassives: z.boolean().optional(),
  reminderWeekday: weekday.optional(),
  reminderTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected a 24-hour time HH:MM such as 09:00")
    .optional(),
  locale: locale.nullable().optional(),
});

export const personSchema = z.strictObject({
  id: z.int("expected a whole number").positive().optional(),
  name: text,
  email: email.nullable().optional(),
  role: z.enum(PERSON_ROLES),
  company: slug.nullable().optional(),
  teams: z.array(slug).optional(),
  slackUserId: z
    .string()
    .regex(/^[UW][A-Z0-9]{6,}$/, "expected a Slack user id such as U024BE7LH (profile > Copy member ID)")
    .nullable()
    .optional(),
  teamsAadObjectId: z.guid("expected the person's Microsoft Entra object id (a GUID)").nullable().optional(),
  timeZone: timeZone.optional(),
  locale: locale.nullable().optional(),
  reminders: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const sourceSchema = z.strictObject({
  slug,
  kind: z.enum(SOURCE_KINDS),
  secretEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "expected the NAME of an environment variable, such as TYPEFORM_SECRET")
    .nullable()
    .optional(),
  mapping: z.record(z.string(), z.json()).nullable().optional(),
  enabled: z.boolean().optional(),
});

export const ruleSchema = z.strictObject({
  field: z
    .string()
    .regex(/^(touchpoint|area|attribute:[A-Za-z0-9_.-]+)$/, "expected touchpoint, area or attribute:<name>"),
  pattern: z.string().min(1, "must not be empty").max(200),
  team: slug,
  priority: z.int("expected a whole number").min(0).max(1_000_000).optional(),
});

export const fileSchema = z.strictObject({
  version: z.literal(1, "expected 1").optional(),
  companies: z.array(companySchema).optional(),
  teams: z.array(teamSchema).optional(),
  people: z.array(personSchema).optional(),
  surveySources: z.array(sourceSchema).optional(),
  routingRules: z.array(ruleSchema).optional(),
});

export type RawTeam = z.output<typeof teamSchema>;
export type CompanyEntry = z.output<typeof companySchema>;
export type TeamEntry = Omit<RawTeam, "teamsConversationId" | "teamsServiceUrl" | "teamsTenantId">;
/**
 * `company` is settled: given (null = every company), or the one company of the listed teams;
 * undefined when neither says (kept as it is; null for a new person).
 */
export type PersonEntry = Omit<z.output<typeof personSchema>, "company"> & { company: string | null | undefined };
export type SourceEntry = z.output<typeof sourceSchema>;
export type RuleEntry = z.output<typeof ruleSchema> & { priority: number };

/** The org file, validated and normalised. Absent optional fields mean "leave as is" (see README). */

/** A conversation id becomes the minimal ConversationReference the Bot Framework continues from. */
export function normaliseTeam(t: RawTeam): TeamEntry {
  const { teamsConversationId, teamsServiceUrl, teamsTenantId, ...rest } = t;
  if (teamsConversationId === undefined) return rest;
  if (teamsConversationId === null) return { ...rest, teamsConversationRef: null };
  return {
    ...rest,
    teamsConversationRef: {
      channelId: "msteams",
      serviceUrl: teamsServiceUrl ?? DEFAULT_TEAMS_SERVICE_URL,
      conversation: {
        id: teamsConversationId,
        conversationType: "channel",
        isGroup: true,
        ...(teamsTenantId ? { tenantId: teamsTenantId } : {}),
      },
    },
  };
}
