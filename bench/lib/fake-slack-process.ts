// The fake Slack of bench/delivery.ts, run as a child process of it (so its clock and rate
// limiting do not share an event loop with the deliverer and the database): Slack's per-channel
// posting rate (1 per second, bursts of 3, 429 + Retry-After beyond) and, with --fault-rate, that
// share of all calls failing (429 + Retry-After 1 s, 500, a 10 s hang), seeded by --fault-seed.
// It answers the parent's "report" (stats, posts, every call with its fault) and "stop".
import { fileURLToPath } from "node:url";
import { type FakeFault, startFakeSlack } from "./fake-slack.js";

export const FAKE_BURST = 3;
export const FAKE_RATE = 1;
/** This file, for fork(). */
export const FAKE_SLACK_PROCESS = fileURLToPath(import.meta.url);

if (process.send && process.argv[1] === FAKE_SLACK_PROCESS) await serve();

async function serve(): Promise<void> {
  // --faults scenario: this share of all calls fail (429 + Retry-After 1 s, 500, a 10 s hang), seeded.
  const faultRate = Number(process.argv.find((a) => a.startsWith("--fault-rate="))?.slice(13) ?? 0);
  let seed = Number(process.argv.find((a) => a.startsWith("--fault-seed="))?.slice(13) ?? 42);
  const rnd = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const kinds: FakeFault[] = [
    { status: 429, retryAfter: 1 },
    { status: 500, body: '{"ok":false,"error":"internal_error"}' },
    { hang: true, dropAfterMs: 10_000 },
  ];
  const faultsByCall = new Map<number, string>();
  const fake = await startFakeSlack({
    perChannel: { perSecond: FAKE_RATE, burst: FAKE_BURST },
    strictUpdates: true,
    ...(faultRate > 0
      ? {
          fault: (_call: unknown, n: number) => {
            const f = rnd() < faultRate ? kinds[Math.floor(rnd() * 3)]! : null;
            if (f) faultsByCall.set(n, "status" in f ? String(f.status) : "hang");
            return f;
          },
        }
      : {}),
  });
  process.send?.({ type: "ready", url: fake.apiUrl });
  process.on("message", (m: { type: string }) => {
    if (m.type === "report") {
      process.send?.({
        type: "report",
        stats: fake.stats,
        posts: fake.posts.map((p) => ({ channel: p.channel, text: p.text, at: p.at })),
        firstAt: fake.posts[0]?.at ?? 0,
        calls: fake.calls.map((c, n) => ({
          at: c.hr,
          method: c.method,
          channel: String(c.args.channel ?? ""),
          result: faultsByCall.get(n) ?? (c.response ? String(c.response.error ?? "ok") : "pending"),
        })),
      });
    }
    if (m.type === "stop") void fake.close().then(() => process.exit(0));
  });
}
