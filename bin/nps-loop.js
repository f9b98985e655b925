#!/usr/bin/env node
// The `nps-loop` command: the CLI compiled into dist/ (kept up to date with src/, see prebuilt.js).
import { tuneHeap } from "./heap.js";
import { importCompiled } from "./prebuilt.js";

process.env.NPS_LOOP_CLI = "1";
// `demo run` serves until stopped, as the server does, and `org apply` builds a large file's changes
// (see heap.js: V8 would let the heap grow to ~4x the live set); other one-shot commands keep V8's defaults.
const [command, sub] = process.argv.slice(2);
if ((command === "demo" && sub === "run") || (command === "org" && sub === "apply")) tuneHeap();
await importCompiled("cli/main.ts");
