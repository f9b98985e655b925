// The fonts charts are drawn with, from npm packages (a fresh server may have no fonts at all, and
// resvg draws no text without one): DejaVu Sans for Latin, Greek and Cyrillic; Noto Sans HK for
// Chinese (Traditional, Hong Kong), loaded only for zh locales since it is 7 MB to parse per render.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const LATIN_FONT = { family: "DejaVu Sans", file: require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf") };
export const CJK_FONT = {
  family: "Noto Sans HK",
  file: require.resolve("@expo-google-fonts/noto-sans-hk/400Regular/NotoSansHK_400Regular.ttf"),
};

/** The font family list for the spec and the files resvg loads, for a reader's locale. */
export function fontsFor(locale: string): { family: string; files: string[] } {
  if (/^(zh|ja|ko)\b/i.test(locale)) {
    // Noto Sans HK carries Latin glyphs too; DejaVu stays as the fallback for anything it lacks.
    return { family: `${CJK_FONT.family}, ${LATIN_FONT.family}`, files: [CJK_FONT.file, LATIN_FONT.file] };
  }
  return { family: LATIN_FONT.family, files: [LATIN_FONT.file] };
}
