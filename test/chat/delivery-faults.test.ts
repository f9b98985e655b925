// The delivery schedule under faults (pure, fake clock): hung sends, refused sends, lone and
// repeated 429s, a 429 on the history lookup, and retries timed from the failed attempt's start.
import { describe, expect, it } from "vitest";
import { DeliverySchedule, UNKNOWN_OUTCOME } from "../../src/core/delivery-schedule.js";
import { ids, options, type Row, row } from "./schedule-fixtures.js";

describe("delivery under faults: hung sends and refused sends", () => {
  it("lets a destination go on at its pacing slots while one of its sends hangs", () => {
    const s = new DeliverySchedule<Row>(options());
    s.admit([row("case_card", "C1"), row("case_card", "C1")], 0);
    const first = s.dispatch(0).send[0]!.held;
    // Busy: the second card waits while the first is out...
    expect(s.dispatch(1000).send).toHaveLength(0);
    // ...until the first is deemed hung; it then goes at its slot, not at the hang's end.
    s.freeLane(first);
    expect(s.dispatch(1000).send).toHaveLength(1);
    // The hung send finishing later frees nothing it no longer holds.
    s.finished(first);
    expect(s.sendingCount).toBe(1);
  });

  it("gives the pacing slot back when a send was refused, not when its outcome is unknown", () => {
    const s = new DeliverySchedule<Row>(options());
    s.admit([row("case_card", "C1"), row("case_card", "C1"), row("case_card", "C1")], 0);
    const a = s.dispatch(0).send[0]!;
    s.finished(a.held);
    s.failed(a.held, { kind: "retry" }, 0, a.keyWasIdle, 10);
    // Refused (a 500): the next card needs no second's wait.
    const b = s.dispatch(10).send[0]!;
    expect(b).toBeDefined();
    s.finished(b.held);
    s.failed(b.held, { kind: "retry", outcomeUnknown: true }, 0, b.keyWasIdle, 20);
    // A hang may have been posted: its slot stays taken.
    expect(s.dispatch(20).send).toHaveLength(0);
    expect(s.dispatch(1010).send).toHaveLength(1);
  });
});

describe("429s, lookups and retries under faults", () => {
  const burst3 = options({
    limits: {
      slack: { perDestination: { perSecond: 1, burst: 3 }, perApp: { perSecond: 1000, burst: 1000 } },
      teams: { perDestination: { perSecond: 1, burst: 3 }, perApp: { perSecond: 1000, burst: 1000 } },
    },
    maxHoldMs: 60_000,
  });
  /** Sends whatever is due at `now` on C1 and returns it (finished: its answer came). */
  const sendAt = (s: DeliverySchedule<Row>, now: number) => {
    const d = s.dispatch(now).send;
    for (const x of d) s.finished(x.held);
    return d;
  };

  it("after a lone 429 the channel resumes its schedule; a second in the same episode allows no burst", () => {
    const s = new DeliverySchedule<Row>(burst3);
    const rows = Array.from({ length: 10 }, () => row("case_card", "C1"));
    s.admit(rows, 0);
    // The burst of three, then one a second.
    for (const t of [0, 0, 0, 1000, 2000]) expect(sendAt(s, t)).toHaveLength(1);
    // The send at 3000 gets a 429 with Retry-After 1 s.
    const [limited] = sendAt(s, 3000);
    s.failed(limited!.held, { kind: "rate_limited", retryAfterMs: 1000 }, 0, limited!.keyWasIdle, 3000);
    s.admit([limited!.held.item], 3000);
    expect(sendAt(s, 3999)).toHaveLength(0);
    // Retry-After honoured; the second the channel sat idle is owed: 4000 and 4000 again.
    expect(sendAt(s, 4000)).toHaveLength(1);
    const [again] = sendAt(s, 4000);
    expect(again).toBeDefined();
    // A second 429 right after: the channel's window is really full; no burst after this one.
    s.failed(again!.held, { kind: "rate_limited", retryAfterMs: 1000 }, 0, again!.keyWasIdle, 4000);
    s.admit([again!.held.item], 4000);
    expect(sendAt(s, 5000)).toHaveLength(1);
    expect(sendAt(s, 5000)).toHaveLength(0);
    expect(sendAt(s, 6000)).toHaveLength(1);
  });

  it("a 429 on the history lookup holds back lookups, not the channel's posts", () => {
    const s = new DeliverySchedule<Row>(burst3);
    const unknown = row("case_card", "C1");
    unknown.row.lastError = `${UNKNOWN_OUTCOME}request_error: timed out`;
    const other = row("case_card", "C1");
    s.admit([unknown], 0);
    const [lookup] = sendAt(s, 0);
    expect(lookup!.held.item.id).toBe(unknown.id);
    // The lookup (nothing posted) was refused with Retry-After 5 s.
    expect(
      s.failed(
        lookup!.held,
        { kind: "rate_limited", retryAfterMs: 5000, outcomeUnknown: true, nothingSent: true },
        0,
        lookup!.keyWasIdle,
        10,
      ),
    ).toEqual({ action: "release", delayMs: 5000 });
    s.admit([other, unknown], 20);
    // The channel posts on; the row that must look first waits for the lookups' Retry-After.
    expect(ids({ send: sendAt(s, 20) })).toEqual([other.id]);
    expect(sendAt(s, 4999)).toHaveLength(0);
    expect(ids({ send: sendAt(s, 5010) })).toEqual([unknown.id]);
  });

  it("counts a retry's backoff from the failed attempt's start: a hang retried at once after its timeout", () => {
    const s = new DeliverySchedule<Row>(options({ flatRetries: 4, maxAttempts: 10, random: () => 1 }));
    s.admit([row("case_card", "C1"), row("case_card", "C2")], 0);
    const [hung, refused] = sendAt(s, 0);
    // A 500 answered at once waits its backoff (2 s here)...
    expect(s.failed(refused!.held, { kind: "retry" }, 0, false, 50)).toMatchObject({ delayMs: 1950 });
    // ...a send that timed out after 2.5 s has waited longer than that already.
    expect(s.failed(hung!.held, { kind: "retry", outcomeUnknown: true }, 0, false, 2500)).toMatchObject({
      delayMs: 0,
    });
  });
});

describe("pacing the platform calls themselves", () => {
  it("moves a send's slot from its dispatch to its platform call (after reading the case, or a lookup)", () => {
    const s = new DeliverySchedule<Row>(options());
    const [a, b] = [row("case_card", "C1"), row("case_card", "C1")];
    s.admit([a, b], 0);
    const [first] = s.dispatch(0).send;
    // Rendering the card took 300 ms: the post leaves at 300, so the next one goes at 1300.
    s.retime(first!.held, 300);
    s.finished(first!.held);
    expect(ids(s.dispatch(1000))).toEqual([]);
    expect(ids(s.dispatch(1300))).toEqual([b.id]);
  });
});
