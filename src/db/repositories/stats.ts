// Counts by status for the /metrics gauges.
import type { DbClient } from "../context.js";

export class StatsRepository {
  constructor(private readonly db: DbClient) {}

  async casesByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.followUpCase.groupBy({ by: ["status"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }

  async deliveriesByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.outboxDelivery.groupBy({ by: ["status"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }
}
