#!/usr/bin/env node
// The `nps-loop` command: the CLI compiled into dist/ (kept up to date with src/, see prebuilt.js).
// V8's settings for each command are chosen in engine.js (commandProfile), before anything loads.
import { commandProfile, tuneEngine } from "./engine.js";
import { importCompiled } from "./prebuilt.js";

process.env.NPS_LOOP_CLI = "1";
tuneEngine(commandProfile(process.argv.slice(2)));
await importCompiled("cli/main.ts");
