// bin/engine.js: which V8 settings each command asks for, and the restart with the young generation's
// cap on Node 22+ (same pid, arguments and environment; never when the operator chose heap flags).
// Runs on every Node version CI runs (the unit project), so each checks its own branch.
import { execFile } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandProfile, SEMI_SPACE_MB, SERVER_PROFILE } from "../../bin/engine.js";

const fixture = path.resolve("test/fixtures/engine/tuned.mjs");
const capFlag = `--max-semi-space-size=${SEMI_SPACE_MB}`;
const restarts = typeof (process as { execve?: unknown }).execve === "function";

async function tuned(args: string[], opts: { nodeFlags?: string[]; env?: Record<string, string> } = {}) {
  const child = execFile(process.execPath, [...(opts.nodeFlags ?? []), fixture, ...args], {
    env: { ...process.env, MARKER: "kept", ...opts.env },
  });
  const spawnedPid = child.pid;
  const out = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (d) => (text += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`exit ${code}: ${text}`))));
  });
  return { spawnedPid, ...(JSON.parse(out) as { pid: number; execArgv: string[]; args: string[]; marker: string }) };
}

describe("engine profiles", () => {
  it("serving and streaming keep both WebAssembly compilers; one-shot commands keep Liftoff's code", () => {
    expect(SERVER_PROFILE).toEqual({ heap: true, wasm: "optimizing" });
    expect(commandProfile(["demo", "run"])).toEqual(SERVER_PROFILE);
    expect(commandProfile(["import", "file.csv"])).toEqual(SERVER_PROFILE);
    expect(commandProfile(["import-events", "file.csv"])).toEqual(SERVER_PROFILE);
    expect(commandProfile(["org", "apply", "org.yaml"])).toEqual({ heap: true, wasm: "baseline" });
    expect(commandProfile(["org", "check", "org.yaml"])).toEqual({ heap: false, wasm: "baseline" });
    expect(commandProfile(["nps", "team-x"])).toEqual({ heap: false, wasm: "baseline" });
    expect(commandProfile([])).toEqual({ heap: false, wasm: "baseline" });
  });
});

describe("the young generation's cap", () => {
  it(
    restarts
      ? "restarts the process in place with the cap: same pid, arguments and environment"
      : "runs as it is where Node cannot replace the process (Node 20)",
    async () => {
      const p = await tuned(["org", "apply", "a file.yaml"]);
      expect(p.pid).toBe(p.spawnedPid);
      expect(p.args).toEqual(["org", "apply", "a file.yaml"]);
      expect(p.marker).toBe("kept");
      expect(p.execArgv.includes(capFlag)).toBe(restarts);
    },
  );

  it("leaves one-shot commands alone", async () => {
    const p = await tuned(["nps", "team-x"]);
    expect(p.execArgv).not.toContain(capFlag);
  });

  it("leaves the operator's heap flags and NPS_HEAP_GROWING_PERCENT=0 alone", async () => {
    const own = await tuned(["server"], { nodeFlags: ["--max-old-space-size=512"] });
    expect(own.execArgv).toEqual(["--max-old-space-size=512"]);
    const off = await tuned(["server"], { env: { NPS_HEAP_GROWING_PERCENT: "0" } });
    expect(off.execArgv).toEqual([]);
  });
});
