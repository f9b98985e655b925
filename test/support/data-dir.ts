// A temporary DATA_DIR whose embedded database is already initialised and migrated: a copy of the
// run's PGlite template (test/support/global-setup.ts) unpacked where the product keeps its files
// (DATA_DIR/pglite, src/db/client.ts). A child process started on it skips PGlite's initdb and the
// migrations (about 3-4 s of CPU each, the better part of a first start). Tests of a first start on
// an empty directory (test/http/start.e2e.test.ts) keep using an empty one.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

export function preparedDataDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  // Provided on embedded runs only; on a PostgreSQL run (DATABASE_URL set) the directory stays empty.
  const template = inject("pgliteTemplate");
  if (template) {
    const pgdata = path.join(dir, "pglite");
    mkdirSync(pgdata);
    // The dump's member names start with "/": tar strips it (and says so on stderr, ignored here).
    execFileSync("tar", ["-xf", template, "-C", pgdata], { stdio: ["ignore", "ignore", "pipe"] });
  }
  return dir;
}
