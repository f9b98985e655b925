// Teams is secure by default, through the real app: without Microsoft credentials and without
// TEAMS_ALLOW_UNAUTHENTICATED it does not listen at all and the start-up log says how to turn it on;
// with the flag, the server binds to loopback unless HOST is set (HOST itself: test/config/env.test.ts).
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/env.js";
import { createTestDatabase } from "../support/db.js";

const started: App[] = [];

afterEach(async () => {
  for (const app of started.splice(0)) await app.stop();
});

/** Builds and starts the app with a logger whose lines the test can read. */
async function start(env: Record<string, string>) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({
    config: loadConfig({ PORT: "0", LOG_LEVEL: "info", JOBS_ENABLED: "false", DELIVERY_ENABLED: "false", ...env }),
    log: pino({ level: "info" }, sink),
    database: await createTestDatabase(),
    skipMigrations: true,
  });
  started.push(app);
  const { server, port } = await app.start();
  return { app, port, address: (server.address() as AddressInfo).address, log: lines.join("") };
}

const activity = { type: "message", text: "help", serviceUrl: "http://127.0.0.1:9/", channelId: "msteams" };

describe("Teams without Microsoft credentials", () => {
  it("is off unless asked for: no /api/messages, no Teams deliveries, and the log says how to turn it on", async () => {
    const { app, port, log } = await start({ HOST: "127.0.0.1" });
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(404);
    expect(app.deps.platforms).not.toContain("teams");
    expect(log).toContain("Teams off (set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID");
    expect(log).toContain("TEAMS_ALLOW_UNAUTHENTICATED=true");
  });

  it("with TEAMS_ALLOW_UNAUTHENTICATED=true listens on 127.0.0.1 only when HOST is not set, and warns", async () => {
    const { app, port, address, log } = await start({ TEAMS_ALLOW_UNAUTHENTICATED: "true" });
    expect(address).toBe("127.0.0.1");
    expect(app.deps.platforms).toContain("teams");
    expect(log).toContain("UNAUTHENTICATED");
    expect(log).toContain("Listening on 127.0.0.1 only");
    // The route is there: a body that is not an activity is refused as such.
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(res.status).toBe(400);
  });
});
