// Weekly director digests (run every few minutes by the director-digest job): Monday 08:00 in each
// director's own time zone, the last four whole weeks of their company (by team), or of every
// company for client-side directors. Keyed per director and local ISO week: once a week at most.
import { platformsForPerson } from "../chat/targets.js";
import { formatDay, t } from "../core/i18n/index.js";
import { type DigestCompany, directorDigest } from "../core/messages/director-digest.js";
import { digestImpactLines } from "../core/messages/impact.js";
import { localDate } from "../core/periods.js";
import { dueWeekly, lastWholeWeeks, nextWeekly, safeZone, type WeeklySpec } from "../core/schedule.js";
import type { ChatPlatform, CompanyRecord, PersonRecord } from "../core/types.js";
import { ScheduleScanRepository } from "../db/repositories/jobs.js";
import { OrgRepository } from "../db/repositories/org.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import { OutboxDeliveryRepository } from "../db/repositories/outbox-delivery.js";
import type { CoreDeps } from "../deps.js";
import { digestChart } from "./digest-chart.js";
import { createImpactService } from "./impact.js";
import { createLanguageService } from "./language.js";
import { createQueryService } from "./queries.js";

export const DIGEST_WEEKS = 4;
export const DIGEST_GRACE_MS = 12 * 3_600_000;

export interface DigestCounts {
  [key: string]: number;
  due: number;
  enqueued: number;
  alreadySent: number;
  unreachable: number;
}

export type DigestService = ReturnType<typeof createDigestService>;

export function digestSpec(person: PersonRecord): WeeklySpec {
  return { weekday: 1, time: "08:00", timeZone: safeZone(person.timeZone) };
}

export function createDigestService(deps: CoreDeps) {
  const scan = () => new ScheduleScanRepository(deps.db.client);
  const org = () => new OrgRepository(deps.db.client);

  async function companyDigest(company: CompanyRecord, spec: string, zone: string, withTeams: boolean, at: Date) {
    const queries = createQueryService({ db: deps.db, clock: { now: () => at }, config: deps.config });
    const range = lastWholeWeeks(at, zone, DIGEST_WEEKS);
    const report = await queries.report({ kind: "company", id: company.id }, spec, { timeZone: zone });
    const teams = withTeams ? await org().listTeams({ companyId: company.id }) : [];
    const teamRows: DigestCompany["teams"] = [];
    for (const t of teams) {
      teamRows.push({
        name: t.name,
        report: await queries.report({ kind: "team", id: t.id }, spec, { timeZone: zone, comparison: false }),
      });
    }
    const outerLoop = await scan().outerLoopIssues(company.id, range.from, range.to);
    return { name: company.name, report, teams: teamRows, outerLoop };
  }

  async function build(director: PersonRecord, at: Date, platform: ChatPlatform = deps.platforms[0] ?? "slack") {
    const zone = safeZone(director.timeZone);
    const range = lastWholeWeeks(at, zone, DIGEST_WEEKS);
    const from = localDate(range.from, zone);
    const to = localDate(new Date(range.to.getTime() - 1), zone);
    const spec = `${from}..${to}`;
    const companies =
      director.companyId !== null
        ? [await org().companyById(director.companyId)].filter((c): c is CompanyRecord => c !== null)
        : await org().listCompanies();
    const single = companies.length === 1;
    const rows: DigestCompany[] = [];
    for (const c of companies) rows.push(await companyDigest(c, spec, zone, single, at));
    // In the director's own language: their choice, their platform's, their team's, their company's.
    const locale = await createLanguageService(deps).localeOf(director);
    const periodLabel = t(locale, "digest.period", { from: formatDay(locale, from), to: formatDay(locale, to) });
    const digest = directorDigest({ directorName: director.name, periodLabel, companies: rows, locale });
    // A short impact section: the programme's effect as this director may see it.
    const impact = await createImpactService({ db: deps.db, clock: { now: () => at }, config: deps.config }).impact(
      director,
      { area: null, window: null },
    );
    const impactLines = impact.ok ? digestImpactLines(impact.view) : [];
    if (impactLines.length) digest.blocks.push({ type: "context", text: impactLines.join("\n") });
    // The company's weekly trend as a picture, under the heading (the words stay as they are).
    const chart = await digestChart(deps, director, companies, digest, platform, at);
    if (chart) digest.blocks.splice(digest.blocks[0]?.type === "header" ? 1 : 0, 0, chart);
    return digest;
  }

  async function sendDue(at: Date): Promise<DigestCounts> {
    const counts: DigestCounts = { due: 0, enqueued: 0, alreadySent: 0, unreachable: 0 };
    const directors = await scan().activePeople(["director"]);
    const due = directors.flatMap((d) => {
      const slot = dueWeekly(digestSpec(d), at, DIGEST_GRACE_MS);
      return slot ? [{ director: d, key: `director-digest:${d.id}:${slot.key}` }] : [];
    });
    counts.due = due.length;
    const existing = await new OutboxDeliveryRepository(deps.db.client).existingDedupeKeys(due.map((d) => d.key));
    const outbox = new OutboxRepository(deps.db.client);
    for (const { director, key } of due) {
      if (existing.has(key)) {
        counts.alreadySent++;
        continue;
      }
      const platform = platformsForPerson(director, deps.platforms)[0];
      if (!platform) {
        counts.unreachable++;
        continue;
      }
      const message = await build(director, at, platform);
      const added = await outbox.enqueue(
        [{ platform, payload: { kind: "dm", personId: director.id, message }, dedupeKey: key }],
        at,
      );
      if (added) {
        counts.enqueued++;
        deps.outboxKick();
      } else counts.alreadySent++;
    }
    return counts;
  }

  async function nextSlot(after: Date): Promise<{ at: Date; what: string } | null> {
    let best: { at: Date; local: string; n: number } | null = null;
    for (const d of await scan().activePeople(["director"])) {
      const o = nextWeekly(digestSpec(d), after);
      if (!best || o.at < best.at) best = { at: o.at, local: o.local, n: 1 };
      else if (o.at.getTime() === best.at.getTime()) best.n++;
    }
    return best ? { at: best.at, what: `${best.n} director digest(s), ${best.local}` } : null;
  }

  return { sendDue, nextSlot, build };
}
