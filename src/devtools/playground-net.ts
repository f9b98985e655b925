// The network side of `npm run playground`: ports checked before anything starts, the Agents
// Playground kept on one interface, and a tap on its traffic to the bot that tells when its web
// client has connected.
import http from "node:http";
import net from "node:net";
import { AppError, type ErrorCode } from "../core/errors.js";

export class PlaygroundError extends AppError {
  constructor(
    code: Extract<
      ErrorCode,
      "PLAYGROUND_PORT_IN_USE" | "PLAYGROUND_EXITED" | "PLAYGROUND_NOT_ANSWERING" | "PLAYGROUND_NO_SUCH_USER"
    >,
    message: string,
  ) {
    super(code, message);
    this.name = "PlaygroundError";
  }
}

/** Throws a PlaygroundError naming the port and the setting that picks another when it is taken. */
export async function assertPortFree(host: string, port: number, what: string, setting: string): Promise<void> {
  if (port === 0) return;
  const problem = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const s = net.createServer();
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e));
    s.listen(port, host, () => s.close(() => resolve(null)));
  });
  if (!problem) return;
  const why =
    problem.code === "EADDRINUSE"
      ? "is already in use (another playground or bot?)"
      : `cannot be opened (${problem.code})`;
  throw new PlaygroundError(
    "PLAYGROUND_PORT_IN_USE",
    `port ${port} on ${host} for ${what} ${why}. Stop what uses it, or pick another port: ` +
      `${setting}=<port> npm run playground`,
  );
}

/**
 * An ES module for `node --import` that makes a server listening on a port with no host listen on
 * `host` instead of every interface. The Agents Playground has no host option (see its --help): it
 * calls server.listen(port, callback).
 */
export function bindHostPreload(host: string): string {
  const code = `import net from "node:net";
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" && typeof args[1] !== "string") args.splice(1, 0, ${JSON.stringify(host)});
  return listen.apply(this, args);
};`;
  return `data:text/javascript,${encodeURIComponent(code)}`;
}

export interface ClientActivity {
  type: string;
  conversationId: string;
}

export interface ActivityTap {
  /** Where the playground sends its activities (forwarded to the bot unchanged). */
  url: string;
  /**
   * The first installation or conversation update: the playground's web client sends one for the
   * chat or channel it opens, once it has loaded the tenant's conversations. Activities sent to it
   * before then are dropped by its UI ("Invalid conversation id").
   */
  clientConnected: Promise<ClientActivity>;
  close(): Promise<void>;
}

const CONNECT_TYPES = new Set(["installationUpdate", "conversationUpdate"]);

/** A pass-through HTTP server on 127.0.0.1 between the playground and the bot's /api/messages. */
export async function startActivityTap(botUrl: string): Promise<ActivityTap> {
  const host = "127.0.0.1";
  let connected!: (a: ClientActivity) => void;
  const clientConnected = new Promise<ClientActivity>((resolve) => {
    connected = resolve;
  });
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const h of ["content-type", "authorization"]) {
        const v = req.headers[h];
        if (typeof v === "string") headers[h] = v;
      }
      const answer = await fetch(botUrl, { method: req.method, headers, body: body.length ? body : undefined });
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
      res.end(Buffer.from(await answer.arrayBuffer()));
      // Told after the bot has handled it: its greeting and stored chat come first.
      const activity = parse(body);
      if (activity && CONNECT_TYPES.has(activity.type)) connected(activity);
    } catch (err) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`the bot did not answer: ${String(err)}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://${host}:${port}/api/messages`,
    clientConnected,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parse(body: Buffer): ClientActivity | null {
  try {
    const a = JSON.parse(body.toString("utf8")) as { type?: unknown; conversation?: { id?: unknown } };
    return typeof a.type === "string" ? { type: a.type, conversationId: String(a.conversation?.id ?? "") } : null;
  } catch {
    return null;
  }
}
