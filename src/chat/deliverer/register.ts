// Starts the deliverer with the app (when DELIVERY_ENABLED) on whatever senders Slack and Teams
// registered, wakes it on every outbox kick, and stops it on shutdown.
import type { AppContext } from "../../app-context.js";
import { createDeliverer } from "./loop.js";
import type { Deliverer, DelivererOptions } from "./options.js";

export function registerDeliverer(ctx: AppContext, options: Partial<DelivererOptions> = {}): void {
  if (!ctx.deps.config.DELIVERY_ENABLED) {
    ctx.deps.log.info("outbox delivery is off on this instance (DELIVERY_ENABLED=false)");
    return;
  }
  let deliverer: Deliverer | undefined;
  // Services call deps.outboxKick() after committing outbox rows, which fires ctx.outbox.
  const unsubscribe = ctx.outbox.subscribe(() => deliverer?.kick());
  ctx.onStart(() => {
    if (ctx.senders.size === 0) ctx.deps.log.warn("no chat platform sender is registered: messages will wait");
    // A configured INSTANCE_ID is stable across restarts: what it left leased, it takes back at once.
    const takeBackOwnLeases = Boolean(ctx.deps.config.INSTANCE_ID);
    deliverer = createDeliverer(ctx.deps, ctx.senders, { owner: ctx.instanceId, takeBackOwnLeases, ...options });
    deliverer.start();
  });
  ctx.onStop(async () => {
    unsubscribe();
    await deliverer?.stop();
  });
}
