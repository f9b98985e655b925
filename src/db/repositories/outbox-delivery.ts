// Delivery side of the transactional outbox: claiming due rows with a lease (FOR UPDATE SKIP LOCKED,
// so deliverers on several instances never take the same row), completing, rescheduling and
// dead-lettering them. What the deliverer reads to send them is in delivery-reads.ts.
import type { OutboxPayload } from "../../chat/port.js";
import type { ChatPlatform } from "../../core/types.js";
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";

export type DeliveryStatus = "pending" | "sending" | "sent" | "dead";

export interface OutboxRow {
  id: number;
  platform: ChatPlatform;
  kind: OutboxPayload["kind"];
  target: string;
  payload: OutboxPayload;
  dedupeKey: string | null;
  caseId: number | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

interface RawRow {
  id: number;
  platform: string;
  kind: string;
  target: string;
  payload: unknown;
  dedupe_key: string | null;
  case_id: number | null;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  locked_by: string | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
}

const LEASE_EXPIRED = "lease expired before the send was recorded (instance stopped or stalled)";

export class OutboxDeliveryRepository {
  constructor(private readonly db: DbClient) {}

  /**
   * Takes up to `limit` due rows for the given platforms and leases them to `owner` until
   * `now + leaseMs`. Due means pending and past nextAttemptAt, or "sending" under an expired lease
   * (its deliverer crashed): those count one attempt. Rows of one case's card and thread on one
   * platform go one at a time in id order, so a thread reply never overtakes its card and two
   * instances never render the same card at once. Cards come first, then thread replies, then the rest.
   */
  async claim(opts: {
    now: Date;
    owner: string;
    leaseMs: number;
    limit: number;
    platforms: ChatPlatform[];
    /** Only these kinds (the deliverer's express lane for new cards). */
    kinds?: OutboxRow["kind"][];
  }): Promise<OutboxRow[]> {
    if (opts.platforms.length === 0 || opts.limit <= 0) return [];
    const { now, owner, limit } = opts;
    const until = new Date(now.getTime() + opts.leaseMs);
    const platforms = Prisma.join(opts.platforms.map((p) => Prisma.sql`${p}`));
    const kinds = opts.kinds?.length
      ? Prisma.sql`AND o.kind IN (${Prisma.join(opts.kinds.map((k) => Prisma.sql`${k}`))})`
      : Prisma.empty;
    // `head` is the oldest unfinished card/thread row of each case and platform: only it may go,
    // and only while no row of that case and platform is out under a live lease. (Computed once
    // per claim rather than as a correlated subquery, which planners without statistics, like
    // embedded PGlite's, turn into a scan per row.)
    const rows = await this.db.$queryRaw<RawRow[]>`
      WITH active AS (
        SELECT id, case_id, platform, status, locked_until FROM outbox_deliveries
        WHERE case_id IS NOT NULL AND kind IN ('case_card', 'case_thread') AND status IN ('pending', 'sending')
      ),
      head AS (
        SELECT DISTINCT ON (case_id, platform) id FROM active ORDER BY case_id, platform, id
      ),
      busy AS (
        SELECT DISTINCT case_id, platform FROM active WHERE status = 'sending' AND locked_until >= ${now}
      ),
      due AS (
        SELECT o.id FROM outbox_deliveries o
        WHERE o.platform::text IN (${platforms}) ${kinds}
          AND ((o.status = 'pending' AND o.next_attempt_at <= ${now})
            OR (o.status = 'sending' AND o.locked_until < ${now}))
          AND (o.kind NOT IN ('case_card', 'case_thread') OR (
            o.id IN (SELECT id FROM head)
            AND NOT EXISTS (SELECT 1 FROM busy b WHERE b.case_id = o.case_id AND b.platform = o.platform)))
        ORDER BY CASE o.kind WHEN 'case_card' THEN 0 WHEN 'case_thread' THEN 1 ELSE 2 END,
          o.next_attempt_at, o.id
        LIMIT ${limit}
        FOR UPDATE OF o SKIP LOCKED
      )
      UPDATE outbox_deliveries u SET
        status = 'sending',
        locked_by = ${owner},
        locked_until = ${until},
        attempts = CASE WHEN u.status = 'sending' THEN u.attempts + 1 ELSE u.attempts END,
        last_error = CASE WHEN u.status = 'sending' THEN ${LEASE_EXPIRED} ELSE u.last_error END,
        updated_at = ${now}
      FROM due WHERE u.id = due.id
      RETURNING u.id, u.platform::text AS platform, u.kind, u.target, u.payload, u.dedupe_key, u.case_id,
        u.status::text AS status, u.attempts, u.next_attempt_at, u.locked_until, u.locked_by, u.last_error,
        u.sent_at, u.created_at`;
    return rows.map(toRow).sort(byPriority);
  }

