// Runs the TypeScript sources as JavaScript compiled into dist/ (what `npm run build` writes), and
// keeps dist/ up to date with src/: a file whose source changed since it was compiled is compiled
// again with esbuild (one file: a few ms; the whole tree: under a second). Node then loads plain
// JavaScript: no TypeScript loader hooks on each of the hundreds of modules a command imports,
// which is most of a command's start-up (bench/cli.ts). Without esbuild, tsx runs the sources.
import { copyFileSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = path.join(root, "src");
const dist = path.join(root, "dist");

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/** Sources whose compiled file is missing or older than them; JSON modules (the message catalogues) are copied as they are. */
function staleSources() {
  const stale = [];
  for (const rel of readdirSync(src, { recursive: true })) {
    if (rel.endsWith(".json")) {
      const out = path.join(dist, rel);
      if (mtime(out) < mtime(path.join(src, rel))) {
        mkdirSync(path.dirname(out), { recursive: true });
        const tmp = `${out}.${process.pid}.tmp`;
        copyFileSync(path.join(src, rel), tmp);
        renameSync(tmp, out);
      }
      continue;
    }
    if (!rel.endsWith(".ts") || rel.endsWith(".d.ts")) continue;
    const out = path.join(dist, rel.replace(/\.ts$/, ".js"));
    if (mtime(out) < mtime(path.join(src, rel))) stale.push(path.join(src, rel));
  }
  return stale;
}

/** Compiles the stale sources; each output is written aside and renamed, so a concurrent reader sees whole files. */
async function compile(files) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: files,
    outdir: dist,
    outbase: src,
    format: "esm",
    platform: "node",
    target: "node20",
    // Node 20.10+ reads `with { type: "json" }` (the catalogues); esbuild would drop it for node20.
    supported: { "import-attributes": true },
    bundle: false,
    write: false,
    logLevel: "error",
    tsconfig: path.join(root, "tsconfig.json"),
  });
  for (const f of result.outputFiles) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    const tmp = `${f.path}.${process.pid}.tmp`;
    writeFileSync(tmp, f.contents);
    renameSync(tmp, f.path);
  }
}

/** Imports `entry` (a path under src/, e.g. "cli/main.ts") compiled, or through tsx when that cannot be done. */
export async function importCompiled(entry) {
  if (process.env.NPS_LOOP_TSX !== "1") {
    try {
      const stale = staleSources();
      if (stale.length) await compile(stale);
      return await import(pathToFileURL(path.join(dist, entry.replace(/\.ts$/, ".js"))).href);
    } catch (e) {
      if (e?.code !== "ERR_MODULE_NOT_FOUND" || !String(e.message).includes("esbuild")) throw e;
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return import(pathToFileURL(path.join(src, entry)).href);
}
