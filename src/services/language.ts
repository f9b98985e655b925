// Whose language an answer is in, and a person's own choice (`/nps language es`, Teams `language es`).
// The chain itself is pure (core/i18n/whose.ts); this looks up the team's and company's locales only
// when the person's own and platform tags do not settle it, and remembers what a platform reports.
import {
  channelLocale,
  isLanguageTag,
  LANGUAGE_NAMES,
  type Locale,
  matchLocale,
  readerLocale,
  SUPPORTED_LOCALES,
  t,
} from "../core/i18n/index.js";
import type { PersonRecord } from "../core/types.js";
import { LocaleRepository } from "../db/repositories/locale.js";
import type { CoreDeps } from "../deps.js";

export type LanguageService = ReturnType<typeof createLanguageService>;

export function createLanguageService(deps: Pick<CoreDeps, "db" | "config" | "log">) {
  const repo = () => new LocaleRepository(deps.db.client);
  const fallback = () => deps.config.DEFAULT_LOCALE;

  /** The reader's locale: own, platform's, team's, company's, DEFAULT_LOCALE. */
  async function localeOf(person: PersonRecord | null, platformTag?: string | null): Promise<Locale> {
    const own = matchLocale(person?.locale) ?? matchLocale(person?.platformLocale) ?? matchLocale(platformTag);
    if (own || !person) return own ?? readerLocale(null, null, null, fallback());
    const chain = await repo().chainFor(person);
    return readerLocale(person, { locale: chain.teamLocale }, { locale: chain.companyLocale }, fallback());
  }

  /**
   * Remembers the tag a platform reported (Slack users.info, Teams activity.locale) when it changed.
   * Never fails the caller: a lost write only means asking again next time.
   */
  async function remember(person: PersonRecord | null, platformTag: string | null | undefined): Promise<void> {
    if (!person || !platformTag || !isLanguageTag(platformTag) || person.platformLocale === platformTag) return;
    try {
      await repo().setPlatform(person.id, platformTag);
      person.platformLocale = platformTag;
    } catch (err) {
      deps.log.warn({ err, personId: person.id }, "could not remember the platform locale");
    }
  }

  /** `/nps language [tag]`: shows or sets the person's own language; answers in the resulting one. */
  async function choose(person: PersonRecord, tag: string | null, command: string): Promise<string> {
    const current = await localeOf(person);
    const list = SUPPORTED_LOCALES.map((l) => `${l} (${LANGUAGE_NAMES[l]})`).join(", ");
    if (!tag) return t(current, "language.current", { name: LANGUAGE_NAMES[current], command, list });
    const chosen = matchLocale(tag);
    if (!chosen) return t(current, "language.unknown", { tag, list });
    await repo().setOwn(person.id, chosen);
    person.locale = chosen;
    return t(chosen, "language.set", { name: LANGUAGE_NAMES[chosen] });
  }

  /** The language of a Slack channel: its team's, else the company's; null when no team is bound to it. */
  async function localeOfSlackChannel(channelId: string): Promise<Locale | null> {
    const chain = await repo().forSlackChannel(channelId);
    return chain ? channelLocale({ locale: chain.teamLocale }, { locale: chain.companyLocale }, fallback()) : null;
  }

  /** The language of a team's channel (Teams or Slack): the team's, else the company's, else the default. */
  async function localeOfTeam(slug: string): Promise<Locale> {
    const chain = await repo().forTeamSlug(slug);
    return channelLocale({ locale: chain?.teamLocale ?? null }, { locale: chain?.companyLocale ?? null }, fallback());
  }

  return { localeOf, localeOfSlackChannel, localeOfTeam, remember, choose };
}
