// `/nps <team|company|me|@person> [period]`: the access service decides whose report it is (or
// answers with what the asker may see), the query service builds it; this only renders for Slack.
import type { CardFact } from "../../core/card-parts.js";
import { isAppError } from "../../core/errors.js";
import { type Locale, SOURCE_LOCALE, t } from "../../core/i18n/index.js";
import { type AnswerStyle, notVisibleText, reportNoteText, whichReportText } from "../../core/messages/access.js";
import { personCoachingFact } from "../../core/messages/impact.js";
import { DEFAULT_PERIOD, PERIOD_FORMS } from "../../core/periods.js";
import { type ReportSubject, subjectName } from "../../core/report-access.js";
import type { PersonRecord } from "../../core/types.js";
import { type ReportAsk, subjectTarget } from "../../services/access.js";
import { SLACK_STYLE } from "../answer-style.js";
import type { SlackDeps } from "../context.js";
import { type SlackMessage, serviceText } from "../views/blocks.js";
import { buildReportMessage, type ReportShareValue } from "../views/report.js";

export type ReportAnswer = { ok: true; message: SlackMessage; subjectName: string } | { ok: false; text: string };

export const UNKNOWN_PERSON_TEXT =
  "I don't know you yet: your Slack account is not linked to anyone in NPS Loop. Ask an admin to add your Slack user id to the org file.";

/** UNKNOWN_PERSON_TEXT in the asker's language (Slack's reported locale, else the default). */
export function unknownPersonText(locale: Locale): string {
  return t(locale, "slack.unknownPerson");
}

export async function answerReport(
  deps: SlackDeps,
  viewer: PersonRecord | null,
  ask: ReportAsk,
  period: string | null,
  opts: { shareable: boolean; sharedBy?: string; locale?: Locale },
): Promise<ReportAnswer> {
  const L = opts.locale ?? SOURCE_LOCALE;
  if (!viewer?.active) return { ok: false, text: unknownPersonText(L) };
  const choice = await deps.access.chooseReport(viewer, ask);
  if (!choice.ok) {
    return {
      ok: false,
      text:
        choice.reason === "which"
          ? whichReportText(choice.visible, SLACK_STYLE, L)
          : notVisibleText(choice, SLACK_STYLE, L),
    };
  }
  const subject = choice.subject;
  const spec = period ?? DEFAULT_PERIOD;
  try {
    const view = { ...(await deps.queries.report(subjectTarget(subject), spec)), locale: opts.locale };
    const share: ReportShareValue | undefined = opts.shareable
      ? { kind: view.scope.kind, slug: shareSlug(subject), period: spec }
      : undefined;
    return {
      ok: true,
      subjectName: subjectName(subject),
      message: buildReportMessage(view, {
        ...(share ? { share } : {}),
        ...(opts.sharedBy ? { sharedBy: opts.sharedBy } : {}),
        ...(choice.note ? { note: reportNoteText(choice.note, PLAIN_NOTE_STYLE, L) } : {}),
        extraFacts: await personFacts(deps, subject, opts.locale),
      }),
    };
  } catch (err) {
    if (isAppError(err, "PERIOD_INVALID")) {
      return {
        ok: false,
        text: `${serviceText(err.userMessage)}\nPeriods I understand:\n${PERIOD_FORMS.map((f) => `• ${f}`).join("\n")}`,
      };
    }
    throw err;
  }
}

/** A person's coaching effect, for the manager's (or their own) view of them. */
async function personFacts(deps: SlackDeps, s: ReportSubject, locale?: Locale): Promise<CardFact[]> {
  if (s.kind !== "person") return [];
  const effect = await deps.services.coachingEffect.forPerson(s.person);
  if (!effect) return [];
  const f = personCoachingFact(effect, locale);
  return [{ label: f.label, value: [f.value] }];
}

/** The report builder escapes its note itself: give it the words without Slack markup. */
const PLAIN_NOTE_STYLE: AnswerStyle = {
  quote: (t) => `"${t}"`,
  code: (t) => t,
  command: (a) => `/nps ${a}`,
  strong: (t) => t,
};

/** Shared reports are rebuilt from the share button; people travel as their Slack id. */
function shareSlug(s: ReportSubject): string {
  return s.kind === "team"
    ? s.team.slug
    : s.kind === "company"
      ? s.company.slug
      : (s.person.slackUserId ?? `#${s.person.id}`);
}

export function askFromShare(v: ReportShareValue): ReportAsk {
  if (v.kind === "person") return v.slug.startsWith("#") ? { by: "self" } : { by: "slack_user", userId: v.slug };
  return { by: "slug", slug: v.slug, as: v.kind };
}
