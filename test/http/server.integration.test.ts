import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/env.js";
import { silentLogger } from "../../src/log.js";
import { createTestDatabase } from "../helpers/db.js";
import { createDetractorCase, seedBasicOrg } from "../helpers/fixtures.js";

describe("HTTP server", () => {
  let app: App;
  let base: string;
  beforeAll(async () => {
    const database = await createTestDatabase();
    const org = await seedBasicOrg(database);
    await createDetractorCase(database, org);
    app = await buildApp({
      config: loadConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "silent",
        JOBS_ENABLED: "false",
        DELIVERY_ENABLED: "false",
      }),
      log: silentLogger,
      database,
      skipMigrations: true,
    });
    const { port } = await app.start();
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app.stop();
  });

  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("serves Prometheus metrics with cases and deliveries by status and request latency", async () => {
    await fetch(`${base}/healthz`);
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('nps_loop_cases{status="open"} 1');
    expect(text).toContain("# TYPE nps_loop_outbox_deliveries gauge");
    expect(text).toContain("# TYPE nps_loop_responses_ingested_total counter");
    expect(text).toContain("# TYPE nps_loop_job_runs_total counter");
    expect(text).toMatch(
      /nps_loop_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\} \d+/,
    );
  });

  it("answers unknown routes with a JSON 404 naming the route", async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "NOT_FOUND", message: "No route for GET /nope" });
  });
});

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
    while (Date.now() - started < 30_000 && !healthy) {
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
  }, 60_000);
});
