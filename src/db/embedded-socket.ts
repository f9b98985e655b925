// Serves the embedded database (PGlite, one process only) to other local processes over the
// PostgreSQL wire protocol with @electric-sql/pglite-socket: the CLI, psql and Prisma Studio reach
// the owner's live database instead of opening its files a second time.
//
// Isolation. In this process Prisma uses PGlite's query() and transaction(), which hold PGlite's
// transaction lock; pglite-socket runs each wire message under the query lock only. Without more,
// a socket client's statements could land inside one of our transactions (or ours inside its),
// and an extended-protocol exchange (Parse, Bind, Execute, Sync) could be split by our own unnamed
// statements. The gate below makes a socket client hold the transaction lock from its first message
// until it is back at ReadyForQuery outside a transaction block.
import { rm } from "node:fs/promises";
import type net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { SocketAddress } from "./data-dir-lock.js";

/** libpq's default port: psql finds DATA_DIR/.s.PGSQL.5432 with `-h DATA_DIR` alone. */
export const SOCKET_PORT = 5432;
/** sun_path holds 108 bytes on Linux, 104 on macOS. */
const MAX_UNIX_PATH = 100;

export interface EmbeddedSocket {
  address: SocketAddress;
  stop(): Promise<void>;
}

/** A Simple Query message ('Q', int32 length, SQL, NUL). */
function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, "utf8");
  const msg = Buffer.alloc(5 + body.length);
  msg.write("Q", 0, "ascii");
  msg.writeInt32BE(4 + body.length, 1);
  body.copy(msg, 5);
  return new Uint8Array(msg);
}

/** Messages after which the server answers ReadyForQuery: Query, Sync, the startup packet, Terminate. */
function endsExchange(message: Uint8Array): boolean {
  const first = message[0];
  if (first === 0x51 || first === 0x53 || first === 0x58) return true; // Q, S, X
  if (message.length >= 8) {
    const version = Buffer.from(message.buffer, message.byteOffset, message.byteLength).readInt32BE(4);
    if (version === 196608) return true; // StartupMessage (protocol 3.0)
  }
  return false;
}

class TransactionGate {
  private release: (() => void) | undefined;
  private acquiring: Promise<void> | undefined;
  constructor(private readonly db: PGlite) {}

  get held(): boolean {
    return this.release !== undefined;
  }

  acquire(): Promise<void> {
    if (this.release) return Promise.resolve();
    this.acquiring ??= new Promise<void>((acquired) => {
      void this.db._runExclusiveTransaction(
        () =>
          new Promise<void>((release) => {
            this.release = release;
            this.acquiring = undefined;
            acquired();
          }),
      );
    });
    return this.acquiring;
  }

  free(): void {
    const r = this.release;
    this.release = undefined;
    r?.();
  }
}

/** The subset of PGlite that pglite-socket uses, routed through the gate. */
function gatedDb(db: PGlite, gate: TransactionGate): PGlite {
  let exchangeEnded = false;
  const wrapper = {
    get waitReady() {
      return db.waitReady;
    },
    // Only the socket client's own transaction counts: while it holds the gate none of ours is open.
    isInTransaction: () => gate.held && db.isInTransaction(),
    async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
      await gate.acquire();
      exchangeEnded = false;
      try {
        return await db.runExclusive(fn);
      } finally {
        if (exchangeEnded && !db.isInTransaction()) gate.free();
      }
    },
    execProtocolRawStream(message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) {
      exchangeEnded = endsExchange(message);
      return db.execProtocolRawStream(message, options);
    },
    // pglite-socket rolls back a disconnected client's open transaction with exec("ROLLBACK").
    async exec(sql: string) {
      if (!gate.held) return [];
      await db.runExclusive(() => db.execProtocolRaw(simpleQuery(sql)));
      if (!db.isInTransaction()) gate.free();
      return [];
    },
  };
  return wrapper as unknown as PGlite;
}

/** After a client disconnects: roll back what it left open and let this process's queries run again. */
async function cleanUpAfter(db: PGlite, gate: TransactionGate): Promise<void> {
  // Let pglite-socket drop the client's queued messages first.
  await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  if (!gate.held) return;
  await db.runExclusive(async () => {
    if (db.isInTransaction()) await db.execProtocolRaw(simpleQuery("ROLLBACK"));
  });
  gate.free();
}

/**
 * Listens on a unix socket in `dataDir` (only users who can read DATA_DIR can connect) or, when
 * that path is too long for a socket, on 127.0.0.1 with a port the system picks.
 */
export async function serveEmbedded(db: PGlite, dataDir: string): Promise<EmbeddedSocket> {
  const gate = new TransactionGate(db);
  const socketPath = path.join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
  const unix = socketPath.length <= MAX_UNIX_PATH;
  // The lock is ours, so a socket file left here belongs to a dead owner.
  if (unix) await rm(socketPath, { force: true });
  // One client at a time: pglite-socket multiplexes several, but cannot keep their extended-protocol
  // exchanges apart (README: "not all use cases are guaranteed to work"); a second gets "Too many connections".
  const server = new PGLiteSocketServer({
    db: gatedDb(db, gate),
    ...(unix ? { path: socketPath } : { host: "127.0.0.1", port: 0 }),
    maxConnections: 1,
  });
  await server.start();
  const inner = (server as unknown as { server: net.Server | null }).server;
  inner?.on("connection", (socket: net.Socket) => {
    socket.once("close", () => void cleanUpAfter(db, gate));
  });
  const address: SocketAddress = unix
    ? { kind: "unix", dir: dataDir, port: SOCKET_PORT }
    : { kind: "tcp", host: "127.0.0.1", port: Number(server.getServerConn().split(":").pop()) };
  return {
    address,
    async stop() {
      await server.stop();
      gate.free();
      if (unix) await rm(socketPath, { force: true });
    },
  };
}
