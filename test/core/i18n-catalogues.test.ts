// Every locale ships complete: the same keys as the source catalogue, the same placeholders (names
// and kinds), and every message parses as ICU MessageFormat. A translator who drops a key, adds one
// or renames {n} in a plural fails here with the locale and the key named.
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { CATALOGUES, SOURCE_LOCALE, SUPPORTED_LOCALES } from "../../src/core/i18n/index.js";

function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
    out.add(`${e.value}:${TYPE[e.type]}`);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      for (const opt of Object.values(e.options)) placeholders(opt.value, out);
    }
    if (e.type === TYPE.tag) placeholders(e.children, out);
  }
  return out;
}

const sig = (text: string) => [...placeholders(parse(text, { ignoreTag: true }))].sort();
const source = CATALOGUES[SOURCE_LOCALE];

describe("message catalogues", () => {
  for (const locale of SUPPORTED_LOCALES) {
    const cat = CATALOGUES[locale];
    it(`${locale}: no key missing, none extra`, () => {
      const missing = Object.keys(source).filter((k) => !(k in cat));
      const extra = Object.keys(cat).filter((k) => !(k in source));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${locale}: every message parses and has the source's placeholders`, () => {
      const wrong = Object.keys(source)
        .filter((k) => k in cat)
        .flatMap((k) => {
          try {
            const got = sig(cat[k] as string);
            const want = sig(source[k] as string);
            return JSON.stringify(got) === JSON.stringify(want) ? [] : [`${k}: ${got.join(",")} vs ${want.join(",")}`];
          } catch (e) {
            return [`${k}: does not parse (${(e as Error).message})`];
          }
        });
      expect(wrong).toEqual([]);
    });

    it(`${locale}: every message is translated text, never blank`, () => {
      expect(Object.entries(cat).filter(([, v]) => typeof v !== "string" || !v.trim())).toEqual([]);
    });
  }

  it("the check itself sees a renamed placeholder and a dropped plural", () => {
    expect(sig("{n, plural, one {# note} other {# notes}}")).not.toEqual(sig("{count, plural, other {#}}"));
    expect(sig("Case #{id}")).not.toEqual(sig("Case #{case}"));
    expect(sig("{n} h")).not.toEqual(sig("{n, number} h"));
  });
});
