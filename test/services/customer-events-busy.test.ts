// Two writers of the same customer can deadlock on the report rollups' per-customer locks: the events
// service runs the statement again, and answers "busy, send again" (503 at the edge), never a 500.
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/core/errors.js";
import type { DbContext } from "../../src/db/context.js";
import { createCustomerEventService } from "../../src/services/customer-events.js";

const deadlock = () => Object.assign(new Error("deadlock detected"), { code: "40P01" });
const EVENTS = [
  { customerRef: "C-1", kind: "dropped_out" as const, occurredOn: new Date("2026-11-02T00:00:00Z"), source: "api" },
];

function fakeDb(failures: number): { db: DbContext; calls: () => number } {
  let calls = 0;
  const client = {
    $queryRaw: async () => {
      calls++;
      if (calls <= failures) throw deadlock();
      return [{ key: "C-1|dropped_out|2026-11-02" }];
    },
  };
  return { db: { client } as unknown as DbContext, calls: () => calls };
}

describe("customer events under deadlocks", () => {
  it("runs the statement again after a deadlock", async () => {
    const { db, calls } = fakeDb(2);
    const service = createCustomerEventService({ db, clock: { now: () => new Date("2026-11-30T12:00:00Z") } });
    const summary = await service.ingest(EVENTS);
    expect(calls()).toBe(3);
    expect(summary.fresh).toHaveLength(1);
  });

  it("answers DATABASE_UNAVAILABLE (503, send again) when the deadlocks go on", async () => {
    const { db, calls } = fakeDb(10);
    const service = createCustomerEventService({ db, clock: { now: () => new Date("2026-11-30T12:00:00Z") } });
    const err = await service.ingest(EVENTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("DATABASE_UNAVAILABLE");
    expect((err as AppError).message).toContain("nothing was stored");
    expect(calls()).toBe(3);
  });
});
