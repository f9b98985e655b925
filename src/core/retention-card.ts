// The retention report's card, decided once (pure): title, scope line, sections of facts and notes,
// and the text form (notification fallback and `nps-loop retention`). src/slack/views/retention.ts
// and src/teams/cards/retention-card.ts only convert it. Words come from core/messages/retention,
// in the reader's locale.
import type { CardFact, CardLine, OutsidePart } from "./card-parts.js";
import { type Locale, SOURCE_LOCALE } from "./i18n/index.js";
import { type RetentionWords, retentionWords } from "./messages/retention.js";
import { localDate } from "./periods.js";
import type { RetentionReport } from "./retention.js";

export interface RetentionSection {
  label: string;
  facts: CardFact[];
}

export interface RetentionCard {
  title: CardLine;
  scope: CardLine;
  /** Why there are no figures (no customers answered); null when there are. */
  absent: string | null;
  sections: RetentionSection[];
  notes: string[];
  fallback: string;
}

const outside = (text: string, max = 120): OutsidePart => ({ outside: text, mask: false, max });

export function buildRetentionCard(r: RetentionReport, locale: Locale = SOURCE_LOCALE): RetentionCard {
  const T = retentionWords(locale);
  const m = r.minSample;
  const last = new Date(r.period.to.getTime() - 1);
  const dates = T.dates(
    localDate(r.period.from, r.period.timeZone),
    localDate(last, r.period.timeZone),
    r.period.timeZone,
  );
  const sections: RetentionSection[] = [];
  const notes: string[] = [];
  const absent = r.overall.customers === 0 ? T.noCustomers : null;
  if (!absent) {
    sections.push({
      label: T.within(r.withinDays),
      facts: [{ label: T.overall, value: [T.rate(r.overall, m)] }],
    });
    sections.push({
      label: T.byAnswer,
      facts: [
        { label: T.promoters, value: [T.rate(r.byCategory.promoters, m)] },
        { label: T.passives, value: [T.rate(r.byCategory.passives, m)] },
        { label: T.detractors, value: [T.rate(r.byCategory.detractors, m)] },
      ],
    });
    const loop = r.detractorLoop;
    const breakdown = T.breakdown(loop.notClosedBreakdown);
    sections.push({
      label: T.loopSection,
      facts: [
        { label: T.closedLoop, value: [T.rate(loop.closed, m)] },
        { label: T.notClosed, value: [T.rate(loop.notClosed, m), ...(breakdown ? [T.aside(breakdown)] : [])] },
        { label: T.loopTest, value: [T.test(loop.test, m)] },
      ],
    });
    if (r.incomplete > 0) notes.push(T.incomplete(r.incomplete, r.overall.customers, r.withinDays));
  }
  sections.push({
    label: T.yearSection,
    facts: r.programme.length
      ? r.programme.map((g) => ({
          label: g.inProgramme ? T.programme : T.nonProgramme,
          value: [T.yearRow(g.companies, g.current, g.yearBefore, g.test, m)],
        }))
      : [{ label: T.programme, value: [T.noYearBefore] }],
  });
  notes.push(T.horizonNote, T.tooFewNote(m));
  const card: Omit<RetentionCard, "fallback"> = {
    title: [T.title, outside(r.scope.name)],
    scope: [`${T.kind(r.scope.kind)} `, outside(r.scope.slug), " · ", outside(r.period.label), " · ", dates],
    absent,
    sections,
    notes,
  };
  return { ...card, fallback: retentionText(r, card, dates, T) };
}

/** The report as plain text (the CLI prints it; chats use it as the notification fallback). */
function retentionText(
  r: RetentionReport,
  card: Omit<RetentionCard, "fallback">,
  dates: string,
  T: RetentionWords,
): string {
  const lines = [T.fallbackHeader(r.scope.name, r.scope.kind, r.scope.slug), T.fallbackPeriod(r.period.label, dates)];
  if (card.absent) lines.push(card.absent);
  for (const s of card.sections) {
    lines.push(`${s.label}${T.colon.trimEnd()}`);
    for (const f of s.facts) lines.push(`  ${f.label}${T.colon}${plain(f.value)}`);
  }
  lines.push(...card.notes);
  return lines.join("\n");
}

function plain(line: CardLine): string {
  return line
    .map((p) =>
      typeof p === "string"
        ? p
        : "outside" in p
          ? (p.outside ?? "")
          : "em" in p
            ? p.em
            : "strong" in p
              ? p.strong
              : "date" in p
                ? p.date.toISOString()
                : p.person,
    )
    .join("");
}
