// The one place that reads database driver errors (Prisma, its pg and PGlite adapters, pg, PGlite)
// and turns them into coded AppErrors. Nothing else in src/ inspects P-codes, SQLSTATEs or driver
// messages: callers ask translateDbError() (or the two predicates below) what an error means.
import { AppError, INTERNAL_MESSAGE } from "../core/errors.js";

/** Prisma codes for "cannot reach / lost the database", pool timeouts included. */
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1011", "P1017", "P2024", "P2028"]);
/** Driver adapter error kinds (Prisma 7) with the same meaning. */
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "DatabaseDoesNotExist",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TransactionAlreadyClosed",
]);
/** SQLSTATEs: admin shutdown, crash shutdown, cannot connect now, too many connections, connection exceptions. */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);
const UNAVAILABLE_NODE_CODES = /^E(CONNREFUSED|CONNRESET|PIPE|HOSTUNREACH|NOTFOUND|TIMEDOUT)$/;
const UNAVAILABLE_MESSAGES = /PGlite is closed|Connection terminated|connection is closed/i;

/** Serialization failure and deadlock: the transaction can be run again as it is. */
const BUSY_SQLSTATES = new Set(["40001", "40P01"]);
const BUSY_MESSAGES = /could not serialize|deadlock detected/i;

/** Text the database cannot store: NUL (0x00) or bytes that are not UTF-8. */
const BAD_TEXT_SQLSTATES = new Set(["22021", "22P05"]);

const UNIQUE_SQLSTATE = "23505";

/** What a driver error says, read from whichever layer carries it. */
interface DriverFacts {
  prismaCode?: string;
  sqlState?: string;
  kind?: string;
  nodeCode?: string;
  /** Unique constraint: its name, or the fields Prisma names. */
  constraint?: string;
  fields?: string[];
  /** The table of a constraint violation, when the driver names it. */
  table?: string;
  column?: string;
  initialization: boolean;
  messages: string[];
}

interface ErrorLike {
  name?: string;
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  column?: unknown;
  meta?: {
    target?: unknown;
    driverAdapterError?: {
      cause?: {
        kind?: string;
        originalCode?: string;
        originalMessage?: string;
        constraint?: { fields?: string[]; index?: string };
        column?: string;
        table?: string;
      };
    };
  };
  cause?: unknown;
}

function factsOf(e: unknown): DriverFacts {
  const f: DriverFacts = { initialization: false, messages: [] };
  for (let err: unknown = e, depth = 0; err && typeof err === "object" && depth < 5; depth++) {
    const x = err as ErrorLike;
    if (x.name === "PrismaClientInitializationError") f.initialization = true;
    if (typeof x.message === "string") f.messages.push(x.message);
    if (typeof x.code === "string") {
      // No SQLSTATE class starts with E; Prisma's own codes are P1xxx-P6xxx (P0001 is PL/pgSQL's).
      if (/^E[A-Z_]+$/.test(x.code)) f.nodeCode ??= x.code;
      else if (/^P[1-6]\d{3}$/.test(x.code)) f.prismaCode ??= x.code;
      else if (/^[0-9A-Z]{5}$/.test(x.code)) f.sqlState ??= x.code;
    }
    if (typeof x.constraint === "string") f.constraint ??= x.constraint;
    if (typeof x.column === "string") f.column ??= x.column;
    const target = x.meta?.target;
    if (Array.isArray(target)) f.fields ??= target.map(String);
    else if (typeof target === "string") f.constraint ??= target;
    const cause = x.meta?.driverAdapterError?.cause;
    if (cause) {
      f.kind ??= cause.kind;
      if (cause.originalCode) f.sqlState ??= cause.originalCode;
      if (cause.originalMessage) f.messages.push(cause.originalMessage);
      if (cause.constraint?.fields) f.fields ??= cause.constraint.fields;
      if (cause.constraint?.index) f.constraint ??= cause.constraint.index;
      if (cause.column) f.column ??= cause.column;
      if (cause.table) f.table ??= cause.table;
    }
    err = x.cause;
  }
  // PostgreSQL through pg names the index, not the fields: "<table>_<columns>_key" by its default
  // naming (and Prisma's), so the columns are what lies between (PGlite's adapter gives the fields).
  if (!f.fields && f.constraint && f.table) {
    const m = new RegExp(`^${f.table}_(.+)_key$`).exec(f.constraint);
    if (m?.[1]) f.fields = [m[1]];
  }
  if (!f.constraint) {
    const named = f.messages.map((m) => /unique constraint "([^"]+)"/.exec(m)?.[1]).find(Boolean);
    if (named) f.constraint = named;
  }
  return f;
}

