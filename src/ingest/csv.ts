// CSV import: streams a file through csv-parse in constant memory, validates each row like a
// webhook item (scores may be quoted here), and stores batches through the ingestion service, each
// batch in its own transaction. Bad rows are reported with their line numbers; good rows are kept.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import type { IngestOptions, IngestSummary, ResponseService } from "../services/responses.js";
import { type Rejection, validateItem } from "./validate.js";

/** Response fields a column can fill, with the header names recognised without --map. */
const FIELDS: Record<string, string[]> = {
  externalId: ["externalid", "external_id", "id", "response_id", "responseid"],
  score: ["score", "nps", "nps_score", "likelihood"],
  comment: ["comment", "comments", "feedback", "verbatim"],
  team: ["team", "team_slug"],
  staff: ["staff", "staff_email", "technician", "agent"],
  touchpoint: ["touchpoint", "channel"],
  area: ["area", "region"],
  "customer.id": ["customer_id", "customerid", "customer_ref", "customer"],
  "customer.name": ["customer_name", "customername", "name"],
  "customer.email": ["customer_email", "customeremail", "email"],
  "customer.phone": ["customer_phone", "customerphone", "phone"],
  respondedAt: ["respondedat", "responded_at", "date", "submitted_at", "created_at"],
  updatedAt: ["updatedat", "updated_at"],
};
const FIELD_ALIASES: Record<string, string> = {
  id: "externalId",
  external_id: "externalId",
  responded_at: "respondedAt",
  date: "respondedAt",
  updated_at: "updatedAt",
  customer_id: "customer.id",
  customer_name: "customer.name",
  customer_email: "customer.email",
  email: "customer.email",
  customer_phone: "customer.phone",
  phone: "customer.phone",
};

export interface CsvImportOptions extends IngestOptions {
  source: string;
  /** field → column header, from --map score=Q1,comment=Q2. */
  map?: Record<string, string>;
  /** Rows per transaction. */
  batchSize?: number;
  now: () => Date;
  /** Every rejected row (the caller may write them all to a report file). */
  onReject?: (r: Rejection) => void;
  /** After each batch: rows read so far and bytes of the file consumed. */
  onProgress?: (p: { rows: number; bytes: number }) => void;
}

export interface CsvImportSummary {
  rows: number;
  accepted: number;
  duplicates: number;
  updated: number;
  rejected: number;
  casesOpened: number;
  unassigned: number;
  /** The first rejections, for the report on screen (all of them go to onReject). */
  firstRejections: Rejection[];
  /** Which column fills which field. */
  columns: Record<string, string>;
  /** Columns kept as attributes (for routing rules attribute:<column>). */
  attributeColumns: string[];
  /** True when the file has no id column: ids are derived from each row's content. */
  derivedIds: boolean;
}

const KEEP_REJECTIONS = 100;

/** Parses "score=Q1,comment=Q2" into {score: "Q1", comment: "Q2"}; throws naming a bad field. */
export function parseColumnMap(spec: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!spec) return out;
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1) throw new Error(`--map: "${part}" should look like field=Column`);
    const raw = part.slice(0, eq).trim();
    const field = FIELD_ALIASES[raw.toLowerCase()] ?? (raw in FIELDS ? raw : (FIELD_ALIASES[raw] ?? raw));
    if (!(field in FIELDS)) {
      throw new Error(`--map: unknown field "${raw}"; fields are ${Object.keys(FIELDS).join(", ")}`);
    }
    out[field] = part.slice(eq + 1).trim();
  }
  return out;
}

function resolveColumns(header: string[], map: Record<string, string>): Record<string, number> {
  const lower = header.map((h) => h.trim().toLowerCase());
  const at: Record<string, number> = {};
  for (const [field, column] of Object.entries(map)) {
    const i = header.findIndex((h) => h.trim() === column);
    const j = i >= 0 ? i : lower.indexOf(column.toLowerCase());
    if (j < 0)
      throw new Error(`--map: the file has no column "${column}" (for ${field}); columns: ${header.join(", ")}`);
    at[field] = j;
  }
  for (const [field, names] of Object.entries(FIELDS)) {
    if (at[field] !== undefined) continue;
    const j = lower.findIndex((h) => names.includes(h));
    if (j >= 0 && !Object.values(at).includes(j)) at[field] = j;
  }
  if (at.score === undefined) {
    throw new Error(`No score column: name one with --map score=<column> (columns: ${header.join(", ")})`);
  }
  return at;
}

