// Shared by the delivery schedule's unit tests: options (one send a second per destination, no
// burst, unless a test says otherwise), rows in enqueue order, and the ids a dispatch sent.
import type { DeliveryKind, Schedulable, ScheduleOptions } from "../../src/core/delivery-schedule.js";
import type { ChatPlatform } from "../../src/core/types.js";

export type Row = Schedulable & { id: number };

export const options = (o: Partial<ScheduleOptions> = {}): ScheduleOptions => ({
  concurrency: 16,
  batchSize: 4,
  pollIntervalMs: 1000,
  leaseMs: 120_000,
  maxHoldMs: 15_000,
  sendTimeoutMs: 30_000,
  maxAttempts: 3,
  maxPermanentFailures: 2,
  retryBackoff: { baseMs: 2_000, capMs: 60_000 },
  permanentBackoff: { baseMs: 60_000, capMs: 600_000 },
  // One send per second per destination, no burst; the app-wide cap never binds here.
  limits: {
    slack: { perDestination: { perSecond: 1, burst: 1 }, perApp: { perSecond: 1000, burst: 1000 } },
    teams: { perDestination: { perSecond: 1, burst: 1 }, perApp: { perSecond: 1000, burst: 1000 } },
  },
  random: () => 0,
  ...o,
});

let nextId = 1;
export const row = (kind: DeliveryKind, dest: string, platform: ChatPlatform = "slack"): Row => {
  const id = nextId++;
  return { id, row: { id, kind, platform }, destKey: `${platform}:${dest}` };
};

export const ids = (d: { send: { held: { item: Row } }[] }) => d.send.map((s) => s.held.item.id);
