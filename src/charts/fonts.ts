// The fonts charts are drawn with, from npm packages (a fresh server may have no fonts at all, and
// resvg draws no text without one): DejaVu Sans for Latin, Greek and Cyrillic; Noto Sans HK for
// Chinese (Traditional, Hong Kong) and other CJK locales.
//
// Noto Sans HK is 7 MB, and resvg re-reads a font's tables for every piece of text: a chart drawn with
// it took seconds. So a CJK chart gets a subset of it holding only the characters the chart uses
// (harfbuzz's hb-subset, compiled to WebAssembly inside the subset-font package: tens of KB, made in
// tens of ms), kept in a temporary folder and reused for the same characters. subset-font is loaded
// with the first CJK chart: its WOFF2 converter (wawoff2) reserves 32 MB of WebAssembly memory.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);

export const LATIN_FONT = { family: "DejaVu Sans", file: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf") };
export const CJK_FONT = {
  family: "Noto Sans HK",
  file: require.resolve("@expo-google-fonts/noto-sans-hk/400Regular/NotoSansHK_400Regular.ttf"),
};

/** Subsets kept at once (each a few tens of KB); charts in one language share most characters. */
const MAX_SUBSETS = 64;

export function isCjkLocale(locale: string): boolean {
  return /^(zh|ja|ko)\b/i.test(locale);
}

/** The font family list for the spec's text, for a reader's locale. */
export function fontFamilyFor(locale: string): string {
  // Noto Sans HK carries Latin glyphs too; DejaVu stays as the fallback for anything it lacks.
  return isCjkLocale(locale) ? `${CJK_FONT.family}, ${LATIN_FONT.family}` : LATIN_FONT.family;
}

let subsetDir: string | null = null;
let cjkBytes: Buffer | null = null;
const subsets = new Map<string, Promise<string>>();

/** The font files resvg loads for this SVG: DejaVu, plus a CJK subset with the SVG's characters. */
export async function fontFilesFor(locale: string, svg: string): Promise<string[]> {
  if (!isCjkLocale(locale)) return [LATIN_FONT.file];
  const chars = [...new Set(svg.replace(/<[^>]*>/g, ""))].sort().join("");
  const key = createHash("sha256").update(chars).digest("hex").slice(0, 24);
  let file = subsets.get(key);
  if (!file) {
    if (subsets.size >= MAX_SUBSETS) subsets.delete(subsets.keys().next().value!);
    file = makeSubset(key, chars).catch(() => {
      // A font that cannot be cut is still a font: draw with the whole of it (slower, same picture).
      subsets.delete(key);
      return CJK_FONT.file;
    });
    subsets.set(key, file);
  }
  return [await file, LATIN_FONT.file];
}

async function makeSubset(key: string, chars: string): Promise<string> {
  cjkBytes ??= readFileSync(CJK_FONT.file);
  subsetDir ??= mkdtempSync(path.join(os.tmpdir(), "nps-loop-chart-fonts-"));
  const file = path.join(subsetDir, `${key}.ttf`);
  const { default: subsetFont } = await import("subset-font");
  writeFileSync(file, await subsetFont(cjkBytes, chars, { targetFormat: "truetype" }));
  return file;
}
