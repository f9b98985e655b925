import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("npm start", () => {
  it("starts on an empty data directory, answers /healthz, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "nps-loop-start-"));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: "",
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info",
        JOBS_ENABLED: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const started = Date.now();
    let healthy = false;
    // 20 s is the target on an idle machine; the budget here allows for a fully loaded test run.
    while (Date.now() - started < 120_000 && !healthy) {
      healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy, out).toBe(true);
    expect(out).toContain("database migrations applied");
    expect(out).toMatch(/Slack off \(set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("stopped cleanly");
  }, 180_000);
});
