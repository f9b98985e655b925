// POST /api/customers/events: customers' status events (dropped_out, renewed, reactivated) from a
// CRM or billing system, with the same Bearer INGEST_TOKEN and batch limit as /api/responses. Each
// event is { customerRef, event, date }: the customer reference responses carry as customer.id.
// Exactly once: one event per customer, kind and day. Bad items are refused one by one (index,
// field, fix) and never sink the good ones; 207 when some were refused.
import type { AppContext } from "../app-context.js";
import { isAppError } from "../core/errors.js";
import {
  CUSTOMER_EVENT_KINDS,
  createCustomerEventService,
  type IncomingCustomerEvent,
} from "../services/customer-events.js";
import { jsonBatchParser, readJsonBatch } from "./json-batch.js";
import { requireIngestToken } from "./routes.js";

/** Room per item in a JSON batch: an event is a few dozen bytes. */
const BYTES_PER_ITEM = 1024;
const RETRY_AFTER_SECONDS = 30;
const FIELDS = "customerRef, event, date, source";
/** Clocks drift; an event dated beyond tomorrow is a sender bug. */
const FUTURE_TOLERANCE_MS = 24 * 3_600_000;
const EARLIEST = Date.UTC(1990, 0, 1);

export interface EventRejection {
  /** Position in the batch (0-based), or the CSV line number for imports. */
  index: number;
  customerRef: string | null;
  code: "VALIDATION_FAILED";
  field: string;
  message: string;
}

export type EventValidation = { ok: true; value: IncomingCustomerEvent } | { ok: false; rejection: EventRejection };

/** Validates one event; `index` is echoed in a rejection. */
export function validateCustomerEvent(raw: unknown, index: number, now: Date, defaultSource: string): EventValidation {
  const refused = (field: string, message: string, customerRef: string | null = null): EventValidation => ({
    ok: false,
    rejection: { index, customerRef, code: "VALIDATION_FAILED", field, message },
  });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return refused("(item)", `each event must be a JSON object with ${FIELDS}`);
  }
  const item = raw as Record<string, unknown>;
  const unknown = Object.keys(item).filter((k) => !["customerRef", "event", "date", "source"].includes(k));
  const rawRef = item.customerRef;
  const ref =
    typeof rawRef === "string"
      ? rawRef.trim()
      : typeof rawRef === "number" && Number.isInteger(rawRef)
        ? String(rawRef)
        : null;
  const refEcho = ref && ref.length <= 200 ? ref : null;
  if (unknown.length)
    return refused(unknown[0]!, `unknown field(s) ${unknown.join(", ")}; allowed: ${FIELDS}`, refEcho);
  if (!ref) {
    return refused(
      "customerRef",
      'customerRef is required: the customer\'s reference, as responses send it in customer.id (e.g. "NW-40213")',
    );
  }
  // Control characters (NUL among them) cannot be stored and would make the reference another one.
  if (ref.length > 200 || [...ref].some(unprintable)) {
    return refused("customerRef", "customerRef must be at most 200 characters of printable text", refEcho);
  }
  const event = typeof item.event === "string" ? item.event.trim().toLowerCase() : item.event;
  if (typeof event !== "string" || !(CUSTOMER_EVENT_KINDS as readonly string[]).includes(event)) {
    return refused(
      "event",
      `event must be one of ${CUSTOMER_EVENT_KINDS.join(", ")}, got ${item.event === undefined ? "nothing" : JSON.stringify(item.event)}`,
      ref,
    );
  }
  const day = parseDay(item.date);
  if (!day) {
    return refused(
      "date",
      `date must be the day it happened, as 2026-11-23 (or an ISO 8601 date-time with a time zone), got ${item.date === undefined ? "nothing" : JSON.stringify(item.date)}`,
      ref,
    );
  }
  if (day.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    return refused("date", `date ${isoDay(day)} is in the future; send the day the customer's status changed`, ref);
  }
  if (day.getTime() < EARLIEST) return refused("date", `date ${isoDay(day)} is before 1990; check the year`, ref);
  let source = defaultSource;
  if (item.source !== undefined && item.source !== null) {
    if (typeof item.source !== "string" || !/^[a-z0-9][a-z0-9_.:-]{0,63}$/i.test(item.source.trim())) {
      return refused("source", "source must be a short name of letters, digits, _ . : - (e.g. crm)", ref);
    }
    source = item.source.trim();
  }
  return {
    ok: true,
    value: { customerRef: ref, kind: event as IncomingCustomerEvent["kind"], occurredOn: day, source },
  };
}

/** A control character, or half of a surrogate pair with no other half. */
function unprintable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c < 0x20 || c === 0x7f || (c >= 0xd800 && c <= 0xdfff);
}

/** "2026-11-23", or a date-time with its zone (its UTC day), as the UTC midnight of that day. */
function parseDay(v: unknown): Date | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return isoDay(d) === s ? d : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(s)) return null;
  const t = new Date(s);
  if (Number.isNaN(t.getTime())) return null;
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function registerCustomerEvents(ctx: AppContext): void {
  const { deps, http } = ctx;
  const { config } = deps;
  const service = createCustomerEventService(deps);
  const maxBatch = config.INGEST_MAX_BATCH;

  http.post(
    "/api/customers/events",
    requireIngestToken(config),
    jsonBatchParser(maxBatch, BYTES_PER_ITEM),
    async (req, res) => {
      const list = readJsonBatch(req, res, { maxBatch, noun: "event", limitText: String(maxBatch) });
      if (!list) return;
      const now = deps.clock.now();
      const good: { index: number; value: IncomingCustomerEvent }[] = [];
      const rejected: EventRejection[] = [];
      list.forEach((raw, index) => {
        const v = validateCustomerEvent(raw, index, now, "api");
        if (v.ok) good.push({ index, value: v.value });
        else rejected.push(v.rejection);
      });
      if (good.length === 0) {
        res.status(422).json({
          error: "VALIDATION_FAILED",
          message: list.length === 1 ? rejected[0]!.message : `All ${list.length} events were rejected; see rejected[]`,
          accepted: 0,
          duplicates: 0,
          rejected,
        });
        return;
      }
      let summary: Awaited<ReturnType<typeof service.ingest>>;
      try {
        summary = await service.ingest(good.map((g) => g.value));
      } catch (e) {
        if (isAppError(e, "DATABASE_UNAVAILABLE")) {
          res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS)).json({ error: e.code, message: e.message });
          return;
        }
        throw e;
      }
      res.status(rejected.length ? 207 : 200).json({
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected,
        results: good.map((g, k) => ({
          index: g.index,
          customerRef: g.value.customerRef,
          event: g.value.kind,
          date: isoDay(g.value.occurredOn),
          outcome: summary.fresh[k] ? "accepted" : "duplicate",
        })),
      });
    },
  );
}
