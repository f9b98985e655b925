#!/usr/bin/env node
// The `nps-loop` command: the CLI compiled into dist/ (kept up to date with src/, see prebuilt.js).
import { tuneHeap } from "./heap.js";
import { importCompiled } from "./prebuilt.js";

process.env.NPS_LOOP_CLI = "1";
// `demo run` serves until stopped, as the server does; `org apply` builds a large file's changes and
// `import`/`import-events` stream a file of any size (see heap.js: V8 would let the heap grow to ~4x
// the live set, so memory would not stay flat). Other one-shot commands keep V8's defaults.
const [command, sub] = process.argv.slice(2);
if (
  (command === "demo" && sub === "run") ||
  (command === "org" && sub === "apply") ||
  command === "import" ||
  command === "import-events"
)
  tuneHeap();
await importCompiled("cli/main.ts");
