// The HTTP edge of the error model: whatever a route throws, the answer is { error, message } with
// the code's status (and Retry-After when retrying helps); the original goes to the log only.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { translateDbError } from "../../src/db/errors.js";
import { finishHttpApp, httpErrorOf } from "../../src/http/server.js";
import type { Logger } from "../../src/log.js";

describe("HTTP error handler", () => {
  const logged: unknown[] = [];
  const log = { error: (obj: unknown) => logged.push(obj) } as unknown as Logger;
  let server: ReturnType<express.Express["listen"]>;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.post("/json", express.json({ limit: 20 }), (_req, res) => {
      res.json({ ok: true });
    });
    app.get("/coded", () => {
      throw new AppError("VALIDATION_FAILED", "score must be 0-10");
    });
    app.get("/db-down", async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432"), { code: "ECONNREFUSED" });
    });
    app.get("/bug", () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secretField')");
    });
    finishHttpApp(app, log, translateDbError);
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("answers an AppError with its code's status and message", async () => {
    const res = await fetch(`${base}/coded`);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "VALIDATION_FAILED", message: "score must be 0-10" });
  });

  it("translates a driver error: 503 DATABASE_UNAVAILABLE with Retry-After, no address leaked", async () => {
    const res = await fetch(`${base}/db-down`);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    const body = (await res.json()) as { error: string };
    expect(body.error).toBe("DATABASE_UNAVAILABLE");
    expect(JSON.stringify(body)).not.toContain("10.0.0.5");
  });

  it("hides a bug behind INTERNAL and logs the original", async () => {
    logged.length = 0;
    const res = await fetch(`${base}/bug`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "INTERNAL", message: "Internal error; it has been logged" });
    expect(logged).toHaveLength(1);
    expect((logged[0] as { err: Error }).err.message).toContain("secretField");
  });

  it("codes body-parser and routing errors", async () => {
    const post = (body: string) =>
      fetch(`${base}/json`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const big = await post(JSON.stringify({ text: "x".repeat(100) }));
    expect([big.status, ((await big.json()) as { error: string }).error]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    const bad = await post("{nope");
    expect([bad.status, ((await bad.json()) as { error: string }).error]).toEqual([400, "MALFORMED_BODY"]);
    const missing = await fetch(`${base}/nowhere`);
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { error: "NOT_FOUND", message: "No route for GET /nowhere" },
    ]);
  });

  it("maps http-errors by status and keeps only exposed messages", () => {
    expect(httpErrorOf({ status: 415, expose: true, message: "unsupported charset" }).code).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    const hidden = httpErrorOf({ status: 400, expose: false, message: "internal detail" });
    expect([hidden.code, hidden.userMessage]).toEqual(["BAD_REQUEST", "Bad request"]);
  });
});