  /**
   * Takes back every row still leased to `owner` (a previous run of this instance name that died
   * mid-send): pending now, one attempt counted, marked like an expired lease so the sender first
   * looks for a message that attempt may have posted. Only for a stable instance name that no
   * other live process uses. Returns how many rows came back.
   */
  async takeBackOwnLeases(owner: string, now: Date): Promise<number> {
    return this.db.$executeRaw`
      UPDATE outbox_deliveries SET status = 'pending', locked_by = NULL, locked_until = NULL,
        next_attempt_at = ${now}, attempts = attempts + 1, last_error = ${LEASE_EXPIRED}, updated_at = ${now}
      WHERE status = 'sending' AND locked_by = ${owner}`;
  }

  /** Records a success; false when the lease was lost to another deliverer (nothing changes then). */
  async markSent(id: number, owner: string, now: Date, result?: unknown): Promise<boolean> {
    const { count } = await this.db.outboxDelivery.updateMany({
      where: { id, lockedBy: owner, status: "sending" },
      data: {
        status: "sent",
        sentAt: now,
        lockedBy: null,
        lockedUntil: null,
        lastError: null,
        result: result === undefined ? Prisma.DbNull : (result as Prisma.InputJsonValue),
      },
    });
    return count === 1;
  }

  /**
   * Records many successes in one statement (the deliverer batches them); returns the ids whose
   * lease was still `owner`'s, i.e. those actually marked.
   */
  async markSentMany(items: { id: number; result: unknown }[], owner: string, now: Date): Promise<Set<number>> {
    if (items.length === 0) return new Set();
    const values = Prisma.join(
      items.map((i) => Prisma.sql`(${i.id}::int, ${JSON.stringify(i.result ?? null)}::jsonb)`),
    );
    const rows = await this.db.$queryRaw<{ id: number }[]>`
      UPDATE outbox_deliveries u SET status = 'sent', sent_at = ${now}, locked_by = NULL, locked_until = NULL,
        last_error = NULL, result = v.result, updated_at = ${now}
      FROM (VALUES ${values}) AS v(id, result)
      WHERE u.id = v.id AND u.locked_by = ${owner} AND u.status = 'sending'
      RETURNING u.id`;
    return new Set(rows.map((r) => Number(r.id)));
  }

  /** Puts a row back to pending for a later attempt (counting a failure when `failed`). */
  async reschedule(
    id: number,
    owner: string,
    opts: { nextAttemptAt: Date; error?: string | null; failed: boolean },
  ): Promise<boolean> {
    const { count } = await this.db.outboxDelivery.updateMany({
      where: { id, lockedBy: owner, status: "sending" },
      data: {
        status: "pending",
        lockedBy: null,
        lockedUntil: null,
        nextAttemptAt: opts.nextAttemptAt,
        ...(opts.failed ? { attempts: { increment: 1 } } : {}),
        ...(opts.error !== undefined ? { lastError: opts.error } : {}),
      },
    });
    return count === 1;
  }

  /** Hands many rows back to pending, each with its own next attempt (no failure counted). */
  async releaseMany(items: { id: number; at: Date }[], owner: string, now: Date): Promise<number> {
    if (items.length === 0) return 0;
    const values = Prisma.join(items.map((i) => Prisma.sql`(${i.id}::int, ${i.at}::timestamptz)`));
    return this.db.$executeRaw`
      UPDATE outbox_deliveries u SET status = 'pending', locked_by = NULL, locked_until = NULL,
        next_attempt_at = v.at, updated_at = ${now}
      FROM (VALUES ${values}) AS v(id, at)
      WHERE u.id = v.id AND u.locked_by = ${owner} AND u.status = 'sending'`;
  }

