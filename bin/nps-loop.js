#!/usr/bin/env node
// The `nps-loop` command: the CLI compiled into dist/ (kept up to date with src/, see prebuilt.js).
import { importCompiled } from "./prebuilt.js";

process.env.NPS_LOOP_CLI = "1";
await importCompiled("cli/main.ts");
