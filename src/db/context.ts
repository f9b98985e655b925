// What services get instead of Prisma: a client for reads and a way to run a transaction.
// Repositories (src/db/repositories/*) take either; nothing outside src/db imports Prisma.
import type { Prisma, PrismaClient } from "./generated/client.js";

export type DbClient = PrismaClient | Prisma.TransactionClient;

export interface DbContext {
  client: PrismaClient;
  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>, opts?: { timeoutMs?: number }): Promise<T>;
}

export function createDbContext(client: PrismaClient): DbContext {
  return {
    client,
    transaction: (fn, opts) => client.$transaction(fn, { timeout: opts?.timeoutMs ?? 15_000, maxWait: 10_000 }),
  };
}