function unavailable(f: DriverFacts): boolean {
  return (
    f.initialization ||
    (f.prismaCode !== undefined && UNAVAILABLE_PRISMA_CODES.has(f.prismaCode)) ||
    (f.sqlState !== undefined && UNAVAILABLE_SQLSTATES.has(f.sqlState)) ||
    (f.kind !== undefined && UNAVAILABLE_KINDS.has(f.kind)) ||
    (f.nodeCode !== undefined && UNAVAILABLE_NODE_CODES.test(f.nodeCode)) ||
    f.messages.some((m) => UNAVAILABLE_MESSAGES.test(m))
  );
}

function busy(f: DriverFacts): boolean {
  return (
    f.prismaCode === "P2034" ||
    f.kind === "TransactionWriteConflict" ||
    (f.sqlState !== undefined && BUSY_SQLSTATES.has(f.sqlState)) ||
    f.messages.some((m) => BUSY_MESSAGES.test(m))
  );
}

/** Names of the fields in `data` whose text holds NUL (what PostgreSQL refuses to store). */
function fieldsWithNul(data: unknown, prefix = "", out: string[] = []): string[] {
  if (typeof data === "string") {
    if (data.includes("\u0000")) out.push(prefix || "value");
  } else if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) fieldsWithNul(v, `${prefix}[${i}]`, out);
  } else if (data && typeof data === "object" && !(data instanceof Date)) {
    for (const [k, v] of Object.entries(data)) fieldsWithNul(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

export interface TranslateContext {
  /** The data that was written: lets a NUL or bad-byte error name the field. */
  data?: unknown;
  /** What was being done, for the message ("saving the survey source"). */
  action?: string;
}

/**
 * Any error from a database call as a coded AppError:
 * - database down, closed, unreachable, pool exhausted: DATABASE_UNAVAILABLE (retry later);
 * - serialization failure or deadlock: DATABASE_BUSY (run the transaction again);
 * - unique violation: CONFLICT, details { constraint, fields };
 * - NUL or invalid bytes in text: VALIDATION_FAILED, details { fields } when known;
 * - anything else: INTERNAL (a bug: log the cause, show the generic message).
 * The original error is the AppError's cause; its text never reaches the message.
 */
export function translateDbError(e: unknown, context: TranslateContext = {}): AppError {
  if (e instanceof AppError) return e;
  const f = factsOf(e);
  const during = context.action ? ` while ${context.action}` : "";
  const opts = { cause: e };
  if (unavailable(f)) {
    return new AppError(
      "DATABASE_UNAVAILABLE",
      `the database cannot be reached${during}; try again shortly`,
      undefined,
      opts,
    );
  }
  if (busy(f)) {
    return new AppError(
      "DATABASE_BUSY",
      `another change to the same data got there first${during}; try again`,
      undefined,
      opts,
    );
  }
  if (f.prismaCode === "P2002" || f.sqlState === UNIQUE_SQLSTATE || f.kind === "UniqueConstraintViolation") {
    const what = f.fields?.length ? f.fields.join(", ") : (f.constraint ?? "a unique key");
    return new AppError(
      "CONFLICT",
      `a record with the same ${what} already exists${during}`,
      { constraint: f.constraint ?? null, fields: f.fields ?? [] },
      opts,
    );
  }
  if (f.sqlState !== undefined && BAD_TEXT_SQLSTATES.has(f.sqlState)) {
    const fields = f.column ? [f.column] : fieldsWithNul(context.data);
    const where = fields.length ? ` in ${fields.join(", ")}` : "";
    return new AppError(
      "VALIDATION_FAILED",
      `the text${where} holds a NUL character or bytes that are not UTF-8; remove them and send it again`,
      { fields },
      opts,
    );
  }
  return new AppError("INTERNAL", INTERNAL_MESSAGE, undefined, opts);
}

/**
 * True when an error means "the database cannot be used right now" (unreachable, closed, pool
 * exhausted, shut down) rather than a bad query: callers answer 503 so that senders retry.
 */
export function isDatabaseUnavailableError(e: unknown): boolean {
  return translateDbError(e).code === "DATABASE_UNAVAILABLE";
}

/** True for a serialization failure or deadlock: running the same transaction again can succeed. */
export function isRetryableDbError(e: unknown): boolean {
  return translateDbError(e).code === "DATABASE_BUSY";
}