/** CSV times: ISO 8601, a bare date, or "YYYY-MM-DD HH:MM[:SS]" read as UTC. */
function csvTime(v: string | undefined): string | undefined {
  if (!v?.trim()) return undefined;
  const s = v.trim();
  const naive = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(s);
  return naive ? `${naive[1]}T${naive[2]!.length === 5 ? `${naive[2]}:00` : naive[2]}Z` : s;
}

function rowToItem(row: string[], at: Record<string, number>, attributeColumns: [string, number][]) {
  const cell = (field: string) => {
    const i = at[field];
    const v = i === undefined ? undefined : row[i];
    return v === undefined || v.trim() === "" ? undefined : v;
  };
  const scoreText = cell("score")?.trim();
  const score = scoreText !== undefined && /^-?\d+(\.\d+)?$/.test(scoreText) ? Number(scoreText) : scoreText;
  const customer = {
    id: cell("customer.id"),
    name: cell("customer.name"),
    email: cell("customer.email"),
    phone: cell("customer.phone"),
  };
  const attributes: Record<string, string> = {};
  for (const [name, i] of attributeColumns) {
    const v = row[i]?.trim();
    if (v) attributes[name] = v.slice(0, 1000);
  }
  return {
    externalId:
      cell("externalId") ??
      // No id column: the row's content is its identity, so re-importing the file adds nothing.
      `row-${createHash("sha256").update(JSON.stringify(row)).digest("hex").slice(0, 24)}`,
    score,
    comment: cell("comment"),
    team: cell("team"),
    staff: cell("staff"),
    touchpoint: cell("touchpoint"),
    area: cell("area"),
    customer: Object.values(customer).some((v) => v !== undefined) ? customer : undefined,
    respondedAt: csvTime(cell("respondedAt")),
    updatedAt: csvTime(cell("updatedAt")),
    attributes: Object.keys(attributes).length ? attributes : undefined,
  };
}

