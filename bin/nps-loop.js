#!/usr/bin/env node
// The `nps-loop` command: runs the compiled CLI when built, else the TypeScript source via tsx.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

process.env.NPS_LOOP_CLI = "1";
const built = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
if (existsSync(built)) {
  await import(built);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/cli/main.ts", import.meta.url).href);
}
