#!/usr/bin/env node
// `npm start`: the server compiled into dist/ (kept up to date with src/, see prebuilt.js). Plain
// JavaScript starts faster and leaves out the TypeScript loader's thread (~30 MB resident).
import { SERVER_PROFILE, tuneEngine } from "./engine.js";
import { importCompiled } from "./prebuilt.js";

tuneEngine(SERVER_PROFILE);
await importCompiled("main.ts");
