// `nps-loop jobs ...` in a child process, as an operator runs it (PGlite in a temporary directory).
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preparedDataDir } from "../support/data-dir.js";

const require = createRequire(import.meta.url);
const run = promisify(execFile);
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [require.resolve("tsx/cli"), "src/cli/main.ts", "jobs", ...args],
      {
        env: { ...process.env, DATABASE_URL: "", DATA_DIR: dir, LOG_LEVEL: "silent", JOBS_ENABLED: "true" },
      },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

beforeAll(async () => {
  dir = preparedDataDir("nps-jobs-cli-");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("nps-loop jobs", () => {
  it("runs a job as if at a time through the ledger, and refuses the same slot twice", async () => {
    const first = await cli("run", "sla-watch", "--at", "2026-03-30T09:02:00+02:00");
    expect(first.code).toBe(0);
    expect(first.out).toContain("sla-watch ran for slot 2026-03-30T07:00:00.000Z: reminders 0, escalations 0");
    const again = await cli("run", "sla-watch", "--at", "2026-03-30T07:04:59Z", "--json");
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({
      status: "skipped",
      slot: "2026-03-30T07:00:00.000Z",
      holder: { status: "ok" },
    });
    const list = await cli("list");
    expect(list.out).toMatch(/sla-watch\n .*\n {2}ticks: "\*\/5 \* \* \* \*" \(UTC\), next tick \d{4}-/);
    expect(list.out).toContain("last run: slot 2026-03-30T07:00:00.000Z");
    for (const name of ["staff-reminders", "manager-nudges", "director-digest"]) expect(list.out).toContain(name);
  }, 180_000);

  it("explains a bad name or time", async () => {
    // Both are refused before the database is opened: one process each, side by side.
    const [bad, badAt] = await Promise.all([
      cli("run", "nightly", "--at", "yesterday"),
      cli("run", "sla-watch", "--at", "yesterday"),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      'no job "nightly"; the jobs are: sla-watch, staff-reminders, manager-nudges, director-digest',
    );
    expect(badAt.code).toBe(2);
    expect(badAt.err).toContain("--at must be an ISO time with a zone");
  }, 120_000);
});
