// How much the JavaScript heap may grow between two full garbage collections, for the long-running
// processes (the server; the demo, which runs it in-process). V8's default lets the old generation
// grow to up to 4x what was live after the last full collection when memory seems plentiful: the
// server keeps ~60 MB live, and under /nps reports and ingestion its heap reached ~300 MB of mostly
// garbage (bench/memory.ts prints the live heap after a full collection beside the peak). A fixed
// factor of 1.5 keeps the heap within about 1.5x what is live, at the cost of more frequent (mostly
// concurrent) collections. The flag is read at each collection, so setting it here, after start,
// takes effect. NPS_HEAP_GROWING_PERCENT overrides it (0: V8's own heuristics); so does starting
// node with --max-old-space-size, --optimize-for-size or --heap-growing-percent.
import v8 from "node:v8";

export const DEFAULT_HEAP_GROWING_PERCENT = 50;

export function tuneHeap() {
  const own = [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");
  if (/max-old-space-size|optimize-for-size|heap-growing-percent/.test(own)) return;
  const asked = process.env.NPS_HEAP_GROWING_PERCENT;
  const percent = asked !== undefined && /^\d+$/.test(asked) ? Number(asked) : DEFAULT_HEAP_GROWING_PERCENT;
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
