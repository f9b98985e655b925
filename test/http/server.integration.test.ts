import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/env.js";
import { silentLogger } from "../../src/log.js";
import { createTestDatabase } from "../support/db.js";
import { createDetractorCase, seedBasicOrg } from "../support/fixtures.js";

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
