// Checks a card JSON with Microsoft's own Adaptive Cards library at version 1.5: parse events,
// property validation, and a round trip (the library drops what it does not know, so a property
// lost on the way back is a misspelled or unsupported one).
import { createRequire } from "node:module";
import type * as AC from "adaptivecards";

// The package's ES build imports extensionless paths, which Node refuses; its UMD bundle loads.
const adaptive = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as typeof AC;

export interface CardProblems {
  parse: string[];
  validation: string[];
  lostOnRoundTrip: string[];
}

export function checkAdaptiveCard(json: unknown): CardProblems {
  const card = new adaptive.AdaptiveCard();
  const context = new adaptive.SerializationContext(adaptive.Versions.v1_5);
  card.parse(json, context);
  const parse: string[] = [];
  for (let i = 0; i < context.eventCount; i++) parse.push(context.getEventAt(i).message);
  const validation = card.validateProperties().validationEvents.map((e) => e.message);
  const back = card.toJSON(context) as Record<string, unknown>;
  return { parse, validation, lostOnRoundTrip: missingPaths(json, back, "") };
}

/** Paths present in `a` but missing from `b` (values compared loosely: numbers and strings). */
function missingPaths(a: unknown, b: unknown, at: string): string[] {
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return [at || "(root)"];
    return a.flatMap((x, i) => missingPaths(x, b[i], `${at}[${i}]`));
  }
  if (a && typeof a === "object") {
    if (!b || typeof b !== "object") return [at || "(root)"];
    return Object.entries(a as Record<string, unknown>).flatMap(([k, v]) =>
      k in (b as Record<string, unknown>)
        ? missingPaths(v, (b as Record<string, unknown>)[k], `${at}.${k}`)
        : // The library omits values equal to its defaults.
          isDefault(k, v)
          ? []
          : [`${at}.${k}`],
    );
  }
  return String(a) === String(b) ? [] : [`${at} (${String(a)} became ${String(b)})`];
}

const DEFAULTS: Record<string, unknown[]> = {
  wrap: [false],
  isSubtle: [false],
  separator: [false],
  style: ["default", "Default"],
  isRequired: [false],
  isMultiline: [false],
};

function isDefault(key: string, value: unknown): boolean {
  return DEFAULTS[key]?.includes(value) ?? false;
}

export function utf8Bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}
