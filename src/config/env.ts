// The whole environment in one zod schema, parsed once at start; the typed result is passed down.
import { z } from "zod";
import { AppError } from "../core/errors.js";
import { matchLocale, SUPPORTED_LOCALES } from "../core/i18n/locales.js";

const boolWith = (message: string) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message })
    .transform((v) => ["true", "1", "yes", "on"].includes(v));
const bool = boolWith("expected true or false");
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
const url = z.url({ message: "expected an absolute URL such as https://example.com" });
const optionalUrl = optionalString.pipe(url.optional());
const positiveInt = (def: number) => z.coerce.number({ message: "expected a number" }).int().positive().default(def);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ message: "expected a port number" }).int().min(0).max(65535).default(3978),
  /** Unset: every interface, or 127.0.0.1 when Teams runs unauthenticated (see loadConfig). */
  HOST: optionalString,
  PUBLIC_URL: optionalUrl,
  /**
   * Signs chart links (src/charts/links.ts); the same on every instance. Unset: derived from the
   * server's other secrets, fine for development; set it in production.
   */
  CHART_LINK_SECRET: optionalString.pipe(
    z.string().min(32, { message: "expected at least 32 random characters (e.g. openssl rand -hex 32)" }).optional(),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { message: "expected postgresql://user@host:port/database" })
      .optional(),
  ),
  DATABASE_POOL_SIZE: positiveInt(10),
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ORG_FILE: optionalString,
  INSTANCE_ID: optionalString,
  // V8 settings, read by bin/engine.js before anything loads (README: "Memory and start-up"); checked
  // here so that a mistyped value stops the start with its name instead of being ignored.
  NPS_HEAP_GROWING_PERCENT: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ message: "expected a whole number of percent, e.g. 50 (0 leaves the heap to V8)" })
      .int({ message: "expected a whole number of percent, e.g. 50 (0 leaves the heap to V8)" })
      .min(0, { message: "expected 0 or more" })
      .optional(),
  ),
  NPS_WASM_TIERS: optionalString.pipe(
    z.enum(["baseline", "optimizing"], { message: "expected baseline or optimizing" }).optional(),
  ),

  // Slack: bot token and signing secret go together; an app token adds Socket Mode.
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith("xoxb-", { message: "expected a bot token starting with xoxb-" }).optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith("xapp-", { message: "expected an app-level token starting with xapp-" }).optional(),
  ),
  SLACK_API_URL: optionalUrl,

  // Microsoft Teams (Bot Framework): app id, password and tenant go together.
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(["SingleTenant", "MultiTenant"]).default("SingleTenant"),
  /** Override of the Bot Connector OpenID metadata (tests, sovereign clouds). */
  MICROSOFT_OPENID_METADATA_URL: optionalUrl,
  /**
   * Teams without Microsoft sign-in, for a local client only (npm run playground, the emulator):
   * anyone who reaches /api/messages can then act as any Teams user, so it is never the default.
   */
  TEAMS_ALLOW_UNAUTHENTICATED: boolWith(
    "expected true or false (true runs Teams without Microsoft sign-in, for local use with npm run playground only)",
  ).default(false),

  // Ingestion.
  INGEST_TOKEN: optionalString.pipe(z.string().min(16, { message: "expected at least 16 characters" }).optional()),
  INGEST_MAX_BATCH: positiveInt(1000),
  /** Responses older than this many days open cases without posting an alert (historic imports). */
  ALERT_MAX_AGE_DAYS: positiveInt(7),
  TYPEFORM_SECRET: optionalString,
  DELIGHTED_SECRET: optionalString,
  QUALTRICS_API_TOKEN: optionalString,
  QUALTRICS_BASE_URL: optionalUrl,
  /** sharedKey of the Qualtrics event subscription: its notifications carry an HMAC made with it. */
  QUALTRICS_SHARED_KEY: optionalString,
  SURVEYMONKEY_CLIENT_SECRET: optionalString,
  SURVEYMONKEY_ACCESS_TOKEN: optionalString,
  SURVEYMONKEY_API_URL: optionalUrl,

  // Cases and coaching.
  CASE_SLA_HOURS: positiveInt(48),
  UNCLAIMED_REMINDER_HOURS: positiveInt(4),
  ESCALATION_LEVEL_HOURS: positiveInt(24),
  BUSINESS_HOURS: optionalString.pipe(
    z
      .string()
      .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, { message: "expected HH:MM-HH:MM, e.g. 08:00-18:00" })
      .optional(),
  ),
  /** Comma-separated; the resolve form's dropdown. Slack refuses a dropdown with no options. */
  ROOT_CAUSES: optionalString.pipe(
    z
      .string()
      .refine((v) => v.split(",").some((s) => s.trim() !== ""), {
        message:
          "expected at least one root cause, comma-separated (e.g. price,punctuality,other); leave it unset for the defaults",
      })
      .optional(),
  ),
  MIN_SAMPLE: positiveInt(10),
  /** Last step of the language chain (person, platform, team, company, this); see core/i18n. */
  DEFAULT_LOCALE: z
    .string()
    .trim()
    .default("en")
    .refine((v) => matchLocale(v) !== null, {
      message: `expected a supported language: ${SUPPORTED_LOCALES.join(", ")} (or a regional variant such as es-ES)`,
    }),

  // Schedules.
  JOBS_ENABLED: bool.default(true),
  DELIVERY_ENABLED: bool.default(true),
});

