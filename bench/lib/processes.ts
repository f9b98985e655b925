// Child processes for the benchmarks that measure the product as users run it: the server started
// as `npm start` starts it, CLI commands, bare baselines; wall-clock timing and resident memory.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { rssMb } from "./report.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  const s = http.createServer().listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** `node <args>` in the project folder, its output kept for failures. */
export function nodeChild(args: string[], env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  return Object.assign(child, { output: () => out.slice(-4000) });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await Promise.race([once(child, "exit"), sleep(15_000).then(() => child.kill("SIGKILL"))]);
}

/** Resident MB once the process has settled (two readings 500 ms apart within 2 MB). */
export async function settledRss(pid: number): Promise<number> {
  let last = rssMb(pid);
  for (let i = 0; i < 20; i++) {
    await sleep(500);
    const now = rssMb(pid);
    if (Math.abs(now - last) < 2) return now;
    last = now;
  }
  return last;
}

/** The server as `npm start` runs it (bin/server.js), ready when /readyz answers. */
export async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const t = performance.now();
  const child = nodeChild(["bin/server.js"], { HOST: "127.0.0.1", LOG_LEVEL: "error", ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${child.output()}`);
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(100);
  }
  return { child, url, startMs: performance.now() - t };
}

/** Milliseconds from spawning `node <args>` to its exit; throws with its output when it fails. */
export function timeNode(args: string[], env: Record<string, string>): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`node ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(performance.now() - t);
    });
  });
}
