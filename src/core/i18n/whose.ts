// Whose language a message is in (pure). A reader's: their own choice (org file or `/nps language`),
// else what their chat platform reports (remembered), else their team's, else their company's,
// else DEFAULT_LOCALE. A card in a team channel: the team's, else the company's, else the default.
// Each step matches loosely (es-MX -> es) and an unknown tag just passes to the next.
import { type Locale, resolveLocale } from "./locales.js";

interface HasLocale {
  locale?: string | null;
}

/** The reader's language. */
export function readerLocale(
  person: (HasLocale & { platformLocale?: string | null }) | null | undefined,
  team: HasLocale | null | undefined,
  company: HasLocale | null | undefined,
  fallback: string | null | undefined,
): Locale {
  return resolveLocale([person?.locale, person?.platformLocale, team?.locale, company?.locale], fallback);
}

/** The language of a team channel's cards. */
export function channelLocale(
  team: HasLocale | null | undefined,
  company: HasLocale | null | undefined,
  fallback: string | null | undefined,
): Locale {
  return resolveLocale([team?.locale, company?.locale], fallback);
}
