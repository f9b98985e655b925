// Preloaded into a process by bench/memory.ts (`node --import ./bench/lib/memory-probe.mjs ...`):
// where its memory goes, sampled every 100 ms: resident (from /proc), V8's heap, external and
// ArrayBuffer memory (process.memoryUsage()), and the size of every WebAssembly memory the process
// creates (PGlite's Postgres; Prisma's query compiler), named by who created it. Plain JavaScript:
// the server runs compiled JS without a TypeScript loader, and the probe must not add one.
// It writes {now, peak, atPeakRss} as one JSON object to NPS_MEMORY_PROBE_FILE (replaced whole);
// with --expose-gc, SIGUSR2 runs a full collection and adds {afterGc}: what is live, not garbage.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import v8 from "node:v8";

const file = process.env.NPS_MEMORY_PROBE_FILE;
/** @type {{ label: string; memory: WebAssembly.Memory }[]} */
const memories = [];
const MB = 1024 * 1024;

function labelFromStack() {
  const stack = new Error().stack ?? "";
  if (/pglite/i.test(stack)) return "pglite";
  if (/prisma/i.test(stack)) return "prisma";
  return "other";
}

const OriginalMemory = WebAssembly.Memory;
class TrackedMemory extends OriginalMemory {
  constructor(descriptor) {
    super(descriptor);
    memories.push({ label: labelFromStack(), memory: this });
  }
}
WebAssembly.Memory = TrackedMemory;

/** Memories a module defines itself (not imported) appear only as the instance's exports. */
function trackExports(instance, label) {
  for (const value of Object.values(instance.exports ?? {})) {
    if (value instanceof OriginalMemory && !memories.some((m) => m.memory === value)) {
      memories.push({ label, memory: value });
    }
  }
}
const originalInstantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function instantiate(...args) {
  const label = labelFromStack();
  const result = await originalInstantiate.apply(this, args);
  trackExports(result.instance ?? result, label);
  return result;
};
const OriginalInstance = WebAssembly.Instance;
WebAssembly.Instance = class TrackedInstance extends OriginalInstance {
  constructor(module, imports) {
    super(module, imports);
    trackExports(this, labelFromStack());
  }
};

function rss() {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / MB;
}

/**
 * How much of each WebAssembly memory is resident: its pages are mapped in one region of exactly its
 * size (the guard pages around it are mapped apart), so the regions of /proc/self/smaps of that size
 * are matched to the memories, largest first.
 */
function wasmResident() {
  /** @type {Map<number, number[]>} size in bytes -> resident MB of the regions of that size */
  const bySize = new Map();
  let text = "";
  try {
    text = readFileSync("/proc/self/smaps", "utf8");
  } catch {
    return {};
  }
  for (const block of text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/)) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) /.exec(block);
    const rss = /\nRss:\s+(\d+) kB/.exec(block);
    if (!range || !rss) continue;
    const size = Number(BigInt(`0x${range[2]}`) - BigInt(`0x${range[1]}`));
    if (!bySize.has(size)) bySize.set(size, []);
    bySize.get(size)?.push(Number(rss[1]) / 1024);
  }
  /** @type {Record<string, number>} */
  const out = {};
  for (const { label, memory } of memories) {
    const regions = bySize.get(memory.buffer.byteLength);
    const resident = regions?.shift();
    if (resident === undefined) continue;
    const key = `wasmResident_${label}`;
    out[key] = (out[key] ?? 0) + resident;
  }
  return out;
}

/** smaps is long (~1,000 regions): read at most once a second so that the probe's own garbage stays small. */
let residentCache = { at: 0, value: {} };
function wasmResidentThrottled(fresh) {
  const now = Date.now();
  if (fresh || now - residentCache.at >= 1000) residentCache = { at: now, value: wasmResident() };
  return residentCache.value;
}

export function sample(fresh = true) {
  const u = process.memoryUsage();
  /** @type {Record<string, number>} */
  const s = {
    rss: rss(),
    heapTotal: u.heapTotal / MB,
    heapUsed: u.heapUsed / MB,
    external: u.external / MB,
    arrayBuffers: u.arrayBuffers / MB,
  };
  // The heap's spaces: the young generation (new_space) is sized apart from the old one.
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_size > MB) s[`space_${space.space_name}`] = space.space_size / MB;
  }
  for (const { label, memory } of memories) {
    const key = `wasm_${label}`;
    s[key] = (s[key] ?? 0) + memory.buffer.byteLength / MB;
  }
  return Object.assign(s, wasmResidentThrottled(fresh));
}

// Processes this one starts (PGlite's initdb child) load the probe too (NODE_OPTIONS), but only
// this process writes the file: the probed process is known by its pid. That pid survives
// process.execve, so when the server starts itself again with its V8 start flags (bin/engine.js on
// Node 22+), the new image is probed as the same process.
const probedPid = process.env.NPS_MEMORY_PROBE_PID ?? String(process.pid);
process.env.NPS_MEMORY_PROBE_PID = probedPid;

if (file && probedPid === String(process.pid)) {
  /** @type {Record<string, number>} */
  const peak = {};
  let atPeakRss = {};
  /** @type {Record<string, number> | undefined} */
  let afterGc;
  const tick = () => {
    const now = sample(false);
    for (const [k, v] of Object.entries(now)) peak[k] = Math.max(peak[k] ?? 0, v);
    if (now.rss >= (peak.rss ?? 0)) atPeakRss = now;
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ now, peak, atPeakRss, afterGc }));
    renameSync(tmp, file);
  };
  setInterval(tick, 100).unref();
  tick();
  const gc = /** @type {undefined | (() => void)} */ (globalThis.gc);
  if (gc) {
    process.on("SIGUSR2", () => {
      gc();
      afterGc = sample();
      tick();
    });
  }
}
