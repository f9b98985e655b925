// The deliverer's pure scheduling decisions, driven with a fake clock (plain millisecond numbers):
// lanes, priorities, pacing, held rows, Retry-After, backoff, dead letters and the next wake-up.
import { describe, expect, it } from "vitest";
import {
  afterLookup,
  DeliverySchedule,
  LOOKUP_MARGIN_MS,
  lookupSince,
  needsDeliveryLookup,
  UNKNOWN_OUTCOME,
} from "../../src/core/delivery-schedule.js";
import { ids, options, type Row, row } from "./schedule-fixtures.js";

describe("delivery schedule", () => {
  it("claims at start and on a kick, then only when the poll or a full batch says so", () => {
    const s = new DeliverySchedule<Row>(options());
    const plan = s.claimPlan(0);
    expect(plan).toEqual({ expressOnly: false, limit: 4 });
    s.claimed(plan!, 1, 0);
    expect(s.claimPlan(500)).toBeNull();
    expect(s.claimPlan(1000)).toEqual({ expressOnly: false, limit: 4 });
    // A full batch: more are probably due, claim again at once.
    s.claimed({ expressOnly: false, limit: 4 }, 4, 1000);
    expect(s.claimPlan(1000)).not.toBeNull();
    s.claimed({ expressOnly: false, limit: 4 }, 0, 1000);
    expect(s.claimPlan(1001)).toBeNull();
    s.kick();
    expect(s.claimPlan(1001)).not.toBeNull();
    // A step-driven pass claims whatever the timers say.
    expect(s.claimPlan(1002, true)).not.toBeNull();
  });

  it("keeps a lane for cards and thread replies when DMs fill the buffer", () => {
    const s = new DeliverySchedule<Row>(options({ concurrency: 0 }));
    s.admit([row("dm", "dm:1"), row("dm", "dm:2"), row("case_card", "C1")], 0);
    // Three regular rows of four: one more of any kind fits.
    expect(s.claimPlan(0)).toEqual({ expressOnly: false, limit: 2 });
    s.admit([row("dm", "dm:3"), row("channel_message", "C2")], 0);
    // Regular lane full: nothing until a kick, which claims cards and replies only.
    expect(s.claimPlan(5000)).toBeNull();
    s.kick();
    expect(s.claimPlan(5000)).toEqual({ expressOnly: true, limit: 3, kinds: ["case_card", "case_thread"] });
    // Express lane full but regular room left: only regular kinds.
    const t = new DeliverySchedule<Row>(options({ concurrency: 0 }));
    t.admit([row("case_card", "A"), row("case_card", "B"), row("case_thread", "C"), row("case_card", "D")], 0);
    expect(t.claimPlan(0)).toEqual({ expressOnly: false, limit: 4, kinds: ["dm", "channel_message"] });
  });

  it("sends cards, then thread replies, then the rest, in claim order within each", () => {
    const s = new DeliverySchedule<Row>(options());
    const dm = row("dm", "dm:1");
    const thread = row("case_thread", "C1");
    const team = row("channel_message", "C2");
    const card = row("case_card", "C3");
    s.admit([dm, thread, team, card], 0);
    expect(ids(s.dispatch(0))).toEqual([card.id, thread.id, dm.id, team.id]);
  });

  it("sends one row per destination at a time, at the destination's pace", () => {
    const s = new DeliverySchedule<Row>(options());
    const [a, b, c] = [row("dm", "dm:1"), row("dm", "dm:1"), row("dm", "dm:2")];
    s.claimed(s.claimPlan(0)!, 3, 0);
    s.admit([a, b, c], 0);
    const first = s.dispatch(0);
    expect(ids(first)).toEqual([a.id, c.id]);
    expect(s.sendingCount).toBe(2);
    // b waits for its slot, one second after a's.
    expect(s.sleepMs(10)).toBe(990);
    for (const x of first.send) s.finished(x.held);
    expect(ids(s.dispatch(999))).toEqual([]);
    expect(ids(s.dispatch(1000))).toEqual([b.id]);
    expect(s.heldCount).toBe(0);
  });

  it("does not start a second send on a destination whose send is still in flight", () => {
    const s = new DeliverySchedule<Row>(options());
    const [a, b] = [row("dm", "dm:9"), row("dm", "dm:9")];
    s.admit([a, b], 0);
    expect(ids(s.dispatch(0))).toEqual([a.id]);
    // Its slot has come, but a has not finished.
    expect(ids(s.dispatch(5000))).toEqual([]);
  });

  it("respects the concurrency cap", () => {
    const s = new DeliverySchedule<Row>(options({ concurrency: 2 }));
    s.admit([row("dm", "dm:1"), row("dm", "dm:2"), row("dm", "dm:3")], 0);
    const d = s.dispatch(0);
    expect(d.send).toHaveLength(2);
    expect(s.heldCount).toBe(1);
    s.finished(d.send[0]!.held);
    expect(s.dispatch(1)).toMatchObject({ send: [{ held: { item: { destKey: "slack:dm:3" } } }] });
  });

  it("holds rows whose slot is near and hands back those whose slot is further than maxHoldMs", () => {
    const s = new DeliverySchedule<Row>(options({ maxHoldMs: 1500 }));
    const rows = [row("channel_message", "C1"), row("channel_message", "C1"), row("channel_message", "C1")];
    const { later } = s.admit(rows, 0);
    expect(s.heldCount).toBe(2);
    expect(later).toEqual([{ item: rows[2], delayMs: 2000 }]);
    // The loop looks for it again when it is due, not a poll later.
    s.claimed({ expressOnly: false, limit: 4 }, 3, 0);
    expect(s.claimPlan(2000)).not.toBeNull();
  });

  it("gives back held rows that could no longer finish inside their lease", () => {
    const s = new DeliverySchedule<Row>(options({ leaseMs: 40_000, sendTimeoutMs: 30_000, concurrency: 0 }));
    s.admit([row("dm", "dm:1")], 0);
    expect(s.dispatch(5_000).expired).toHaveLength(0);
    expect(s.dispatch(5_001).expired).toHaveLength(1);
    expect(s.heldCount).toBe(0);
  });

  it("honours Retry-After on the destination without counting a failure", () => {
    const s = new DeliverySchedule<Row>(options());
    const [a, b] = [row("dm", "dm:1"), row("dm", "dm:1")];
    s.admit([a], 0);
    const sent = s.dispatch(0).send[0]!;
    s.finished(sent.held);
    expect(s.failed(sent.held, { kind: "rate_limited", retryAfterMs: 4000 }, 0, sent.keyWasIdle, 100)).toEqual({
      action: "release",
      delayMs: 4000,
    });
    s.admit([b], 100);
    expect(ids(s.dispatch(4099))).toEqual([]);
    expect(ids(s.dispatch(4100))).toEqual([b.id]);
    // Without Retry-After: one second.
    expect(s.failed(sent.held, { kind: "rate_limited" }, 0, false, 0)).toEqual({ action: "release", delayMs: 1000 });
  });

  it("pauses the whole platform after three 429s on idle destinations within ten seconds", () => {
    const s = new DeliverySchedule<Row>(options());
    const rateLimit = (dest: string, now: number) => {
      s.admit([row("dm", dest)], now);
      const sent = s.dispatch(now).send[0]!;
      s.finished(sent.held);
      s.failed(sent.held, { kind: "rate_limited", retryAfterMs: 3000 }, 0, sent.keyWasIdle, now);
    };
    rateLimit("dm:1", 0);
    rateLimit("dm:2", 100);
    const fresh = row("dm", "dm:4");
    s.admit([fresh], 150);
    expect(ids(s.dispatch(150))).toEqual([fresh.id]);
    rateLimit("dm:3", 200);
    // The third one blocked the app key until 3200: a new destination waits too.
    const other = row("dm", "dm:5");
    s.admit([other], 300);
    expect(ids(s.dispatch(300))).toEqual([]);
    expect(ids(s.dispatch(3200))).toEqual([other.id]);
  });

  it("does not pause the platform for 429s on one or two idle destinations (their own limits)", () => {
    const s = new DeliverySchedule<Row>(options());
    const rateLimit = (dest: string, now: number) => {
      s.admit([row("case_card", dest)], now);
      const sent = s.dispatch(now).send[0]!;
      expect(sent.keyWasIdle).toBe(true);
      s.finished(sent.held);
      s.failed(sent.held, { kind: "rate_limited", retryAfterMs: 1000 }, 0, sent.keyWasIdle, now);
    };
    // Three 429s on idle destinations within ten seconds, but on two channels only.
    rateLimit("C1", 0);
    rateLimit("C2", 100);
    rateLimit("C1", 2000);
    const other = row("case_card", "C3");
    s.admit([other], 2100);
    expect(ids(s.dispatch(2100))).toEqual([other.id]);
  });

  it("backs off retries exponentially and dead-letters after the last attempt", () => {
    const s = new DeliverySchedule<Row>(options({ random: () => 1 }));
    const h = { item: row("dm", "dm:1"), keys: [], readyAt: 0, claimedAt: 0 };
    expect(s.failed(h, { kind: "retry" }, 0, false, 0)).toEqual({ action: "retry", delayMs: 2000, failures: 1 });
    expect(s.failed(h, { kind: "retry" }, 1, false, 0)).toEqual({ action: "retry", delayMs: 4000, failures: 2 });
    expect(s.failed(h, { kind: "retry" }, 2, false, 0)).toEqual({ action: "dead", failures: 3 });
    // Permanent failures (channel_not_found...) give up sooner, after longer waits.
    expect(s.failed(h, { kind: "permanent" }, 0, false, 0)).toEqual({ action: "retry", delayMs: 60_000, failures: 1 });
    expect(s.failed(h, { kind: "permanent" }, 1, false, 0)).toEqual({ action: "dead", failures: 2 });
  });

  it("wakes for a retry when it is due rather than at the next poll", () => {
    const s = new DeliverySchedule<Row>(options({ pollIntervalMs: 60_000, random: () => 0 }));
    s.claimed(s.claimPlan(0)!, 0, 0);
    expect(s.claimPlan(0)).toBeNull();
    const h = { item: row("dm", "dm:1"), keys: [], readyAt: 0, claimedAt: 0 };
    s.failed(h, { kind: "retry" }, 0, false, 0);
    expect(s.sleepMs(0)).toBe(1000);
    expect(s.claimPlan(1000)).not.toBeNull();
  });

  it("sleeps no longer than a poll interval, and not at all after a kick", () => {
    const s = new DeliverySchedule<Row>(options({ pollIntervalMs: 250 }));
    s.claimed(s.claimPlan(0)!, 0, 0);
    expect(s.sleepMs(0)).toBe(250);
    s.kick();
    expect(s.sleepMs(0)).toBe(0);
  });

  it("hands every held row back on stop", () => {
    const s = new DeliverySchedule<Row>(options({ concurrency: 0 }));
    s.admit([row("dm", "dm:1"), row("case_card", "C1")], 0);
    expect(s.takeHeld()).toHaveLength(2);
    expect(s.heldCount).toBe(0);
  });
});

