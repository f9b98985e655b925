// Slack's side of bench/slack.ts, in a worker thread: the fake Web API (and response_url) plus the
// client that sends signed requests. Slack is another process; with embedded PGlite the server's
// thread is busy while a query runs, and a client on that same thread would see an ack that was
// long sent only once the query finished.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { type FakeSlackCall, slackSignature, startFakeSlack } from "./lib/fake-slack.js";

/** Absolute milliseconds, comparable across threads (each has its own performance.timeOrigin). */
export function absNow(): number {
  return performance.timeOrigin + performance.now();
}

type ToWorker = { type: "post"; id: number; url: string; body: string; contentType: string } | { type: "close" };
type FromWorker =
  | { type: "ready"; apiUrl: string; responseBase: string }
  | { type: "call"; call: FakeSlackCall }
  | { type: "posted"; id: number; status: number; ms: number; error?: string }
  | { type: "closed" };

/** Starts the worker; requests are signed there with `secret`, as Slack signs them. */
export async function startRemoteSlack(secret: string) {
  // The worker runs this same file through tsx's loader (registered before importing it).
  const tsxApi = import.meta.resolve("tsx/esm/api");
  const boot = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(import.meta.url)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: { role: "slack", secret },
  });
  const calls: FakeSlackCall[] = [];
  const pending = new Map<number, (r: { status: number; ms: number }) => void>();
  let nextId = 0;
  let onClosed: (() => void) | undefined;
  const ready = await new Promise<{ apiUrl: string; responseBase: string }>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (m: FromWorker) => {
      if (m.type === "ready") resolve(m);
      else if (m.type === "call") calls.push(m.call);
      else if (m.type === "posted") {
        if (m.error) console.error(`[bench:slack] request failed in the Slack worker: ${m.error}`);
        pending.get(m.id)?.({ status: m.status, ms: m.ms });
      } else if (m.type === "closed") onClosed?.();
    });
  });
  return {
    apiUrl: ready.apiUrl,
    calls,
    responseUrl: (id: string) => `${ready.responseBase}${encodeURIComponent(id)}`,
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** Signs as Slack does and POSTs from the worker; `ms` is measured there. */
    post(url: string, body: string, contentType: string): Promise<{ status: number; ms: number }> {
      const id = nextId++;
      const message: ToWorker = { type: "post", id, url, body, contentType };
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage(message);
      });
    },
    async waitFor<T>(pick: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = pick();
        if (v) return v;
        if (Date.now() > until) throw new Error(`fake Slack: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    async close() {
      await new Promise<void>((resolve) => {
        onClosed = resolve;
        worker.postMessage({ type: "close" } satisfies ToWorker);
      });
      await worker.terminate();
    },
  };
}

async function runSlackWorker() {
  const port = parentPort!;
  const send = (m: FromWorker) => port.postMessage(m);
  const fake = await startFakeSlack({ onCall: (call) => send({ type: "call", call: { ...call, hr: absNow() } }) });
  port.on("message", async (m: ToWorker) => {
    if (m.type === "close") {
      await fake.close();
      send({ type: "closed" });
      return;
    }
    const ts = Math.floor(Date.now() / 1000);
    const started = performance.now();
    try {
      const res = await fetch(m.url, {
        method: "POST",
        headers: {
          "content-type": m.contentType,
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": slackSignature((workerData as { secret: string }).secret, m.body, ts),
        },
        body: m.body,
      });
      await res.arrayBuffer();
      send({ type: "posted", id: m.id, status: res.status, ms: performance.now() - started });
    } catch (err) {
      send({ type: "posted", id: m.id, status: 0, ms: performance.now() - started, error: String(err) });
    }
  });
  send({ type: "ready", apiUrl: fake.apiUrl, responseBase: fake.responseUrl("") });
}

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === "slack") {
  void runSlackWorker();
}
