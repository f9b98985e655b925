// The outbox deliverer: the loop (loop.ts) around the pure schedule (src/core/delivery-schedule.ts),
// the sending (send.ts), the outcome records (outcome.ts, alerts.ts) and its registration on the app.
export { DEFAULT_LIMITS, type PlatformLimits } from "../../core/delivery-schedule.js";
export { createDeliverer } from "./loop.js";
export type { Deliverer, DelivererOptions, DelivererStats } from "./options.js";
export { registerDeliverer } from "./register.js";
