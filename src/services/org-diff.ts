// The comparisons behind an org apply: what changed in an entry (diff), whether a unique value is
// taken from a row that keeps it, and JSON equality that ignores key order. Pure helpers of org-apply.ts.
import { DEFAULT_TEAMS_SERVICE_URL, type OrgProblem, pathText } from "../core/org-file.js";

export type Row = { id: number };

/**
 * A unique value (a Slack channel, an email) may move between entries of the file, but must not be
 * taken from a row that keeps it: one not in the file, or in it without saying what its value becomes.
 */
export function uniqueConflicts<E, R extends Row>(
  section: string,
  field: keyof E & keyof R & string,
  entries: E[],
  plans: { index: number; row: R | undefined }[],
  rows: R[],
  describe: (r: R) => string,
): OrgProblem[] {
  const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : null);
  const entryOfRow = new Map<number, E>();
  for (const p of plans) if (p.row) entryOfRow.set(p.row.id, entries[p.index]!);
  // Indexed once: a lookup per entry over every row was quadratic (20,000 people: minutes).
  const holderOf = new Map<string, R>();
  for (const r of rows) {
    const k = norm(r[field]);
    if (k !== null && !holderOf.has(k)) holderOf.set(k, r);
  }
  const problems: OrgProblem[] = [];
  for (const p of plans) {
    const wanted = norm(entries[p.index]![field]);
    if (wanted === null) continue;
    const holder = holderOf.get(wanted);
    if (!holder || holder.id === p.row?.id) continue;
    const holderEntry = entryOfRow.get(holder.id);
    if (holderEntry && holderEntry[field] !== undefined) continue;
    const why = holderEntry ? `is in this file without ${field}` : "is not in this file";
    problems.push({
      path: pathText([section, p.index, field]),
      message: `${String(entries[p.index]![field])} already belongs to ${describe(holder)}, which ${why} and so keeps it; give that one a different ${field} (or null) here`,
    });
  }
  return problems;
}

/**
 * Clears unique values that move to another row first, so that a swap never trips the unique index:
 * `clear` gets each field with the ids of the rows that give it up.
 */
export async function freeUniqueValues<D, R extends Row, F extends keyof D & keyof R>(
  plans: { row: R | undefined; data: Partial<D> }[],
  fields: F[],
  clear: (field: F, ids: number[]) => Promise<void>,
) {
  for (const f of fields) {
    const wanted = new Set<unknown>(plans.map((p) => p.data[f]).filter((v) => typeof v === "string"));
    const ids: number[] = [];
    for (const p of plans) {
      const current: unknown = p.row?.[f];
      const next: unknown = p.data[f];
      if (p.row && current != null && next !== undefined && next !== current && wanted.has(current)) ids.push(p.row.id);
    }
    if (ids.length) await clear(f, ids);
  }
}

export interface Diff<T> {
  changed: boolean;
  data: Partial<T>;
  notes: string[];
}

export function diff<T extends object>(
  row: T,
  desired: Partial<T>,
  equal: Partial<Record<keyof T, (a: unknown, b: unknown) => boolean>> = {},
  hidden: (keyof T)[] = [],
): Diff<T> {
  const data: Partial<T> = {};
  const notes: string[] = [];
  for (const key of Object.keys(desired) as (keyof T)[]) {
    const a = row[key];
    const b = desired[key];
    if ((equal[key] ?? sameJson)(a, b)) continue;
    data[key] = b;
    notes.push(hidden.includes(key) ? `${String(key)} changed` : `${String(key)} ${show(a)} -> ${show(b)}`);
  }
  return { changed: notes.length > 0, data, notes };
}

export function show(v: unknown): string {
  if (typeof v === "object" && v !== null) return "{...}";
  return JSON.stringify(v) ?? "unset";
}

export function defined<T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as never;
}

/** JSON equality that ignores key order (jsonb stores keys in its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  // Equal values have equal JSON: most fields of an unchanged row end here, without building text.
  return x === y || canonical(x) === canonical(y);
}

export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/**
 * A reference the file built from a bare conversation id (default service URL) matches the richer
 * one Teams stored for the same conversation; re-applying the file must not downgrade it.
 */
export function sameConversation(stored: unknown, wanted: unknown): boolean {
  if (sameJson(stored, wanted)) return true;
  const s = stored as { serviceUrl?: string; conversation?: { id?: string } } | null;
  const w = wanted as { serviceUrl?: string; conversation?: { id?: string } } | null;
  if (!s || !w || s.conversation?.id !== w.conversation?.id) return false;
  return w.serviceUrl === DEFAULT_TEAMS_SERVICE_URL || w.serviceUrl === s.serviceUrl;
}
