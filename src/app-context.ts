// What a capability gets when it registers on the app (see src/app.ts).
import type { Express } from "express";
import type { ChartLinks } from "./charts/links.js";
import type { OutboxSignal } from "./chat/outbox-signal.js";
import type { PlatformSender } from "./chat/port.js";
import type { ChatPlatform } from "./core/types.js";
import type { CoreDeps } from "./deps.js";
import type { Services } from "./services/index.js";

export interface AppContext {
  deps: CoreDeps;
  /** Every service, built once here; the platform folders reach data and rules only through these. */
  services: Services;
  /** This instance's name (INSTANCE_ID, or pid + random): lease owner of outbox rows and job runs. */
  instanceId: string;
  /** Fired by deps.outboxKick() after outbox rows commit; the deliverer subscribes to it. */
  outbox: OutboxSignal;
  /** The one HTTP server's express app: mount routes here. */
  http: Express;
  /** Platform senders registered by src/slack and src/teams; the outbox deliverer uses them. */
  senders: Map<ChatPlatform, PlatformSender>;
  /** Called on shutdown, in reverse order of registration. */
  onStop(fn: () => Promise<void> | void): void;
  /** Short-lived signed links to chart PNGs this server serves (with PUBLIC_URL; else null or absent). */
  chartLinks?: ChartLinks | null;
  /** Called once the HTTP server listens (start background work here, not at registration). */
  onStart(fn: () => Promise<void> | void): void;
}
