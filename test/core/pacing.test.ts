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

  it("after a Retry-After block with keepCredit, resumes the key's own schedule (owed sends included)", () => {
    const p = new Pacer(() => ({ perSecond: 1, burst: 3 }));
    // Steady at the sustained rate: the key has no burst left.
    for (const t of [0, 0, 0, 1000, 2000]) p.take(["c1"], t);
    expect(p.earliest(["c1"], 2000)).toBe(3000);
    p.block("c1", 4000, { keepCredit: true });
    expect(p.earliest(["c1"], 2000)).toBe(4000);
    // The second it sat blocked is owed: two sends at 4000, then the sustained rate.
    p.take(["c1"], 4000);
    expect(p.earliest(["c1"], 4000)).toBe(4000);
    p.take(["c1"], 4000);
    expect(p.earliest(["c1"], 4000)).toBe(5000);
  });

  it("gives back a hung send's slot only while the key has not been idle since", () => {
    const p = new Pacer(() => ({ perSecond: 1, burst: 3 }));
    p.take(["c1"], 0); // hangs; its outcome is unknown
    // Ten seconds later the key is idle again (the hung slot no longer weighs): a retry takes a
    // slot, finds the hung attempt was never posted, and the refund changes nothing.
    p.take(["c1"], 10_000);
    expect(p.refund(["c1"], 0)).toBe(false);
    p.take(["c1"], p.earliest(["c1"], 10_000));
    p.take(["c1"], p.earliest(["c1"], 10_000));
    expect(p.earliest(["c1"], 10_000)).toBe(11_000);

    // Busy all along: the hung slot still weighs, and comes back.
    const q = new Pacer(() => ({ perSecond: 1, burst: 3 }));
    for (const t of [0, 0, 0, 1000]) q.take(["c1"], t); // the one at 1000 hangs
    q.take(["c1"], 2000);
    expect(q.earliest(["c1"], 2000)).toBe(3000);
    expect(q.refund(["c1"], 1000)).toBe(true);
    expect(q.earliest(["c1"], 2000)).toBe(2000);
  });

  it("never lets more than burst + rate × window posts through: hung slots refunded, 429s, moved slots (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 9 })), {
          minLength: 1,
          maxLength: 80,
        }),
        (steps) => {
          const limit = { perSecond: 1, burst: 3 };
          const p = new Pacer(() => limit);
          const posted: number[] = [];
          const hung: number[] = [];
          let now = 0;
          for (const [gap, what] of steps) {
            now = p.earliest(["k"], now + gap);
            p.take(["k"], now);
            if (what < 2)
              hung.push(now); // no answer: not posted, outcome unknown
            else if (what < 4 && hung.length) {
              // A retry's lookup finds a hung attempt never posted: its slot back, then it posts.
              p.refund(["k"], hung.shift()!);
              posted.push(now);
            } else if (what < 5)
              p.refund(["k"], now); // refused (a 500): nothing posted
            else if (what < 7) {
              // A 429: nothing posted, its slot back, nothing before Retry-After (owed sends kept or not).
              p.refund(["k"], now);
              p.block("k", now + 1000, { keepCredit: what === 5 });
            } else if (what < 8) {
              // Posted, answered a while later: the slot moves to the answer.
              const sentAt = now;
              now += gap % 300;
              p.move(["k"], sentAt, now);
              posted.push(now);
            } else posted.push(now);
          }
          for (let i = 0; i < posted.length; i++) {
            for (let j = i; j < posted.length; j++) {
              const w = posted[j]! - posted[i]!;
              expect(j - i + 1).toBeLessThanOrEqual(limit.burst + Math.floor((w * limit.perSecond) / 1000 + 1e-9));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
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
