// V8 settings for NPS Loop's own processes, in one place (figures: bench/memory.ts, bench/org-apply.ts).
// Each entry point calls tuneEngine() first, before it loads any module: two of the three settings
// act only on what comes after them.
//
// 1. Heap growth (processes that run long or read a large input). V8 lets the old generation grow to
//    up to 4x what was live after the last full collection when memory seems plentiful: the server
//    keeps ~60 MB live, and under /nps reports and ingestion its heap reached ~300 MB of mostly
//    garbage. A fixed factor of 1.5 (--heap-growing-percent=50) keeps it near the live set, at the
//    cost of more frequent (mostly concurrent) collections. V8 reads the flag at each collection.
//
// 2. The young generation (same processes). Node 20's V8 caps each of its two semi-spaces at 16 MB;
//    Node 22 and 24 let them grow to 64 MB on a machine with a few GB of memory, and once grown they
//    stay resident: the server at 20,000 rows peaked at 502 MB on Node 24 against 392 MB on Node 20,
//    128 MB of it young generation. V8 reads this cap only at start, so where Node can replace the
//    running process with a new image (process.execve: Node 22.15+ and 24, on Linux and macOS) the
//    process starts itself again, same pid, stdio, arguments and environment, with
//    --max-semi-space-size=16, Node 20's own cap. It costs one Node start-up (~40 ms). Elsewhere it
//    runs as it is.
//
// 3. PGlite's WebAssembly compilers. V8 compiles each function of Postgres (PGlite is Postgres
//    compiled to WebAssembly) with its baseline compiler, Liftoff, when it is first called, then the
//    hot ones again with its optimizing compiler, TurboFan, in the background. In a process that runs
//    for seconds the second compilation costs more than it saves: an org apply of 20,000 people
//    peaked ~85 MB higher with it on Node 20 (optimized code, and the compiler's working memory that
//    the C allocator keeps) and used as much CPU or more. One-shot commands keep Liftoff's code only.
//    The server, the demo and the CSV imports keep both compilers, for throughput: on Liftoff alone,
//    batches of 1,000 were stored 1.4x slower, a CSV import 1.75x slower and reports ran 1.3-1.45x
//    slower. Except on V8 13 (Node 24), see OPTIMIZING_SPIKES, where they keep Liftoff's code too.
//
// Overrides: NPS_HEAP_GROWING_PERCENT (a number; 0 leaves 1 and 2 to V8), NPS_WASM_TIERS (`baseline`
// or `optimizing`, for any process). Flags given when node starts (on its command line or in
// NODE_OPTIONS) always win: a process started with --max-old-space-size, --optimize-for-size,
// --heap-growing-percent or --max-semi-space-size keeps its own heap settings, and one started with a
// --liftoff or --wasm-tier-up flag its own compilers.
import v8 from "node:v8";

export const DEFAULT_HEAP_GROWING_PERCENT = 50;
/** Node 20's own cap on each semi-space (MB), given to Node 22 and 24. */
export const SEMI_SPACE_MB = 16;

/**
 * V8 13 (Node 24) optimizes one of Postgres's functions (~100 KB of WebAssembly, hot while PGlite
 * starts) with ~600 MB of compiler memory for ~0.6 s: the server's RSS reached 715 MB a second after
 * the database opened, then fell back to ~340 MB; a container sized for the server would kill it at
 * every start. V8 12 (Node 22) and 11 (Node 20) optimize the same function with little memory. On
 * V8 13 every process therefore keeps Liftoff's code unless NPS_WASM_TIERS=optimizing asks otherwise
 * (the server's first start then peaked at 256 MB, and at ~305 MB under load at 20,000 rows instead
 * of 402 MB).
 */
const OPTIMIZING_SPIKES = Number(process.versions.v8.split(".")[0]) >= 13;

const own = () => [...process.execArgv, process.env.NODE_OPTIONS ?? ""].join(" ");

/**
 * @param {{ heap: boolean, wasm: "optimizing" | "baseline" }} profile
 *   heap: bound the heap (1 and 2 above), for a process that runs long or reads a large input;
 *   wasm: keep both compilers' code, or Liftoff's only (3 above).
 */
export function tuneEngine(profile) {
  if (profile.heap) {
    restartWithSemiSpaceCap();
    tuneHeapGrowth();
  }
  const asked = process.env.NPS_WASM_TIERS;
  const tiers =
    asked === "optimizing" || asked === "baseline"
      ? asked
      : OPTIMIZING_SPIKES && profile.wasm === "optimizing"
        ? "baseline"
        : profile.wasm;
  if (tiers === "baseline" && !/--(no-)?(liftoff|wasm-tier-up|wasm-dynamic-tiering)/.test(own())) {
    // Both: without dynamic tiering, V8 would optimize every function at once unless tier-up is off.
    v8.setFlagsFromString("--no-wasm-dynamic-tiering");
    v8.setFlagsFromString("--no-wasm-tier-up");
  }
}

/** The server (bin/server.js): bounded heap, both WebAssembly compilers. */
export const SERVER_PROFILE = { heap: true, wasm: "optimizing" };

/**
 * What an `nps-loop` command asks of V8:
 * - `demo run` serves until stopped, as the server does;
 * - `import` and `import-events` stream a file of any size for as long as it takes: the same;
 * - `org apply` builds a large file's changes in seconds: bounded heap, Liftoff's code only;
 * - every other command runs for a moment: Liftoff's code only, V8's own heap settings.
 * @param {string[]} args the command's arguments (process.argv.slice(2))
 * @returns {{ heap: boolean, wasm: "optimizing" | "baseline" }}
 */
export function commandProfile(args) {
  const [command, sub] = args;
  if ((command === "demo" && sub === "run") || command === "import" || command === "import-events")
    return SERVER_PROFILE;
  return { heap: command === "org" && sub === "apply", wasm: "baseline" };
}

function tuneHeapGrowth() {
  if (/max-old-space-size|optimize-for-size|heap-growing-percent/.test(own())) return;
  const asked = process.env.NPS_HEAP_GROWING_PERCENT;
  const percent = asked !== undefined && /^\d+$/.test(asked) ? Number(asked) : DEFAULT_HEAP_GROWING_PERCENT;
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

function restartWithSemiSpaceCap() {
  // process.execve exists from Node 22.15 (and 23.11), on Linux and macOS.
  if (typeof process.execve !== "function") return;
  if (/max-semi-space-size|max-old-space-size|optimize-for-size/.test(own())) return;
  if (process.env.NPS_HEAP_GROWING_PERCENT === "0") return;
  try {
    process.execve(
      process.execPath,
      [process.execPath, `--max-semi-space-size=${SEMI_SPACE_MB}`, ...process.execArgv, ...process.argv.slice(1)],
      process.env,
    );
  } catch {
    // Not replaced (refused by the system): this process goes on with V8's own young generation.
  }
}
