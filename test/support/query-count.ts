// Counts the SQL statements a Prisma client sends (every query and execute on the driver adapter,
// inside transactions too, plus each commit and rollback): for tests that pin how many database
// round trips a code path makes, on PGlite and on a PostgreSQL server alike.
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from "@prisma/driver-adapter-utils";

export class QueryCounter {
  /** Statements since the last reset(). */
  count = 0;
  /** Their SQL, for a message that shows what was sent when a bound fails. */
  readonly statements: string[] = [];

  reset(): void {
    this.count = 0;
    this.statements.length = 0;
  }

  record(sql: string): void {
    this.count++;
    this.statements.push(sql);
  }
}

/** The factory, counting every statement of the adapters it connects into `counter`. */
export function countingAdapter(
  factory: SqlMigrationAwareDriverAdapterFactory,
  counter: QueryCounter,
): SqlMigrationAwareDriverAdapterFactory {
  const queryable = <T extends SqlDriverAdapter | Transaction>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== "function") return value;
        const fn = value as (...a: unknown[]) => unknown;
        switch (prop) {
          case "queryRaw":
          case "executeRaw":
            return (q: SqlQuery) => {
              counter.record(q.sql);
              return fn.call(t, q);
            };
          case "commit":
          case "rollback":
            return () => {
              counter.record(String(prop).toUpperCase());
              return fn.call(t);
            };
          case "startTransaction":
            return async (...args: unknown[]) => queryable((await fn.apply(t, args)) as Transaction);
          default:
            return fn.bind(t);
        }
      },
    });
  return new Proxy(factory, {
    get(f, prop) {
      const value = Reflect.get(f, prop, f) as unknown;
      if (typeof value !== "function") return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (prop === "connect" || prop === "connectToShadowDb") {
        return async () => queryable((await fn.call(f)) as SqlDriverAdapter);
      }
      return fn.bind(f);
    },
  });
}