/** A setting whose value is a credential (or holds one, as a database URL may). */
function isSecretName(name: string): boolean {
  return /TOKEN|SECRET|PASSWORD|KEY/.test(name) || name === "DATABASE_URL";
}

/** Every secret-like setting of this schema: redacted in messages, never copied elsewhere. */
export const SECRET_SETTINGS: readonly string[] = Object.keys(schema.shape).filter(isSecretName);

/**
 * Survey tools' webhook secrets: an org file's survey source may name these in `secretEnv` (a
 * source stores the same kind of secret). Every other secret setting is the product's own.
 */
export const SURVEY_TOOL_SECRETS = [
  "TYPEFORM_SECRET",
  "DELIGHTED_SECRET",
  "QUALTRICS_SHARED_KEY",
  "SURVEYMONKEY_CLIENT_SECRET",
] as const satisfies readonly (keyof typeof schema.shape)[];

/** The product's own credentials (Slack, Microsoft, ingest token, database, survey tools' API tokens). */
export const PRODUCT_SECRET_SETTINGS: readonly string[] = SECRET_SETTINGS.filter(
  (n) => !(SURVEY_TOOL_SECRETS as readonly string[]).includes(n),
);

/**
 * Settings that only make sense together. Checked on the raw environment so that these problems
 * are listed alongside type errors, not only once everything else is valid.
 */
function pairingProblems(raw: Record<string, string | undefined>): { name: string; message: string }[] {
  const env = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v?.trim() ? v.trim() : undefined]));
  const out: { name: string; message: string }[] = [];
  const together = (names: string[], what: string) => {
    const set = names.filter((n) => env[n] !== undefined);
    if (set.length > 0 && set.length < names.length) {
      for (const n of names.filter((n) => env[n] === undefined)) {
        out.push({ name: n, message: `required with ${set.join(", ")} (${what})` });
      }
    }
  };
  together(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"], "Slack needs both the bot token and the signing secret");
  if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
    out.push({ name: "SLACK_BOT_TOKEN", message: "required with SLACK_APP_TOKEN (Socket Mode)" });
  }
  together(["MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD"], "Teams needs the app id and its password");
  if (
    env.MICROSOFT_APP_ID &&
    (env.MICROSOFT_APP_TYPE ?? "SingleTenant") === "SingleTenant" &&
    !env.MICROSOFT_APP_TENANT_ID
  ) {
    out.push({
      name: "MICROSOFT_APP_TENANT_ID",
      message: "required for a SingleTenant bot (or set MICROSOFT_APP_TYPE=MultiTenant)",
    });
  }
  if (env.MICROSOFT_APP_ID && ["true", "1", "yes", "on"].includes(env.TEAMS_ALLOW_UNAUTHENTICATED ?? "")) {
    out.push({
      name: "TEAMS_ALLOW_UNAUTHENTICATED",
      message:
        "cannot be true with MICROSOFT_APP_ID: Teams then checks Microsoft's tokens; remove this setting " +
        "(or the app id, for local use only)",
    });
  }
  together(["QUALTRICS_API_TOKEN", "QUALTRICS_BASE_URL"], "the Qualtrics adapter fetches responses by API");
  return out;
}

