// Ticks every 5 minutes; each person gets their weekly reminder at their team's weekday and time
// in their own time zone (default Monday 09:00).
import { createReminderService } from "../services/reminders.js";
import type { JobDefinition } from "./types.js";

export const staffRemindersJob: JobDefinition = {
  name: "staff-reminders",
  description: "Weekly coaching reminder to each staff member, at their team's weekday and time in their own zone",
  cron: "1-59/5 * * * *",
  leaseMs: 10 * 60_000,
  run: (deps, at) => createReminderService(deps).sendDue(at),
  nextLocal: (deps, after) => createReminderService(deps).nextSlot(after),
};
