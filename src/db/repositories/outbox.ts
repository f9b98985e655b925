// Enqueueing side of the transactional outbox. Called inside the same transaction as the change
// that caused the message, so a message exists if and only if its cause was committed.
import type { OutboxEnqueue } from "../../chat/port.js";
import type { DbClient } from "../context.js";
import type { Prisma } from "../generated/client.js";

export class OutboxRepository {
  constructor(private readonly db: DbClient) {}

  /** Adds rows; those whose dedupeKey already exists are skipped. Returns how many were added. */
  async enqueue(rows: OutboxEnqueue[], now: Date): Promise<number> {
    if (rows.length === 0) return 0;
    const { count } = await this.db.outboxDelivery.createMany({
      data: rows.map((r) => ({
        platform: r.platform,
        kind: r.payload.kind,
        target: targetOf(r),
        payload: r.payload as unknown as Prisma.InputJsonValue,
        dedupeKey: r.dedupeKey ?? null,
        caseId: r.caseId ?? ("caseId" in r.payload ? r.payload.caseId : null),
        nextAttemptAt: r.notBefore ?? now,
        createdAt: now,
      })),
      skipDuplicates: true,
    });
    return count;
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