  /** Gives up on a row: it stays for inspection and is never sent. */
  async markDead(id: number, owner: string, error: string): Promise<boolean> {
    const { count } = await this.db.outboxDelivery.updateMany({
      where: { id, lockedBy: owner, status: "sending" },
      data: { status: "dead", lockedBy: null, lockedUntil: null, lastError: error, attempts: { increment: 1 } },
    });
    return count === 1;
  }

  /** Moves a dead row back to pending (after an admin fixed its cause). */
  async requeueDead(id: number, now: Date): Promise<boolean> {
    const { count } = await this.db.outboxDelivery.updateMany({
      where: { id, status: "dead" },
      data: { status: "pending", attempts: 0, nextAttemptAt: now, lastError: null },
    });
    return count === 1;
  }

  /** Pending rows per platform among `platforms` (to warn about platforms without a sender). */
  async pendingByPlatform(platforms: ChatPlatform[]): Promise<Partial<Record<ChatPlatform, number>>> {
    if (platforms.length === 0) return {};
    const rows = await this.db.outboxDelivery.groupBy({
      by: ["platform"],
      where: { status: "pending", platform: { in: platforms } },
      _count: { _all: true },
    });
    return Object.fromEntries(rows.map((r) => [r.platform, r._count._all]));
  }

  async findById(id: number): Promise<OutboxRow | null> {
    const r = await this.db.outboxDelivery.findUnique({ where: { id } });
    return r ? fromModel(r) : null;
  }

  /** Rows by status (newest first), for the CLI and tests. */
  async list(filter: { status?: DeliveryStatus; limit?: number } = {}): Promise<OutboxRow[]> {
    const rows = await this.db.outboxDelivery.findMany({
      where: filter.status ? { status: filter.status } : {},
      orderBy: { id: "desc" },
      take: filter.limit ?? 100,
    });
    return rows.map(fromModel);
  }

  async existingDedupeKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.outboxDelivery.findMany({
      where: { dedupeKey: { in: keys } },
      select: { dedupeKey: true },
    });
    return new Set(rows.map((r) => r.dedupeKey!));
  }
}

const PRIORITY: Record<string, number> = { case_card: 0, case_thread: 1 };
function byPriority(a: OutboxRow, b: OutboxRow): number {
  return (
    (PRIORITY[a.kind] ?? 2) - (PRIORITY[b.kind] ?? 2) ||
    a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
    a.id - b.id
  );
}

function toRow(r: RawRow): OutboxRow {
  return {
    id: Number(r.id),
    platform: r.platform as ChatPlatform,
    kind: r.kind as OutboxRow["kind"],
    target: r.target,
    payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as OutboxPayload,
    dedupeKey: r.dedupe_key,
    caseId: r.case_id === null ? null : Number(r.case_id),
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: new Date(r.next_attempt_at),
    lockedUntil: r.locked_until ? new Date(r.locked_until) : null,
    lockedBy: r.locked_by,
    lastError: r.last_error,
    sentAt: r.sent_at ? new Date(r.sent_at) : null,
    createdAt: new Date(r.created_at),
  };
}

function fromModel(r: {
  id: number;
  platform: ChatPlatform;
  kind: string;
  target: string;
  payload: unknown;
  dedupeKey: string | null;
  caseId: number | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}): OutboxRow {
  return {
    id: r.id,
    platform: r.platform,
    kind: r.kind as OutboxRow["kind"],
    target: r.target,
    payload: r.payload as OutboxPayload,
    dedupeKey: r.dedupeKey,
    caseId: r.caseId,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lockedUntil: r.lockedUntil,
    lockedBy: r.lockedBy,
    lastError: r.lastError,
    sentAt: r.sentAt,
    createdAt: r.createdAt,
  };
}
