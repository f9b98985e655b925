// The deliverer's small helpers: the admin alert when a message is dead-lettered, a timeout for
// sends, and retries for the database write that records a send.

import type { Locale } from "../../core/i18n/index.js";
import { deadLetterAlert, lookupUnavailableAlert } from "../../core/messages/admin.js";
import type { ChatPlatform, PersonRecord } from "../../core/types.js";
import { OrgRepository } from "../../db/repositories/org.js";
import { OutboxRepository } from "../../db/repositories/outbox.js";
import type { OutboxRow } from "../../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../../deps.js";
import { createLanguageService } from "../../services/language.js";
import { DeliveryError } from "../port.js";
import { platformsForPerson } from "../targets.js";

/**
 * Tells every admin (by DM, preferably on the other platform: the failing one may be what is
 * broken) that a message was dead-lettered. One alert per destination, error and day: fifty cards
 * failing on one archived channel make one alert. Returns how many alert rows were enqueued.
 */
export async function alertAdminsOfDeadLetter(
  deps: CoreDeps,
  platforms: ChatPlatform[],
  i: { row: OutboxRow; destKey: string; destination: string; error: string; code: string | null; attempts: number },
): Promise<number> {
  // Never alert about an undeliverable alert: that would loop.
  if (i.row.dedupeKey?.startsWith("alert:dead-letter:")) return 0;
  const now = deps.clock.now();
  const admins = await new OrgRepository(deps.db.client).admins();
  const info = {
    rowId: i.row.id,
    platform: i.row.platform,
    kind: i.row.kind,
    destination: i.destination,
    error: i.error,
    platformCode: i.code,
    attempts: i.attempts,
  };
  const locales = await adminLocales(deps, admins);
  const day = now.toISOString().slice(0, 10);
  const rows = admins.flatMap((admin) => {
    const message = deadLetterAlert(info, locales.get(admin.id));
    const options = platformsForPerson(admin, platforms);
    const platform = options.find((p) => p !== i.row.platform) ?? options[0];
    if (!platform) return [];
    const dedupeKey = `alert:dead-letter:${i.destKey}:${i.code ?? "error"}:${day}:${admin.id}`;
    return [{ platform, payload: { kind: "dm" as const, personId: admin.id, message }, dedupeKey }];
  });
  if (rows.length === 0) {
    deps.log.error({ row: i.row.id }, "no admin reachable in chat to alert about a dead-lettered message");
    return 0;
  }
  return new OutboxRepository(deps.db.client).enqueue(rows, now);
}

/**
 * Tells every admin (once a day per platform and code) that the deliverer cannot check whether an
 * interrupted send was posted (Slack: no history scope), so such a message may show twice.
 */
export async function alertAdminsOfLookupUnavailable(
  deps: CoreDeps,
  platforms: ChatPlatform[],
  i: { platform: ChatPlatform; code: string; message: string },
): Promise<number> {
  const now = deps.clock.now();
  const admins = await new OrgRepository(deps.db.client).admins();
  const locales = await adminLocales(deps, admins);
  const day = now.toISOString().slice(0, 10);
  const rows = admins.flatMap((admin) => {
    const message = lookupUnavailableAlert(i, locales.get(admin.id));
    const platform = platformsForPerson(admin, platforms)[0];
    if (!platform) return [];
    const dedupeKey = `alert:lookup-unavailable:${i.platform}:${i.code}:${day}:${admin.id}`;
    return [{ platform, payload: { kind: "dm" as const, personId: admin.id, message }, dedupeKey }];
  });
  return rows.length === 0 ? 0 : new OutboxRepository(deps.db.client).enqueue(rows, now);
}

/** Each admin's language (the whose-language chain), so each alert is in its reader's. */
async function adminLocales(deps: CoreDeps, admins: PersonRecord[]): Promise<Map<number, Locale>> {
  const language = createLanguageService(deps);
  return new Map(await Promise.all(admins.map(async (a) => [a.id, await language.localeOf(a)] as const)));
}

export async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeliveryError("retry", `no answer within ${ms} ms`, { outcomeUnknown: true })),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A database write after a successful send is worth a few quick retries: losing it means a resend. */
export async function retryDb<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 3) throw e;
      await new Promise((r) => setTimeout(r, 100 * 2 ** i));
    }
  }
}
