// Set-based writes for bulk org changes: INSERT/UPDATE ... FROM unnest(one typed array per column),
// a handful of parameters however many rows, grouped by the columns each row gives.
import type { DbClient } from "../context.js";
import { Prisma } from "../generated/client.js";

/** A column a bulk write may set: its name, the array type its values travel in, its cast, its encoding. */
export interface BulkColumn {
  column: string;
  array: string;
  cast?: string;
  encode?: (v: unknown) => unknown;
}

/**
 * Row indexes grouped by the columns the row gives (keys not undefined, in the spec's order): one
 * statement per group, so that a column a row leaves out gets its default (insert) or stays (update).
 */
export function byColumns<K extends string>(
  spec: Record<K, BulkColumn>,
  rows: Partial<Record<K, unknown>>[],
): { keys: K[]; indexes: number[] }[] {
  const order = Object.keys(spec) as K[];
  const groups = new Map<string, { keys: K[]; indexes: number[] }>();
  rows.forEach((row, index) => {
    const keys = order.filter((k) => row[k] !== undefined);
    const id = keys.join(",");
    const g = groups.get(id);
    if (g) g.indexes.push(index);
    else groups.set(id, { keys, indexes: [index] });
  });
  return [...groups.values()];
}

export function columnList<K extends string>(spec: Record<K, BulkColumn>, keys: K[], part: (c: BulkColumn) => string) {
  return Prisma.raw(keys.map((k) => part(spec[k])).join(", "));
}

/** One typed array parameter per column, holding the values of the rows at `indexes`. */
export function columnArrays<K extends string>(
  spec: Record<K, BulkColumn>,
  keys: K[],
  indexes: number[],
  rows: Partial<Record<K, unknown>>[],
): Prisma.Sql {
  return Prisma.join(
    keys.map((k) => {
      const { array, encode } = spec[k];
      const values = indexes.map((i) => {
        const v = rows[i]![k] ?? null;
        return encode && v !== null ? encode(v) : v;
      });
      return Prisma.sql`${values}::${Prisma.raw(array)}`;
    }),
  );
}

/**
 * INSERT ... SELECT FROM unnest(one array per column): a handful of parameters however many rows,
 * a statement per set of given columns and per BULK_ROWS rows; returns the given columns of each row.
 */
export async function bulkInsert<K extends string, R>(
  db: DbClient,
  table: string,
  spec: Record<K, BulkColumn>,
  rows: Partial<Record<K, unknown>>[],
  returning: string,
): Promise<R[]> {
  const out: R[] = [];
  for (const { keys, indexes } of byColumns(spec, rows)) {
    const names = columnList(spec, keys, (c) => `"${c.column}"`);
    const values = columnList(spec, keys, (c) => `t."${c.column}"${c.cast ?? ""}`);
    for (const part of chunks(indexes)) {
      const inserted = await db.$queryRaw<R[]>`
        INSERT INTO ${Prisma.raw(table)} (${names}, updated_at)
        SELECT ${values}, now() FROM unnest(${columnArrays(spec, keys, part, rows)}) AS t(${names})
        RETURNING ${Prisma.raw(returning)}`;
      for (const r of inserted) out.push(r);
    }
  }
  return out;
}

/**
 * Rows per statement for bulk writes (each column's values travel as one array parameter). Larger
 * statements grow the embedded database's memory, which WebAssembly never gives back, and the
 * process's heap (5,000 rows: +10 MB at 20,000 people) for no gain in time.
 */
export const BULK_ROWS = 1000;

export function* chunks<T>(rows: T[], size = BULK_ROWS): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}