describe("unknown outcomes: when to look up an earlier attempt, and what to do with the answer", () => {
  it("looks up after an expired lease or an unknown outcome, not after a clean failure", () => {
    expect(needsDeliveryLookup({ lastError: null })).toBe(false);
    expect(needsDeliveryLookup({ lastError: "http_500: post card of case #1: HTTP 500 from Slack" })).toBe(false);
    expect(needsDeliveryLookup({ lastError: "ratelimited: Slack said ratelimited" })).toBe(false);
    expect(needsDeliveryLookup({ lastError: `${UNKNOWN_OUTCOME}request_error: timed out` })).toBe(true);
    expect(
      needsDeliveryLookup({ lastError: "lease expired before the send was recorded (instance stopped or stalled)" }),
    ).toBe(true);
  });

  it("starts the lookup a margin before the row existed", () => {
    const createdAt = new Date("2026-11-30T10:00:00Z");
    expect(lookupSince({ createdAt }).getTime()).toBe(createdAt.getTime() - LOOKUP_MARGIN_MS);
  });

  it("adopts what it found, posts when nothing was, retries when it cannot tell, posts degraded without access", () => {
    const ref = { channel: "C1", ts: "1.2" };
    expect(afterLookup({ kind: "found", ref })).toEqual({ action: "adopt", ref });
    expect(afterLookup({ kind: "not_found" })).toEqual({ action: "post" });
    expect(afterLookup({ kind: "error", code: "http_500", permanent: false })).toEqual({ action: "retry" });
    expect(afterLookup({ kind: "error", code: "missing_scope", permanent: true })).toEqual({
      action: "post",
      degraded: "missing_scope",
    });
  });
});

