// Group commit for webhook requests that arrive together: while a group is being stored, requests
// that come in wait, then go into the next group, stored by one `ingest` call (one transaction,
// one routing load). Each response stays atomic with its case and outbox rows (they commit in the
// same transaction), repeats of a key across the group are applied in arrival order as later
// deliveries, and an item the database refuses is stored apart (the service's one-by-one fallback),
// so each request gets exactly the outcome it would have had alone. A lone request waits one turn
// of the event loop (setImmediate) or two, no longer.
import type { IncomingResponse } from "../core/ingest-plan.js";
import type { IngestSummary } from "./responses.js";

interface Waiting {
  items: IncomingResponse[];
  resolve(s: IngestSummary): void;
  reject(e: unknown): void;
}

/** Turns of the event loop a group may wait for more requests (only while more keep coming). */
const GATHER_TURNS = 4;

export interface IngestGroupOptions {
  /** At most this many items in one group (a request larger than this goes alone). */
  maxItems: number;
  /** Groups stored at once (1 on the embedded database, which runs one transaction at a time). */
  concurrency: number;
}

export function createIngestGroup(
  ingest: (items: IncomingResponse[]) => Promise<IngestSummary>,
  opts: IngestGroupOptions,
): (items: IncomingResponse[]) => Promise<IngestSummary> {
  const queue: Waiting[] = [];
  let running = 0;

  async function drain(): Promise<void> {
    running++;
    try {
      while (queue.length) {
        // Let requests that arrived meanwhile be read first: on the embedded database the queries run
        // on this thread and hold back the event loop, so without a turn they would never join a group.
        // While each turn brings more (senders answered by the last group are sending again), take
        // another, up to GATHER_TURNS: fewer, larger groups spend less per response on the routing
        // read and the statement (CPU per response -20% at 16 senders on the embedded database).
        await new Promise((r) => setImmediate(r));
        for (let turn = 1, seen = -1; turn < GATHER_TURNS && queue.length !== seen; turn++) {
          seen = queue.length;
          await new Promise((r) => setImmediate(r));
        }
        const group: Waiting[] = [queue.shift()!];
        let n = group[0]!.items.length;
        while (queue.length && n + queue[0]!.items.length <= opts.maxItems) {
          const next = queue.shift()!;
          group.push(next);
          n += next.items.length;
        }
        try {
          const summary = await ingest(group.flatMap((g) => g.items));
          let offset = 0;
          for (const g of group) {
            g.resolve(sliceSummary(summary, offset, g.items.length));
            offset += g.items.length;
          }
        } catch (e) {
          for (const g of group) g.reject(e);
        }
      }
    } finally {
      running--;
    }
  }

  return (items) =>
    new Promise<IngestSummary>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      if (running < opts.concurrency) void drain();
    });
}

/** The part of a group's summary that belongs to items [offset, offset + n). */
export function sliceSummary(s: IngestSummary, offset: number, n: number): IngestSummary {
  const results = s.results.slice(offset, offset + n);
  const out: IngestSummary = {
    results: new Array(n),
    failures: s.failures
      .filter((f) => f.index >= offset && f.index < offset + n)
      .map((f) => ({ ...f, index: f.index - offset })),
    accepted: 0,
    duplicates: 0,
    updated: 0,
    casesOpened: 0,
    // Outbox rows are counted per group (the deliverer was woken once for all of them).
    messagesQueued: 0,
    unassigned: 0,
  };
  results.forEach((r, i) => {
    if (!r) return;
    out.results[i] = r;
    if (r.outcome === "accepted") out.accepted++;
    else if (r.outcome === "duplicate") out.duplicates++;
    else out.updated++;
    if (r.caseOpened) out.casesOpened++;
    if (r.unassigned) out.unassigned++;
  });
  return out;
}
