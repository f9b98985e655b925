// Socket Mode: with SLACK_APP_TOKEN the app opens a WebSocket to (a local fake of) Slack, acks the
// envelopes it receives there and answers through the same listeners as in HTTP mode.
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/env.js";
import { silentLogger } from "../../src/log.js";
import { createTestDatabase } from "../support/db.js";
import { type FakeSlack, startFakeSlack } from "../support/slack.js";

// ws is Socket Mode's own WebSocket library (a dependency of @slack/socket-mode, via Bolt).
let wss: WebSocket.Server;
let fake: FakeSlack;
let app: App;
let port = 0;
const sockets: WebSocket[] = [];
const received: Record<string, unknown>[] = [];

beforeAll(async () => {
  wss = new WebSocket.Server({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  wss.on("connection", (ws: WebSocket) => {
    sockets.push(ws);
    ws.on("message", (data: WebSocket.Data) => received.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0NPS" } }));
  });
  fake = await startFakeSlack({ socketModeUrl: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link` });
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    SLACK_BOT_TOKEN: "xoxb-socket",
    SLACK_SIGNING_SECRET: "unused-in-socket-mode",
    SLACK_APP_TOKEN: "xapp-1-socket",
    SLACK_API_URL: fake.apiUrl,
    JOBS_ENABLED: "false",
    DELIVERY_ENABLED: "false",
  });
  app = await buildApp({ config, database: await createTestDatabase(), skipMigrations: true, log: silentLogger });
  ({ port } = await app.start());
});

afterAll(async () => {
  await app.stop();
  for (const s of sockets) s.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await fake.close();
});

describe("Socket Mode", () => {
  it("connects with the app-level token and serves no HTTP endpoint for Slack", async () => {
    const open = fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe("xapp-1-socket");
    expect(sockets).toHaveLength(1);
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST" });
    expect(res.status).toBe(404);
  });

  it("acks a slash command envelope and answers through its response_url", async () => {
    sockets[0]!.send(
      JSON.stringify({
        envelope_id: "env-1",
        type: "slash_commands",
        accepts_response_payload: true,
        payload: {
          team_id: "T0001",
          channel_id: "C0TEAM001",
          channel_name: "ops",
          user_id: "U0ANA0001",
          command: "/nps",
          text: "help",
          api_app_id: "A0NPS",
          response_url: fake.responseUrl("socket-help"),
          trigger_id: "trig.socket",
        },
      }),
    );
    await fake.waitFor(() => received.find((m) => m.envelope_id === "env-1"));
    const answer = await fake.waitFor((calls) =>
      calls.find((c) => c.method === "response_url" && c.args.id === "socket-help"),
    );
    expect(String(answer.args.text)).toContain("/nps <team> [period]");
  });
});