describe("a burst with scattered failures", () => {
  it("puts a row back from a failed attempt at the head of its channel's queue, not behind rows claimed since", () => {
    // The cause of a 10-30 s tail under 30% faults: a row that failed went behind every row held
    // for its channel meanwhile (up to maxHoldMs of them), again at each failure, and so arrived last.
    const s = new DeliverySchedule<Row>(options({ maxHoldMs: 60_000 }));
    const [a, b, c, d] = [
      row("case_card", "C1"),
      row("case_card", "C1"),
      row("case_card", "C1"),
      row("case_card", "C1"),
    ];
    s.admit([a, b, c], 0);
    const first = s.dispatch(0).send[0]!;
    expect(first.held.item.id).toBe(a.id);
    s.finished(first.held);
    // a is refused (a 500): its slot goes back, b takes it; a returns to the table for a second
    // after its attempt started (0), so 990 ms after its failure (10).
    expect(s.failed(first.held, { kind: "retry" }, 0, first.keyWasIdle, 10)).toMatchObject({ delayMs: 990 });
    const second = s.dispatch(10).send[0]!;
    expect(second.held.item.id).toBe(b.id);
    s.finished(second.held);
    // d is claimed meanwhile; a is claimed again when its retry is due.
    s.admit([d], 500);
    s.admit([a], 1010);
    // The channel's next slot (1010) is a's: it goes before c and d, which each move one slot later.
    const third = s.dispatch(1010);
    expect(ids(third)).toEqual([a.id]);
    s.finished(third.send[0]!.held);
    expect(ids(s.dispatch(2009))).toEqual([]);
    const fourth = s.dispatch(2010);
    expect(ids(fourth)).toEqual([c.id]);
    s.finished(fourth.send[0]!.held);
    expect(ids(s.dispatch(3010))).toEqual([d.id]);
  });
});

describe("flat retries", () => {
  it("retries the first transient failures at the base delay, then backs off; permanent ones back off at once", () => {
    const s = new DeliverySchedule<Row>(options({ flatRetries: 2, maxAttempts: 10 }));
    s.admit([row("case_card", "C1")], 0);
    const h = s.dispatch(0).send[0]!.held;
    const delays = [0, 1, 2, 3].map(
      (n) => (s.failed(h, { kind: "retry" }, n, false, 0) as { delayMs: number }).delayMs,
    );
    expect(delays).toEqual([1000, 1000, 1000, 2000]);
    expect(s.failed(h, { kind: "permanent" }, 1, false, 0)).toEqual({ action: "dead", failures: 2 });
  });
});