export type Config = Omit<z.infer<typeof schema>, "HOST"> & {
  /** The interface to listen on: HOST, or its default (loopback when Teams is unauthenticated). */
  HOST: string;
  rootCauses: string[];
  slackEnabled: boolean;
  slackSocketMode: boolean;
  teamsEnabled: boolean;
  teamsAuthenticated: boolean;
};

export const DEFAULT_ROOT_CAUSES = [
  "unexpected budget",
  "punctuality",
  "technician treatment",
  "repeat visit",
  "communication",
  "price",
  "equipment fault",
  "other",
];

/** Where the server listens by default when Teams runs unauthenticated. */
export const LOOPBACK_HOST = "127.0.0.1";

export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(
      "CONFIG_INVALID",
      `${problems.length} setting(s) need fixing:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      problems,
    );
    this.name = "ConfigError";
  }
}

/** Parses an environment; throws ConfigError listing every bad or missing variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  const issues = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ name: String(i.path[0] ?? "environment"), message: i.message }))),
    ...pairingProblems(env),
  ];
  if (!parsed.success || issues.length) {
    const problems = issues.map(({ name, message }) => {
      const got = env[name] === undefined ? "unset" : "got " + JSON.stringify(redact(name, env[name] as string));
      return `${name}: ${message} (${got})`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const rootCauses = e.ROOT_CAUSES
    ? e.ROOT_CAUSES.split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : DEFAULT_ROOT_CAUSES;
  const teamsAuthenticated = Boolean(e.MICROSOFT_APP_ID);
  // Teams listens with Microsoft credentials, or without them only when explicitly asked for.
  const teamsUnauthenticated = !teamsAuthenticated && e.TEAMS_ALLOW_UNAUTHENTICATED;
  return {
    ...e,
    // An unauthenticated bot must not be reachable from other machines unless HOST says so.
    HOST: e.HOST ?? (teamsUnauthenticated ? LOOPBACK_HOST : "0.0.0.0"),
    rootCauses,
    slackEnabled: Boolean(e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET),
    slackSocketMode: Boolean(e.SLACK_BOT_TOKEN && e.SLACK_APP_TOKEN),
    teamsEnabled: teamsAuthenticated || teamsUnauthenticated,
    teamsAuthenticated,
  };
}

function redact(name: string, value: string): string {
  return isSecretName(name) ? `${value.slice(0, 4)}…` : value;
}

/** One line saying which chat platforms are on and which settings would turn the others on. */
export function describePlatforms(c: Config): string {
  const slack = c.slackEnabled
    ? `Slack on (${c.slackSocketMode ? "Socket Mode" : "HTTP at /slack/events"})`
    : "Slack off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; add SLACK_APP_TOKEN for Socket Mode)";
  const teams = c.teamsAuthenticated
    ? `Teams on (/api/messages, ${c.MICROSOFT_APP_TYPE}${c.MICROSOFT_APP_TENANT_ID ? ` tenant ${c.MICROSOFT_APP_TENANT_ID}` : ""})`
    : c.teamsEnabled
      ? `Teams on UNAUTHENTICATED for local use, listening on ${c.HOST} (set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID for real Teams)`
      : "Teams off (set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID; " +
        "or TEAMS_ALLOW_UNAUTHENTICATED=true for a local client such as npm run playground)";
  return `${slack}; ${teams}`;
}
