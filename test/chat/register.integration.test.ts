// registerDeliverer and registerJobs as the app uses them: started with the app, woken by
// deps.outboxKick(), stopped on shutdown; nothing runs when turned off.

import express from "express";
import { getTasks } from "node-cron";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../src/app-context.js";
import { registerDeliverer } from "../../src/chat/deliverer/index.js";
import { createOutboxSignal } from "../../src/chat/outbox-signal.js";
import type { PlatformSender } from "../../src/chat/port.js";
import type { ChatPlatform } from "../../src/core/types.js";
import type { Database } from "../../src/db/client.js";
import { OutboxRepository } from "../../src/db/repositories/outbox.js";
import type { CoreDeps } from "../../src/deps.js";
import { ALL_JOBS, registerJobs } from "../../src/jobs/index.js";
import { createServices } from "../../src/services/index.js";
import { createTestDatabase } from "../support/db.js";
import { createOrg } from "../support/fixtures.js";
import { FakeSender, makeDeps, msg, outboxSettled, waitFor } from "./helpers.js";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.close();
});

function context(deps: CoreDeps, senders: PlatformSender[]) {
  const starters: (() => unknown)[] = [];
  const stoppers: (() => unknown)[] = [];
  // As src/app.ts wires it: services kick deps.outboxKick, the deliverer listens on the signal.
  const outbox = createOutboxSignal();
  deps.outboxKick = () => outbox.kick();
  const ctx: AppContext = {
    deps,
    services: createServices(deps),
    instanceId: "register-test",
    outbox,
    http: express(),
    senders: new Map<ChatPlatform, PlatformSender>(senders.map((s) => [s.platform, s])),
    onStart: (fn) => starters.push(fn),
    onStop: (fn) => stoppers.push(fn),
  };
  return {
    ctx,
    /** How many start and stop hooks were registered. */
    hooks: () => starters.length + stoppers.length,
    start: async () => {
      for (const f of starters) await f();
    },
    stop: async () => {
      for (const f of stoppers.reverse()) await f();
    },
  };
}

describe("registration on the app", () => {
  it("delivers a new message within moments of the kick, with a slow poll", async () => {
    const org = await createOrg(db);
    const deps = makeDeps(db);
    const slack = new FakeSender();
    const app = context(deps, [slack]);
    registerDeliverer(app.ctx, { pollIntervalMs: 60_000 });
    await app.start();
    // The first pass (at start) sends what is there; then the loop sleeps for the 60 s poll.
    await new OutboxRepository(db.prisma).enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.directorId, message: msg("first") } }],
      new Date(),
    );
    deps.outboxKick();
    await waitFor(() => slack.calls.length === 1, 3_000, 5);
    await waitFor(() => outboxSettled(db), 3_000, 5);
    const t0 = performance.now();
    await new OutboxRepository(db.prisma).enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.staffIds[0]!, message: msg("hi") } }],
      new Date(),
    );
    // What a service does after committing.
    deps.outboxKick();
    await waitFor(() => slack.calls.length === 2, 3_000, 5);
    expect(slack.calls[1]!.at - t0).toBeLessThan(1_500);
    await app.stop();
  });

  it("starts one node-cron task per job when JOBS_ENABLED and removes them on stop", async () => {
    const app = context(makeDeps(db), []);
    const before = getTasks().size;
    registerJobs(app.ctx);
    expect(getTasks().size).toBe(before);
    await app.start();
    const names = [...getTasks().values()].map((t) => t.name);
    for (const job of ALL_JOBS) expect(names).toContain(job.name);
    const next = [...getTasks().values()].find((t) => t.name === "sla-watch")!.getNextRun();
    expect(next && next.getUTCMinutes() % 5).toBe(0);
    await app.stop();
    expect([...getTasks().values()].filter((t) => ALL_JOBS.some((j) => j.name === t.name))).toHaveLength(0);
  });

  it("runs neither when turned off", async () => {
    const org = await createOrg(db);
    const deps = makeDeps(db, { env: { JOBS_ENABLED: "false", DELIVERY_ENABLED: "false" } });
    const slack = new FakeSender();
    const app = context(deps, [slack]);
    registerDeliverer(app.ctx);
    registerJobs(app.ctx);
    // Nothing to start or stop: no loop exists that could send later.
    expect(app.hooks()).toBe(0);
    const before = getTasks().size;
    await app.start();
    expect(getTasks().size).toBe(before);
    await new OutboxRepository(db.prisma).enqueue(
      [{ platform: "slack", payload: { kind: "dm", personId: org.staffIds[0]!, message: msg("held") } }],
      new Date(),
    );
    deps.outboxKick();
    expect(slack.calls).toHaveLength(0);
    expect(await db.prisma.outboxDelivery.count({ where: { status: "pending" } })).toBe(1);
    await app.stop();
  });
});
