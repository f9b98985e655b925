// Builds the platform-neutral card view of a case from its record and the clock (pure).
import { availableActions } from "./case-machine.js";
import { channelLocale, type Locale, SOURCE_LOCALE, t } from "./i18n/index.js";
import { maskEmail, maskPhone } from "./text-safety.js";
import type { CaseDetail } from "./types.js";
import { type CaseCardView, categorize } from "./views.js";

/**
 * The card view of a case. Its words are in the team channel's language (team, company, then
 * `defaultLocale`), unless `locale` names the reader's (a DM, a form, App Home).
 */
export function buildCaseCardView(
  c: CaseDetail,
  now: Date,
  rootCauses: string[],
  defaultLocale?: string,
  locale?: Locale,
): CaseCardView {
  const L = locale ?? channelLocale(c.team, c.company, defaultLocale);
  const dur = (ms: number) => formatDuration(ms, L);
  const r = c.response;
  const erased = r.erasedAt !== null;
  const overdue = c.status !== "resolved" && now.getTime() > c.dueAt.getTime();
  return {
    caseId: c.id,
    status: c.status,
    score: r.score,
    category: categorize(r.score),
    comment: erased ? null : r.comment,
    touchpoint: r.touchpoint,
    staffName: c.staff?.name ?? null,
    customerLabel: erased ? t(L, "customer.erased") : customerLabel(c),
    teamName: c.team?.name ?? null,
    companyName: c.company?.name ?? null,
    respondedAt: r.respondedAt,
    ageText: t(L, "time.ago", { d: dur(now.getTime() - r.respondedAt.getTime()) }),
    dueAt: c.dueAt,
    dueText:
      c.status === "resolved"
        ? t(L, "time.closed")
        : overdue
          ? t(L, "time.overdueBy", { d: dur(now.getTime() - c.dueAt.getTime()) })
          : t(L, "time.dueIn", { d: dur(c.dueAt.getTime() - now.getTime()) }),
    overdue,
    ownerName: c.owner?.name ?? null,
    ownerPlatformId: c.owner?.slackUserId ?? null,
    ownerId: c.ownerId,
    outcome: c.outcome,
    rootCause: c.rootCause,
    outerLoop: c.outerLoop,
    note: c.note,
    noteCount: c.noteCount,
    erased,
    actions: availableActions(c.status),
    rootCauses,
    locale: L,
  };
}

/** Customer reference for channel posts: id, initials and masked contacts, never raw contacts. */
export function customerLabel(c: Pick<CaseDetail, "response">): string | null {
  const r = c.response;
  const parts: string[] = [];
  if (r.customerRef) parts.push(r.customerRef);
  if (r.customerName) {
    const initials = r.customerName
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => `${Array.from(w)[0]?.toUpperCase()}.`)
      .join(" ");
    if (initials) parts.push(initials);
  }
  if (r.customerEmail) parts.push(maskEmail(r.customerEmail));
  if (r.customerPhone) parts.push(maskPhone(r.customerPhone));
  return parts.length ? parts.join(" · ") : null;
}

/** "45 min", "3 h", "2 d 4 h". */
export function formatDuration(ms: number, locale: Locale = SOURCE_LOCALE): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return t(locale, "duration.minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(locale, "duration.hours", { n: hours });
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? t(locale, "duration.daysHours", { d: days, h: rest }) : t(locale, "duration.days", { d: days });
}
