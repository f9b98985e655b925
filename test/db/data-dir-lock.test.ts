import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, connectionString, LOCK_FILE } from "../../src/db/data-dir-lock.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "nps-loop-lock-"));
  dirs.push(d);
  return d;
};
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid as number;

describe("DATA_DIR lock", () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("is exclusive while its owner lives, records the socket, and is removed on release", async () => {
    const dir = tempDir();
    const first = await acquireDataDirLock(dir, "nps-loop server");
    if (!("acquired" in first)) throw new Error("expected the lock");
    await first.acquired.update({ kind: "unix", dir, port: 5432 });

    // Another holder in a live process (the test runner's parent stands in for the server).
    const file = path.join(dir, LOCK_FILE);
    const info = JSON.parse(readFileSync(file, "utf8"));
    expect(info).toMatchObject({ pid: process.pid, holder: "nps-loop server", socket: { kind: "unix", dir } });
    writeFileSync(file, JSON.stringify({ ...info, pid: process.ppid }));
    const second = await acquireDataDirLock(dir, "nps-loop nps");
    expect(second).toEqual({ heldBy: { ...info, pid: process.ppid }, path: file });

    // Release removes only a lock that is still ours.
    await first.acquired.release();
    expect(existsSync(file)).toBe(true);
    writeFileSync(file, JSON.stringify(info));
    const again = await acquireDataDirLock(dir, "x");
    expect("acquired" in again).toBe(true); // its pid is ours: a leftover, taken over
  });

  it("takes over the lock of a dead process", async () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    const stale = { pid: deadPid(), startedAt: "2026-01-01T00:00:00.000Z", holder: "nps-loop server" };
    writeFileSync(file, JSON.stringify(stale));
    const result = await acquireDataDirLock(dir, "nps-loop nps");
    expect("acquired" in result).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ pid: process.pid, holder: "nps-loop nps" });
    expect(existsSync(`${file}.takeover`)).toBe(false);
  });

  it("writes connection strings psql understands", () => {
    expect(connectionString({ kind: "unix", dir: "/srv/nps/data", port: 5432 })).toBe(
      "postgresql://postgres@/postgres?host=/srv/nps/data&port=5432",
    );
    expect(connectionString({ kind: "tcp", host: "127.0.0.1", port: 40001 })).toBe(
      "postgresql://postgres@127.0.0.1:40001/postgres?sslmode=disable",
    );
  });
});
