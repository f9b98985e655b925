// `npm run playground` end to end: the bot and the Microsoft 365 Agents Playground, driven as its web
// page does (the conversation WebSocket, then the installation request it sends for the chat it
// opens). Every start-up card must arrive, and only after the client has connected: the page drops
// messages for conversations it has not loaded yet.
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { playgroundOptions, type RunningPlayground, startPlayground } from "../../src/devtools/playground.js";
import { PlaygroundError } from "../../src/devtools/playground-net.js";

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface WsAction {
  action: string;
  actionConversationId?: string;
  message?: { attachments?: { contentType?: string }[] };
}

describe("npm run playground", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nps-playground-"));
  let pg: RunningPlayground | undefined;
  afterAll(async () => {
    await pg?.stop();
  });

  it("sends every start-up card once the web client has connected, on 127.0.0.1 only; a staff member's reminder in their language", async () => {
    const playgroundPort = await freePort();
    // As a Spanish staff member (PLAYGROUND_AS): the weekly reminder comes too, in Spanish.
    const env = {
      ...process.env,
      LOG_LEVEL: "silent",
      PORT: "0",
      PLAYGROUND_PORT: String(playgroundPort),
      PLAYGROUND_AS: "javier.romero@levante.example",
    };
    pg = await startPlayground({
      ...playgroundOptions(env),
      logFile: path.join(dir, "playground.log"),
      stdio: "ignore",
    });
    expect(pg.cards).toBeGreaterThanOrEqual(3);

    // Bound to the loopback interface only: another address of this machine is refused.
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const s = net.connect(playgroundPort, external, () => resolve(true));
        s.once("error", () => resolve(false));
      });
      expect(reached).toBe(false);
    }

    // Nothing goes out before the client: the conversation stream buffers, so a card sent early
    // would be the first thing the socket receives.
    const ws = new WebSocket(`ws://127.0.0.1:${playgroundPort}/_ws_conversation/v1/conversations/stream`);
    const received: { at: number; action: WsAction }[] = [];
    ws.on("message", (data) => received.push({ at: Date.now(), action: JSON.parse(String(data)) as WsAction }));
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    await new Promise((r) => setTimeout(r, 1500));
    const cardsOf = (items: typeof received) =>
      items.filter(
        (r) =>
          r.action.action === "createMessage" &&
          (r.action.message?.attachments ?? []).some(
            (a) => a.contentType === "application/vnd.microsoft.card.adaptive",
          ) &&
          r.action.actionConversationId !== pg!.setup.personalChatId,
      );
    expect(cardsOf(received)).toEqual([]);

    // What the page does once it has loaded the tenant: the installation of the chat it opens.
    const connectedAt = Date.now();
    const res = await fetch(
      `http://127.0.0.1:${playgroundPort}/_debug/conversation/${encodeURIComponent(pg.setup.personalChatId)}/installation`,
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
    );
    expect(res.ok).toBe(true);
    expect((await pg.clientConnected).reminders).toBe(1);

    const until = Date.now() + 60_000;
    while (cardsOf(received).length < pg.cards && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    const cards = cardsOf(received);
    expect(cards).toHaveLength(pg.cards);
    expect(cards.every((c) => c.at >= connectedAt)).toBe(true);
    const channelIds = [pg.setup.team.id, ...pg.setup.team.channels.map((c) => c.id), pg.setup.groupChat.id];
    for (const c of cards) expect(channelIds).toContain(c.action.actionConversationId);
    // One card per language place: English, Spanish and Hong Kong teams.
    expect(new Set(cards.map((c) => c.action.actionConversationId)).size).toBe(3);
    const spanishCard = cards.find((c) => c.action.actionConversationId === pg!.setup.team.channels[0]?.id);
    expect(JSON.stringify(spanishCard?.action.message)).toContain("Me lo quedo");

    const reminderIn = () =>
      received.find(
        (r) =>
          r.action.action === "createMessage" &&
          r.action.actionConversationId === pg!.setup.personalChatId &&
          JSON.stringify(r.action.message).includes("las últimas 8 semanas"),
      );
    while (!reminderIn() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(reminderIn()).toBeDefined();
    ws.close();
  }, 180_000);

  it("names the port and the setting to change when a port is taken", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(
        startPlayground({ ...playgroundOptions({ PORT: String(taken) }), logFile: path.join(dir, "x.log") }),
      ).rejects.toThrow(PlaygroundError);
      await expect(
        startPlayground({
          ...playgroundOptions({ PORT: "0", PLAYGROUND_PORT: String(taken) }),
          logFile: path.join(dir, "y.log"),
        }),
      ).rejects.toThrow(new RegExp(`port ${taken} on 127.0.0.1 for the Agents Playground .*PLAYGROUND_PORT=<port>`));
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
