// Which of our locales a reader gets (pure). Tags come from org files, Slack (`users.info`
// locale, e.g. "es-ES"), Teams (activity.locale, e.g. "zh-HK") and LANG ("es_ES.UTF-8"); any of
// them may be malformed or unsupported, and none may ever fail: each falls along the chain
// exact tag -> its Chinese script variant -> its language -> the next candidate -> the default.

/** Locales shipped complete (a test checks every key in each); `en` is the source. */
export const SUPPORTED_LOCALES = ["en", "es", "zh-Hant-HK"] as const;
/** Accented, ~40% longer English for layout tests (core/i18n/pseudo.ts); chosen only by its exact tag. */
export const PSEUDO_LOCALE = "en-XA" as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number] | typeof PSEUDO_LOCALE;
export const SOURCE_LOCALE: Locale = "en";

/** Each locale's name in its own language (what `/nps language` lists). */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "español",
  "zh-Hant-HK": "繁體中文（香港）",
  "en-XA": "[Éñglísh ~~~]",
};

const ALL_LOCALES: readonly Locale[] = [...SUPPORTED_LOCALES, PSEUDO_LOCALE];
const BY_LOWER = new Map<string, Locale>(ALL_LOCALES.map((l): [string, Locale] => [l.toLowerCase(), l]));

/** "es_ES.UTF-8" -> "es-ES"; "C"/"POSIX" and blanks -> null. */
function cleanTag(tag: string): string | null {
  const t = tag.trim().replace(/\..*$/, "").replace(/@.*$/, "").replace(/_/g, "-");
  if (!t || /^(c|posix)$/i.test(t)) return null;
  try {
    return Intl.getCanonicalLocales(t)[0] ?? null;
  } catch {
    return null;
  }
}

/** The supported locale closest to a tag, or null when none fits (es-MX -> es, zh-HK -> zh-Hant-HK). */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const clean = cleanTag(tag);
  if (!clean) return null;
  const exact = BY_LOWER.get(clean.toLowerCase());
  if (exact) return exact;
  let loc: Intl.Locale;
  try {
    loc = new Intl.Locale(clean).maximize();
  } catch {
    return null;
  }
  // Traditional Chinese (Hong Kong, Macau, Taiwan or just "Hant") reads our Hong Kong catalogue;
  // Simplified Chinese does not, and falls on along the chain.
  if (loc.language === "zh") return loc.script === "Hant" ? "zh-Hant-HK" : null;
  return BY_LOWER.get(loc.language) ?? null;
}

/** The first candidate that matches a supported locale, else the fallback (itself matched, else en). */
export function resolveLocale(candidates: readonly (string | null | undefined)[], fallback?: string | null): Locale {
  for (const c of candidates) {
    const m = matchLocale(c);
    if (m) return m;
  }
  return matchLocale(fallback) ?? SOURCE_LOCALE;
}

/** A valid BCP 47 tag (supported or not): what an org file or a command may set. */
export function isLanguageTag(tag: string): boolean {
  return cleanTag(tag) !== null;
}
