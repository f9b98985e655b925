// The language settings behind the reader's locale: a person's own and platform-reported tags,
// and the locales of their team and company (the later steps of the chain, core/i18n/whose.ts).
import type { DbClient } from "../context.js";

export interface LocaleChain {
  teamLocale: string | null;
  companyLocale: string | null;
}

export class LocaleRepository {
  constructor(private readonly db: DbClient) {}

  /** The locales of a person's first team (by id) and of their company. */
  async chainFor(person: { companyId: number | null; teamIds: number[] }): Promise<LocaleChain> {
    const teamId = [...person.teamIds].sort((a, b) => a - b)[0];
    const [team, company] = await Promise.all([
      teamId === undefined ? null : this.db.team.findUnique({ where: { id: teamId }, select: { locale: true } }),
      person.companyId === null
        ? null
        : this.db.company.findUnique({ where: { id: person.companyId }, select: { locale: true } }),
    ]);
    return { teamLocale: team?.locale ?? null, companyLocale: company?.locale ?? null };
  }

  /** The locales of the team bound to a Slack channel and of its company; null when none is bound. */
  async forSlackChannel(channelId: string): Promise<LocaleChain | null> {
    const team = await this.db.team.findFirst({
      where: { slackChannelId: channelId },
      orderBy: { id: "asc" },
      select: { locale: true, company: { select: { locale: true } } },
    });
    return team ? { teamLocale: team.locale ?? null, companyLocale: team.company?.locale ?? null } : null;
  }

  async forTeamSlug(slug: string): Promise<LocaleChain | null> {
    const team = await this.db.team.findUnique({
      where: { slug },
      select: { locale: true, company: { select: { locale: true } } },
    });
    return team ? { teamLocale: team.locale ?? null, companyLocale: team.company?.locale ?? null } : null;
  }

  async setOwn(personId: number, locale: string | null): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { locale } });
  }

  async setPlatform(personId: number, platformLocale: string): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { platformLocale } });
  }
}
