// CSV import of customers' status events (beside the response import in csv.ts): streamed in
// constant memory, each row validated like a webhook item, stored in batches; bad rows reported with
// their line numbers, good rows kept. Exactly once: re-importing a file adds nothing.
import type { Readable } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import type { CustomerEventService } from "../services/customer-events.js";
import { type EventRejection, validateCustomerEvent } from "./customer-events.js";

/** Header names recognised for each field (compared without case). */
const COLUMNS: Record<"customerRef" | "event" | "date", string[]> = {
  customerRef: ["customerref", "customer_ref", "customer_id", "customerid", "customer"],
  event: ["event", "status", "kind"],
  date: ["date", "occurred_on", "occurredon", "day"],
};

export interface EventCsvOptions {
  source: string;
  dryRun?: boolean;
  batchSize?: number;
  now: () => Date;
  onReject?: (r: EventRejection) => void;
}

export interface EventCsvSummary {
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first rejections, for the report on screen (all of them go to onReject). */
  firstRejections: EventRejection[];
}

const KEEP_REJECTIONS = 100;

export async function importCustomerEventsCsv(
  service: CustomerEventService,
  input: Readable,
  opts: EventCsvOptions,
): Promise<EventCsvSummary> {
  const batchSize = opts.batchSize ?? 1000;
  const summary: EventCsvSummary = { rows: 0, accepted: 0, duplicates: 0, rejected: 0, firstRejections: [] };
  const reject = (r: EventRejection) => {
    summary.rejected++;
    if (summary.firstRejections.length < KEEP_REJECTIONS) summary.firstRejections.push(r);
    opts.onReject?.(r);
  };
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, skip_records_with_error: true });
  const broken: EventRejection[] = [];
  parser.on("skip", (err: CsvError & { lines?: number }) => {
    summary.rows++;
    broken.push({
      index: err.lines ?? 0,
      customerRef: null,
      code: "VALIDATION_FAILED",
      field: "(row)",
      message: `not a valid CSV row: ${err.message.replace(/^Invalid (Record|Opening Quote|Closing Quote)[^:]*: /, "")}`,
    });
  });
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);

  let at: Record<keyof typeof COLUMNS, number> | undefined;
  let batch: { line: number; row: string[] }[] = [];
  const flush = async () => {
    const now = opts.now();
    const good: { line: number; value: Parameters<CustomerEventService["ingest"]>[0][number] }[] = [];
    const bad = broken.splice(0);
    for (const { line, row } of batch) {
      const cell = (i: number) => (row[i]?.trim() ? row[i]!.trim() : undefined);
      const item = { customerRef: cell(at!.customerRef), event: cell(at!.event), date: cell(at!.date) };
      const v = validateCustomerEvent(item, line, now, opts.source);
      if (v.ok) good.push({ line, value: v.value });
      else bad.push(v.rejection);
    }
    batch = [];
    for (const r of bad.sort((a, b) => a.index - b.index)) reject(r);
    if (good.length) {
      const s = await service.ingest(
        good.map((g) => g.value),
        { dryRun: opts.dryRun ?? false },
      );
      summary.accepted += s.accepted;
      summary.duplicates += s.duplicates;
    }
  };

  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!at) {
      at = resolveColumns(record.map((h) => h.trim()));
      continue;
    }
    summary.rows++;
    batch.push({ line: info.lines, row: record });
    if (batch.length >= batchSize) await flush();
  }
  if (!at) throw new Error("The file is empty: expected a header row (customer_ref,event,date) and one row per event");
  await flush();
  return summary;
}

function resolveColumns(header: string[]): Record<keyof typeof COLUMNS, number> {
  const lower = header.map((h) => h.toLowerCase());
  const out = {} as Record<keyof typeof COLUMNS, number>;
  const missing: string[] = [];
  for (const [field, names] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string[]][]) {
    const i = lower.findIndex((h) => names.includes(h));
    if (i < 0) missing.push(`${field} (a column named ${names.slice(0, 3).join(" or ")})`);
    else out[field] = i;
  }
  if (missing.length) {
    throw new Error(`The header has no column for ${missing.join(", ")}; columns: ${header.join(", ")}`);
  }
  return out;
}
