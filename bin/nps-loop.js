#!/usr/bin/env node
// The `nps-loop` command: the CLI compiled into dist/ (kept up to date with src/, see prebuilt.js).
import { tuneHeap } from "./heap.js";
import { importCompiled } from "./prebuilt.js";

process.env.NPS_LOOP_CLI = "1";
// `demo run` serves until stopped, as the server does; one-shot commands keep V8's defaults.
if (process.argv[2] === "demo" && process.argv[3] === "run") tuneHeap();
await importCompiled("cli/main.ts");
