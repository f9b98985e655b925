// Enqueueing side of the transactional outbox. Called inside the same transaction as the change
// that caused the message, so a message exists if and only if its cause was committed.
import type { OutboxEnqueue } from "../../chat/port.js";
import type { DbClient } from "../context.js";

export class OutboxRepository {
  constructor(private readonly db: DbClient) {}

  /**
   * Adds rows; those whose dedupeKey already exists are skipped. Returns how many were added.
   * One statement with the rows as one JSON parameter: Prisma's createMany cost ~0.5 ms a row,
   * which dominated a batch of new cases.
   */
  async enqueue(rows: OutboxEnqueue[], now: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const at = now.toISOString();
    const payload = JSON.stringify(
      rows.map((r) => ({
        p: r.platform,
        k: r.payload.kind,
        t: targetOf(r),
        j: r.payload,
        d: r.dedupeKey ?? null,
        c: r.caseId ?? ("caseId" in r.payload ? r.payload.caseId : null),
        n: (r.notBefore ?? now).toISOString(),
      })),
    );
    return this.db.$executeRaw`
      INSERT INTO outbox_deliveries (platform, kind, target, payload, dedupe_key, case_id, next_attempt_at, created_at,
        updated_at)
      SELECT p::"ChatPlatform", k, t, j, d, c, n, ${at}::timestamptz, ${at}::timestamptz
      FROM json_to_recordset(${payload}::json) AS r(p text, k text, t text, j jsonb, d text, c int, n timestamptz)
      ON CONFLICT (dedupe_key) DO NOTHING`;
  }

  /**
   * Asks for the case card to be re-rendered on a platform, unless a render is already waiting:
   * the deliverer renders the case as it is when it sends, so one pending row is enough.
   */
  async requestCardRender(caseId: number, platform: OutboxEnqueue["platform"], now: Date): Promise<boolean> {
    const pending = await this.db.outboxDelivery.findFirst({
      where: { caseId, platform, kind: "case_card", status: "pending", attempts: 0 },
      select: { id: true },
    });
    if (pending) return false;
    return (await this.enqueue([{ platform, payload: { kind: "case_card", caseId } }], now)) === 1;
  }
}

function targetOf(r: OutboxEnqueue): string {
  const p = r.payload;
  switch (p.kind) {
    case "case_card":
    case "case_thread":
      return `case:${p.caseId}`;
    case "dm":
      return `person:${p.personId}`;
    case "channel_message":
      return `team:${p.teamId}`;
  }
}
