import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffMs, minimumDrainMs, Pacer, type RateLimit } from "../../src/core/pacing.js";

const perChannel: RateLimit = { perSecond: 1, burst: 1 };

describe("Pacer", () => {
  it("spaces sends on one key by the sustained interval", () => {
    const p = new Pacer(() => perChannel);
    const times: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      const at = p.earliest(["c1"], now);
      p.take(["c1"], at);
      times.push(at);
      now = at;
    }
    expect(times).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it("lets a burst through, then the sustained rate", () => {
    const p = new Pacer(() => ({ perSecond: 7, burst: 7 }));
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const at = p.earliest(["conv"], 0);
      p.take(["conv"], at);
      times.push(Math.round(at));
    }
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(times[7]).toBe(143);
    expect(times[8]).toBe(286);
  });

  it("keeps keys independent and applies an app-wide key across them", () => {
    const p = new Pacer((k) => (k === "app" ? { perSecond: 2, burst: 1 } : perChannel));
    expect(p.earliest(["a", "app"], 0)).toBe(0);
    p.take(["a", "app"], 0);
    // Another channel is free, but the app bucket is not.
    expect(p.earliest(["b"], 0)).toBe(0);
    expect(p.earliest(["b", "app"], 0)).toBe(500);
    p.take(["b", "app"], 500);
    expect(p.earliest(["a", "app"], 500)).toBe(1000);
  });

  it("honours a Retry-After block and resumes without a burst", () => {
    const p = new Pacer(() => ({ perSecond: 1, burst: 3 }));
    p.block("c1", 30_000);
    expect(p.earliest(["c1"], 0)).toBe(30_000);
    p.take(["c1"], 30_000);
    expect(p.earliest(["c1"], 30_000)).toBe(31_000);
  });

  it("prunes keys that are back to full burst", () => {
    const p = new Pacer(() => perChannel);
    p.take(["a"], 0);
    p.take(["b"], 5000);
    p.prune(2000);
    expect(p.size).toBe(1);
  });

  it("never admits more than burst + rate × window on a key (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 60 }),
        (perSecond, burst, arrivals) => {
          const p = new Pacer(() => ({ perSecond, burst }));
          const sent: number[] = [];
          for (const a of [...arrivals].sort((x, y) => x - y)) {
            const at = p.earliest(["k"], a);
            expect(at).toBeGreaterThanOrEqual(a);
            p.take(["k"], at);
            sent.push(at);
          }
          sent.sort((x, y) => x - y);
          // Any window of length w holds at most burst + w * rate sends.
          for (let i = 0; i < sent.length; i++) {
            for (let j = i; j < sent.length; j++) {
              const w = sent[j]! - sent[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(burst + Math.floor((w * perSecond) / 1000 + 1e-9));
            }
          }
        },
      ),
    );
  });
});

describe("minimumDrainMs", () => {
  it("is the paced part after the burst", () => {
    expect(minimumDrainMs(20, { perSecond: 1, burst: 1 })).toBe(19_000);
    expect(minimumDrainMs(20, { perSecond: 1, burst: 4 })).toBe(16_000);
    expect(minimumDrainMs(0, perChannel)).toBe(0);
  });
});

describe("backoffMs", () => {
  const policy = { baseMs: 1000, capMs: 60_000 };
  it("doubles per failure with half of it jittered, up to the cap", () => {
    expect(backoffMs(1, policy, () => 0)).toBe(500);
    expect(backoffMs(1, policy, () => 1)).toBe(1000);
    expect(backoffMs(3, policy, () => 0)).toBe(2000);
    expect(backoffMs(3, policy, () => 1)).toBe(4000);
    expect(backoffMs(20, policy, () => 1)).toBe(60_000);
    expect(backoffMs(20, policy, () => 0)).toBe(30_000);
  });
});