export async function importCsv(
  service: ResponseService,
  input: Readable,
  opts: CsvImportOptions,
): Promise<CsvImportSummary> {
  const batchSize = opts.batchSize ?? 1000;
  const summary: CsvImportSummary = {
    rows: 0,
    accepted: 0,
    duplicates: 0,
    updated: 0,
    rejected: 0,
    casesOpened: 0,
    unassigned: 0,
    firstRejections: [],
    columns: {},
    attributeColumns: [],
    derivedIds: false,
  };
  const reject = (r: Rejection) => {
    summary.rejected++;
    if (summary.firstRejections.length < KEEP_REJECTIONS) summary.firstRejections.push(r);
    opts.onReject?.(r);
  };
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_quotes: false,
    // A broken row (bad quoting, wrong number of fields) is reported and skipped, not fatal.
    skip_records_with_error: true,
  });
  // Broken rows are reported with the batch they fall in, so the report stays in line order.
  const broken: Rejection[] = [];
  parser.on("skip", (err: CsvError & { lines?: number }) => {
    summary.rows++;
    broken.push({
      index: err.lines ?? 0,
      externalId: null,
      code: "VALIDATION_FAILED",
      field: "(row)",
      message: `not a valid CSV row: ${err.message.replace(/^Invalid (Record|Opening Quote|Closing Quote)[^:]*: /, "")}`,
    });
  });
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);

  let at: Record<string, number> | undefined;
  let attributeColumns: [string, number][] = [];
  let batch: { line: number; item: unknown }[] = [];
  let bytes = 0;
  // Batches are stored in file order as far as it matters: a batch that shares an id with the one
  // before it (a later row for the same id is a later delivery) waits until that one is stored;
  // otherwise the two are stored at once, so that the database works on one while this thread
  // validates, routes and encodes the next. At most two batches are being stored and one parsed,
  // so memory stays flat as the file grows. Rejections are reported in batch order all the same.
  let previous: { keys: Set<string>; stored: Promise<unknown>; reported: Promise<void> } | undefined;
  let older: Promise<void> = Promise.resolve();
  const ingestOpts = { historic: opts.historic ?? false, dryRun: opts.dryRun ?? false };
  // Teams, staff and rules are read once per import, each key when a row first names it.
  const routing = service.routingSnapshot();
  const flush = async () => {
    if (batch.length === 0 && broken.length === 0) return;
    const now = opts.now();
    const good: { line: number; value: Parameters<ResponseService["ingest"]>[0][number] }[] = [];
    const bad = broken.splice(0);
    for (const { line, item } of batch) {
      const v = validateItem(item, line, now, opts.source);
      if (v.ok) good.push({ line, value: { ...v.value, source: opts.source } });
      else bad.push(csvRejection(v.rejection, item));
    }
    batch = [];
    const items = good.map((g) => g.value);
    const prepared = items.length ? service.prepare(items, ingestOpts, routing) : undefined;
    const progress = { rows: summary.rows, bytes };
    // The batch before the previous one is stored and reported before this one starts.
    await older;
    const keys = new Set(items.map((it) => it.externalId));
    const before = previous;
    const sharesIds = before !== undefined && items.some((it) => before.keys.has(it.externalId));
    const after = sharesIds ? before.stored : Promise.resolve();
    const stored: Promise<IngestSummary | null> = after.then(() =>
      items.length ? service.ingest(items, ingestOpts, prepared) : null,
    );
    // Awaited through `reported`; never an unhandled rejection meanwhile.
    stored.catch(() => {});
    const reported = (before?.reported ?? Promise.resolve()).then(async () => {
      // The previous batch first: its refused rows come before this batch's in the report.
      for (const r of bad.sort((a, b) => a.index - b.index)) reject(r);
      const s = await stored;
      if (s) {
        // A row the database refused is a rejected row like any other; the rest of the batch is stored.
        for (const f of s.failures) {
          reject({
            index: good[f.index]!.line,
            externalId: good[f.index]!.value.externalId,
            code: "INGEST_STORE_FAILED",
            field: "(row)",
            message: f.message,
          });
        }
        summary.accepted += s.accepted;
        summary.duplicates += s.duplicates;
        summary.updated += s.updated;
        summary.casesOpened += s.casesOpened;
        summary.unassigned += s.unassigned;
      }
      opts.onProgress?.(progress);
    });
    reported.catch(() => {});
    older = before?.reported ?? Promise.resolve();
    previous = { keys, stored, reported };
  };

  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; bytes: number };
  }>) {
    bytes = info.bytes;
    if (!at) {
      const header = record.map((h) => h.trim());
      at = resolveColumns(header, opts.map ?? {});
      const used = new Set(Object.values(at));
      attributeColumns = header
        .map((h, i) => [h, i] as [string, number])
        .filter(([h, i]) => h && !used.has(i))
        .slice(0, 50);
      summary.columns = Object.fromEntries(Object.entries(at).map(([f, i]) => [f, header[i]!]));
      summary.attributeColumns = attributeColumns.map(([h]) => h);
      summary.derivedIds = at.externalId === undefined;
      continue;
    }
    summary.rows++;
    batch.push({ line: info.lines, item: rowToItem(record, at, attributeColumns) });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await older;
  await previous?.reported;
  if (!at) throw new Error("The file is empty: expected a header row and one row per response");
  return summary;
}

/** CSV cells are text: say "a number", not "a JSON number". */
function csvRejection(r: Rejection, item: unknown): Rejection {
  const score = (item as { score?: unknown }).score;
  if (r.field === "score" && r.code === "VALIDATION_FAILED") {
    return {
      ...r,
      message: `score must be a whole number 0-10, got ${score === undefined ? "an empty cell" : JSON.stringify(score)}`,
    };
  }
  return r;
}
