// Only one process may open the embedded database's files. The process that opens them holds
// DATA_DIR/nps-loop.lock (its pid and the local socket it serves the database on); others read
// the lock and connect through that socket. A lock left by a dead process is taken over.
import { mkdir, open, readFile, rename, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../core/errors.js";

export const LOCK_FILE = "nps-loop.lock";

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** What holds it: "server" or the CLI command. */
  holder: string;
  /** Where the holder serves the database (set once it listens). */
  socket?: SocketAddress;
}

export type SocketAddress = { kind: "unix"; dir: string; port: number } | { kind: "tcp"; host: string; port: number };

export interface DataDirLock {
  readonly path: string;
  /** Records the socket address in the lock file once the socket listens. */
  update(socket: SocketAddress): Promise<void>;
  release(): Promise<void>;
}

export type LockResult = { acquired: DataDirLock } | { heldBy: LockInfo; path: string };

/** Lock files this process holds (a second open of the same DATA_DIR in one process is refused too). */
const heldHere = new Set<string>();

/** True when a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number, lockFile?: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Our own pid on a lock we did not take is a leftover (e.g. pid 1 in a restarted container).
  if (pid === process.pid) return lockFile !== undefined && heldHere.has(lockFile);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, "utf8")) as LockInfo;
    return typeof info.pid === "number" ? info : { pid: -1, startedAt: "", holder: "unknown" };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // Unreadable or half-written: treat as stale only if it is old enough not to be in the middle of a write.
    return { pid: -1, startedAt: "", holder: "unknown" };
  }
}

/**
 * Takes the lock on `dataDir`, or says who holds it. Creation is exclusive (O_EXCL); a stale lock
 * (dead pid) is removed under a second exclusive marker so that two starters cannot both remove
 * it and then both believe they own the directory.
 */
export async function acquireDataDirLock(dataDir: string, holder: string): Promise<LockResult> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), holder };
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const fh = await open(file, "wx", 0o600);
      await fh.writeFile(JSON.stringify(info));
      await fh.close();
      heldHere.add(file);
      return { acquired: ownedLock(file, info) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const current = await readLock(file);
    if (!current) continue; // released meanwhile
    if (processAlive(current.pid, file)) return { heldBy: current, path: file };
    await takeOverStale(file, current);
  }
  throw new AppError("DATABASE_UNAVAILABLE", `could not take the lock ${file}; remove it if no NPS Loop process runs`);
}

async function takeOverStale(file: string, seen: LockInfo): Promise<void> {
  const marker = `${file}.takeover`;
  try {
    await mkdir(marker);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    // Someone else is taking over; a marker older than 10 s belongs to a process that died doing it.
    const age = await stat(marker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 10_000) await rmdir(marker).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    return;
  }
  try {
    const again = await readLock(file);
    // Remove it only if it is still the stale lock we saw (not a fresh one written meanwhile).
    if (again && again.pid === seen.pid && again.startedAt === seen.startedAt && !processAlive(again.pid, file)) {
      const aside = `${file}.stale-${process.pid}`;
      await rename(file, aside);
      await rm(aside, { force: true });
    }
  } finally {
    await rmdir(marker).catch(() => {});
  }
}

function ownedLock(file: string, info: LockInfo): DataDirLock {
  let released = false;
  return {
    path: file,
    async update(socket) {
      info.socket = socket;
      const tmp = `${file}.${process.pid}.tmp`;
      const fh = await open(tmp, "w", 0o600);
      await fh.writeFile(JSON.stringify(info));
      await fh.close();
      await rename(tmp, file);
    },
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      const current = await readLock(file);
      if (current && current.pid === info.pid && current.startedAt === info.startedAt) await rm(file, { force: true });
    },
  };
}

/** A libpq connection string for a socket address (what psql and `pg` accept). */
export function connectionString(socket: SocketAddress): string {
  if (socket.kind === "unix") {
    return `postgresql://postgres@/postgres?host=${socket.dir}&port=${socket.port}`;
  }
  return `postgresql://postgres@${socket.host}:${socket.port}/postgres?sslmode=disable`;
}
