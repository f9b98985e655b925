// Text the database cannot store: PostgreSQL refuses a NUL character (U+0000) in text and jsonb,
// and a lone UTF-16 surrogate (half of a pair) is not Unicode at all, so it cannot be encoded as
// UTF-8. One rule for every entry point (webhook items, survey adapters, CSV rows, Slack and Teams
// input, the org file): find such characters anywhere in a string or a JSON value, then either
// refuse the item naming the field (identifiers: changing them would silently make another id) or
// clean the text (free text: each bad character becomes U+FFFD, the visible "replacement
// character", so the customer's words are kept and nobody is misled into thinking nothing was there).

export type UnstorableKind = "nul" | "lone_surrogate";

export interface UnstorableText {
  /** Where in the value: "comment", "customer.name", "attributes.branch", "items[2]" ("" for the value itself). */
  path: string;
  /** The same place as keys and indexes, e.g. ["people", 3, "name"]. */
  segments: (string | number)[];
  kind: UnstorableKind;
  /** True when the bad character is in an object key, not a value. */
  inKey: boolean;
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_G = new RegExp(`\u0000|${LONE_SURROGATE.source}`, "g");

export const REPLACEMENT_CHARACTER = "\uFFFD";

/** What is wrong with a string, or null when PostgreSQL can store it as is. */
export function unstorableKind(s: string): UnstorableKind | null {
  if (s.includes("\u0000")) return "nul";
  return LONE_SURROGATE.test(s) ? "lone_surrogate" : null;
}

/** The string with every NUL and lone surrogate replaced by U+FFFD (the same string when clean). */
export function cleanText(s: string): string {
  return unstorableKind(s) === null ? s : s.replace(UNSTORABLE_G, REPLACEMENT_CHARACTER);
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Every unstorable string in a JSON-like value (deep), keys included, in document order. */
export function findUnstorable(value: unknown, path = ""): UnstorableText[] {
  const out: UnstorableText[] = [];
  const walk = (v: unknown, at: string, segments: (string | number)[]) => {
    if (segments.length > 64) return;
    if (typeof v === "string") {
      const kind = unstorableKind(v);
      if (kind) out.push({ path: at, segments, kind, inKey: false });
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, join(at, i), [...segments, i]);
    } else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const kind = unstorableKind(k);
        if (kind) out.push({ path: join(at, k), segments: [...segments, k], kind, inKey: true });
        walk(x, join(at, k), [...segments, k]);
      }
    }
  };
  walk(value, path, []);
  return out;
}

/** A copy of a JSON-like value with every string (keys too) cleaned by cleanText. */
export function cleanDeep<T>(value: T): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return cleanText(v);
    if (depth > 64 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanText(k), walk(x, depth + 1)]));
  };
  return walk(value, 0) as T;
}

/**
 * Cleans the strings of a parsed request body where they are (for frameworks that hand out
 * references into the same body, e.g. Bolt's `command`, `view`, `action`). Keys are left alone.
 */
export function cleanInPlace(value: unknown, depth = 0): void {
  if (depth > 64 || value === null || typeof value !== "object") return;
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((x, i) => [i, x])
    : Object.entries(value as Record<string, unknown>);
  for (const [k, v] of entries) {
    if (typeof v === "string") {
      const clean = cleanText(v);
      if (clean !== v) (value as Record<string | number, unknown>)[k] = clean;
    } else cleanInPlace(v, depth + 1);
  }
}

/** "contains a NUL character (U+0000)" or "contains a lone UTF-16 surrogate", for error messages. */
export function describeUnstorable(kind: UnstorableKind): string {
  return kind === "nul"
    ? "contains a NUL character (U+0000), which cannot be stored"
    : "contains a lone UTF-16 surrogate (half of a character pair), which is not valid Unicode text";
}
