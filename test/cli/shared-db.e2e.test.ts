// The embedded database has one owner: while the server runs, the CLI reads its latest writes
// through the server's socket, and a second server on the same DATA_DIR is refused.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { preparedDataDir } from "../support/data-dir.js";

const run = promisify(execFile);
const dataDir = preparedDataDir("nps-loop-shared-");
const orgFile = path.join(dataDir, "org.yaml");
const token = "shared-db-e2e-token-0123456789";
const baseEnv = {
  ...process.env,
  DATABASE_URL: "",
  DATA_DIR: dataDir,
  HOST: "127.0.0.1",
  INGEST_TOKEN: token,
  JOBS_ENABLED: "false",
  DELIVERY_ENABLED: "false",
  NO_COLOR: "1",
};

function startServer(port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...baseEnv, PORT: String(port), LOG_LEVEL: "info", ORG_FILE: orgFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

const cli = (...args: string[]) =>
  run(process.execPath, ["bin/nps-loop.js", ...args], {
    encoding: "utf8",
    env: { ...baseEnv, LOG_LEVEL: "silent" },
    timeout: 120_000,
  });

describe("the CLI beside the running server on the embedded database", () => {
  let server: ReturnType<typeof startServer> | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("reads the server's latest writes, refuses a second server, and frees DATA_DIR on stop", async () => {
    writeFileSync(
      orgFile,
      [
        "companies:",
        "  - { slug: acme, name: Acme, area: North }",
        "teams:",
        "  - { slug: acme-one, name: Acme One, company: acme }",
        "",
      ].join("\n"),
    );
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = startServer(port);
    const started = Date.now();
    while (!server.output().includes("embedded database served at") && Date.now() - started < 150_000) {
      if (server.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(server.output()).toContain("embedded database served at postgresql://postgres@/postgres?host=");

    const scores = [10, 9, 3, 7, 0, 10, 10, 8, 6, 9];
    for (const [i, score] of scores.entries()) {
      const res = await fetch(`http://127.0.0.1:${port}/api/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ externalId: `shared-${i}`, score, team: "acme-one" }),
      });
      expect(res.status, await res.text()).toBeLessThan(300);
    }

    // The CLI goes through the server's socket: it sees every response the server acknowledged.
    // Meanwhile (one process start instead of two in a row), a second server on the same DATA_DIR
    // is refused with who holds it.
    const second = startServer(port + 1);
    const { stdout } = await cli("nps", "acme-one", "--period", "30d", "--json");
    const report = JSON.parse(stdout) as { n: number; nps: number };
    expect(report.n).toBe(scores.length);
    expect(report.nps).toBeCloseTo(((5 - 3) / 10) * 100, 1);
    expect(await second.exited).toBe(2);
    expect(second.output()).toMatch(/DATABASE_UNAVAILABLE: the embedded database in .* is in use by nps-loop server/);
    expect(second.output()).toContain(`process ${server.child.pid}`);

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(existsSync(path.join(dataDir, "nps-loop.lock"))).toBe(false);

    // With no server, the CLI opens the files itself and finds the same data.
    const after = JSON.parse((await cli("nps", "acme-one", "--period", "30d", "--json")).stdout) as { n: number };
    expect(after.n).toBe(scores.length);
  }, 600_000);
});
