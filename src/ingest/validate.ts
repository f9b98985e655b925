// Strict validation of incoming survey responses (webhook items, adapter output, CSV rows). A bad
// item is rejected with its index, the field and a fix; it never sinks the good ones.
import { z } from "zod";
import type { ErrorCode } from "../core/errors.js";
import type { IncomingResponse } from "../core/ingest-plan.js";
import { cleanDeep, describeUnstorable, findUnstorable, unstorableKind } from "../core/text-check.js";

export interface Rejection {
  /** Position in the batch (0-based), or the CSV line number for imports. */
  index: number;
  externalId: string | null;
  code: Extract<ErrorCode, "INGEST_SCORE_OUT_OF_RANGE" | "VALIDATION_FAILED" | "INGEST_STORE_FAILED" | "FORBIDDEN">;
  field: string;
  message: string;
}

export interface Validated {
  index: number;
  value: IncomingResponse;
}

const FIELDS =
  "externalId, score, comment, team, staff, touchpoint, area, customer {id, name, email, phone}, respondedAt, updatedAt, source, attributes";
const MAX_COMMENT = 20_000;
/** Clocks drift; a response "from the future" beyond this is a sender bug, not skew. */
const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` });
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v === "" || v === undefined ? null : v));
const isoTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T14:05:00Z",
  })
  .nullish()
  .transform((v) => (v ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v) : null));

export const responseItemSchema = z
  .object({
    externalId: z.union(
      [
        z
          .string()
          .trim()
          .min(1, { message: "must not be empty" })
          .max(200, { message: "must be at most 200 characters" }),
        z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String),
      ],
      { error: "is required: the survey tool's own id for this response (a string)" },
    ),
    score: z.unknown().transform((v, ctx) => {
      if (typeof v !== "number") {
        ctx.addIssue({
          code: "custom",
          message: `must be a JSON number 0-10 (not quoted), got ${v === undefined ? "nothing" : JSON.stringify(v)}`,
          params: { typeError: true },
        });
        return z.NEVER;
      }
      if (!Number.isInteger(v) || v < 0 || v > 10) {
        ctx.addIssue({ code: "custom", message: `must be an integer 0-10, got ${v}`, params: { range: true } });
        return z.NEVER;
      }
      return v;
    }),
    comment: optionalText(MAX_COMMENT),
    team: optionalText(200),
    staff: optionalText(320),
    touchpoint: optionalText(200),
    area: optionalText(200),
    customer: z
      .object({
        id: z
          .union([text(200), z.number().int().transform(String)])
          .nullish()
          .transform((v) => v || null),
        name: optionalText(200),
        email: optionalText(320).refine((v) => v === null || /^[^\s@]+@[^\s@]+$/.test(v), {
          message: "must be an email address like ana@example.com",
        }),
        phone: optionalText(50),
      })
      .strict()
      .nullish(),
    respondedAt: isoTime,
    updatedAt: isoTime,
    source: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/i, {
        message: "must be a short name of letters, digits, _ . : - (e.g. typeform)",
      })
      .optional(),
    attributes: z
      .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]), {
        error: "must be an object of names to strings, numbers or booleans",
      })
      .refine((a) => Object.keys(a).length <= 50, { message: "may have at most 50 entries" })
      .nullish(),
  })
  .strict();

export type RawItem = z.input<typeof responseItemSchema>;

/**
 * Fields that identify or route a response: text PostgreSQL cannot store (NUL, lone surrogate)
 * there refuses the item, since cleaning would silently turn it into another id. Anywhere else
 * (comment, names, touchpoint, area, attribute values) the text is cleaned (U+FFFD) and kept.
 */
const IDENTITY_FIELDS = new Set([
  "externalId",
  "source",
  "team",
  "staff",
  "customer.id",
  "customer.email",
  "customer.phone",
]);

/** Validates one item; `index` is echoed in the rejection. */
export function validateItem(
  raw: unknown,
  index: number,
  now: Date,
  defaultSource: string,
): { ok: true; value: IncomingResponse } | { ok: false; rejection: Rejection } {
  const externalId = guessExternalId(raw);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      rejection: {
        index,
        externalId,
        code: "VALIDATION_FAILED",
        field: "(item)",
        message: `each item must be a JSON object with ${FIELDS}`,
      },
    };
  }
  // Nearly every item is clean: one walk without paths or copies says so, and the rest is skipped.
  const dirty = hasUnstorable(raw, 0);
  const bad = dirty ? findUnstorable(raw).find((u) => u.inKey || IDENTITY_FIELDS.has(u.path)) : undefined;
  if (bad) {
    return {
      ok: false,
      rejection: {
        index,
        externalId: bad.path === "externalId" ? null : externalId,
        code: "VALIDATION_FAILED",
        field: bad.path,
        message: `${bad.path}${bad.inKey ? " (a field name)" : ""} ${describeUnstorable(bad.kind)}: send it without that character`,
      },
    };
  }
  const parsed = responseItemSchema.safeParse(dirty ? cleanDeep(raw) : raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const range = issues.find((i) => i.code === "custom" && (i as { params?: { range?: boolean } }).params?.range);
    const first = range ?? issues[0]!;
    const field = first.path.join(".") || "(item)";
    const message = issues
      .map((i) => {
        const at = i.path.join(".") || "(item)";
        if (i.code === "unrecognized_keys") return `unknown field(s) ${i.keys.join(", ")}; allowed: ${FIELDS}`;
        return `${at} ${i.message}`;
      })
      .join("; ");
    return {
      ok: false,
      rejection: { index, externalId, code: range ? "INGEST_SCORE_OUT_OF_RANGE" : "VALIDATION_FAILED", field, message },
    };
  }
  const v = parsed.data;
  for (const [field, at] of [
    ["respondedAt", v.respondedAt],
    ["updatedAt", v.updatedAt],
  ] as const) {
    if (at && at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      return {
        ok: false,
        rejection: {
          index,
          externalId: v.externalId,
          code: "VALIDATION_FAILED",
          field,
          message: `${field} ${at.toISOString()} is in the future; send the time the customer answered, with its time zone`,
        },
      };
    }
  }
  return {
    ok: true,
    value: {
      source: v.source ?? defaultSource,
      externalId: v.externalId,
      score: v.score,
      comment: v.comment,
      team: v.team,
      staff: v.staff,
      touchpoint: v.touchpoint,
      area: v.area,
      customer: v.customer
        ? { id: v.customer.id, name: v.customer.name, email: v.customer.email, phone: v.customer.phone }
        : null,
      respondedAt: v.respondedAt,
      updatedAt: v.updatedAt,
      attributes: v.attributes ?? null,
    },
  };
}

/** Validates a batch, keeping good items with their positions. */
export function validateItems(
  raws: unknown[],
  now: Date,
  defaultSource: string,
  indexOf: (i: number) => number = (i) => i,
): { items: Validated[]; rejected: Rejection[] } {
  const items: Validated[] = [];
  const rejected: Rejection[] = [];
  raws.forEach((raw, i) => {
    const r = validateItem(raw, indexOf(i), now, defaultSource);
    if (r.ok) items.push({ index: indexOf(i), value: r.value });
    else rejected.push(r.rejection);
  });
  return { items, rejected };
}

/** Whether any string in a JSON-like value (keys included) is one findUnstorable would report. */
function hasUnstorable(v: unknown, depth: number): boolean {
  if (typeof v === "string") return unstorableKind(v) !== null;
  if (depth > 64 || v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some((x) => hasUnstorable(x, depth + 1));
  for (const k of Object.keys(v)) {
    if (unstorableKind(k) !== null || hasUnstorable((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

function guessExternalId(raw: unknown): string | null {
  if (typeof raw !== "object" || raw === null) return null;
  const id = (raw as { externalId?: unknown }).externalId;
  return typeof id === "string" || typeof id === "number" ? String(id).slice(0, 200) : null;
}
