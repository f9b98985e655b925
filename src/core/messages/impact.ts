// Every word of the impact and coaching-effect reports, in one module (pure): the chat message
// (neutral blocks that Slack and Teams both convert), the text form (CLI, fallbacks), the line in
// the manager's view of a person, the director digest's section, and the refusals. The words are
// the catalogues' (impact.*, coachingEffect.*), in the reader's locale; English is the default.
import type { CoachingEffect, CoachingEffectLine, CoachingEffectView } from "../coaching-effect.js";
import { type Locale, SOURCE_LOCALE, t } from "../i18n/index.js";
import type { CellFigure, EffectLine, NotMeasuredReason, RelativeFigure } from "../impact.js";
import type { ImpactView } from "../impact-report.js";
import { localDate } from "../periods.js";
import { bold, type MessageBlock, type MessageView, type RichText } from "../views.js";
import type { AnswerStyle } from "./access.js";
import { num, signed } from "./format.js";
import { signedPercent } from "./percent.js";

/** At most this many company, team or comparison lines in a chat message (the CLI shows all). */
const MAX_LINES = 12;
/** And at most this many characters of them: a platform cuts a longer section mid-line (Slack: 3000). */
const MAX_SECTION_CHARS = 2600;

// ---- refusals and input problems -------------------------------------------------------------

export function windowProblemText(spec: string, min: number, max: number, L: Locale = SOURCE_LOCALE): string {
  return t(L, "impact.windowProblem", { spec, min, max });
}

export function impactNotAllowedText(style: AnswerStyle, L: Locale = SOURCE_LOCALE): string {
  return t(L, "impact.notAllowed", { me: style.command("me") });
}

export function unknownAreaText(area: string, areas: string[], style: AnswerStyle, L: Locale = SOURCE_LOCALE): string {
  return areas.length
    ? t(L, "impact.unknownArea", { area: style.quote(area), areas: areas.map((a) => style.code(a)).join(listSep(L)) })
    : t(L, "impact.unknownAreaNone", { area: style.quote(area) });
}

export function unknownTeamOrCompanyText(target: string, L: Locale = SOURCE_LOCALE): string {
  return t(L, "impact.unknownTarget", { target });
}

/** ", " or "、": how the locale separates the items of a list. */
export function listSep(L: Locale): string {
  return t(L, "list.separator");
}

/** Sentences one after the other: a space between them, none in Chinese. */
function sentences(L: Locale, parts: string[]): string {
  return parts.filter(Boolean).join(L.startsWith("zh") ? "" : " ");
}

/** ": " between a title and what follows, "：" in Chinese. */
function colon(L: Locale): string {
  return L.startsWith("zh") ? "：" : ": ";
}

// ---- shared wording --------------------------------------------------------------------------

function cell(f: CellFigure, L: Locale): string {
  return f.nps === null ? t(L, "impact.cellFew", { n: f.n }) : t(L, "impact.cell", { nps: signed(f.nps, L), n: f.n });
}

function groupLine(name: string, g: EffectLine["programme"], L: Locale): string {
  const v = { name, before: cell(g.before, L), after: cell(g.after, L) };
  return g.change === null
    ? t(L, "impact.groupLine", v)
    : t(L, "impact.groupLineChange", { ...v, change: signed(g.change, L) });
}

/** "+26 points (95% interval -42.2 to +94.2), not significant". */
export function effectText(l: EffectLine, minSample: number, L: Locale = SOURCE_LOCALE): string {
  if (!l.effect) return t(L, "impact.effectNone", { min: minSample });
  const e = l.effect;
  const verdict = t(L, e.significant ? "impact.significant" : "impact.notSignificant");
  return t(L, "impact.effect", { did: signed(e.did, L), low: signed(e.low, L), high: signed(e.high, L), verdict });
}

function shortLine(label: string, l: EffectLine, minSample: number, L: Locale, extra = ""): string {
  const p = l.programme;
  const c = l.comparison;
  return t(L, "impact.shortLine", {
    label,
    extra,
    effect: effectText(l, minSample, L),
    pb: cell(p.before, L),
    pa: cell(p.after, L),
    cb: cell(c.before, L),
    ca: cell(c.after, L),
  });
}

function relativeText(r: RelativeFigure, L: Locale): string[] {
  const pct = r.percent === null ? t(L, "impact.relativeUndefined") : signedPercent(L, r.percent);
  const lines = [
    t(L, "impact.relative", { programme: signed(r.programmeNps, L), comparison: signed(r.comparisonNps, L), pct }),
  ];
  if (r.nearZero) lines.push(t(L, "impact.nearZero"));
  return lines;
}

function notMeasured(reason: NotMeasuredReason, L: Locale): string {
  return t(L, `impact.notMeasured.${reason}`);
}

/** An anonymised company's label ("Comparison company A", made in core/impact-report) in the reader's words. */
function anon(v: ImpactView, label: string, L: Locale): string {
  const m = v.anonymised ? /^(Programme|Comparison) company ([A-Z]+)$/.exec(label) : null;
  if (!m) return label;
  return t(L, m[1] === "Programme" ? "impact.anonProgramme" : "impact.anonComparison", { letter: m[2]! });
}

function companies(n: number, L: Locale): string {
  return t(L, "impact.companies", { n });
}

// ---- impact ----------------------------------------------------------------------------------

export function impactTitle(v: ImpactView, L: Locale = SOURCE_LOCALE): string {
  return t(L, "impact.title", { area: v.area ?? t(L, "impact.allAreas") });
}

function impactMethod(v: ImpactView, L: Locale): string {
  return t(L, "impact.method", { days: v.windowDays });
}

function companyExtra(c: ImpactView["companies"][number], L: Locale): string {
  return t(L, "impact.companyExtra", { start: c.start, days: num(c.days, L) });
}

function comparisonLine(v: ImpactView, c: ImpactView["comparison"][number], L: Locale): string {
  return t(L, "impact.comparisonLine", {
    label: anon(v, c.label, L),
    before: cell(c.before, L),
    after: cell(c.after, L),
  });
}

export function impactMessage(v: ImpactView, L: Locale = SOURCE_LOCALE): MessageView {
  const title = impactTitle(v, L);
  const blocks: MessageBlock[] = [
    { type: "header", text: title },
    { type: "context", text: impactMethod(v, L) },
  ];
  if (v.programmeCompanies === 0) {
    blocks.push({ type: "text", text: noProgrammeText(v, L) });
    return { text: `${title}${colon(L)}${noProgrammeText(v, L)}`, blocks, answer: true };
  }
  const o = v.overall;
  const nps = t(L, "impact.nps");
  blocks.push(
    { type: "text", text: [bold(t(L, "impact.effectLabel")), { text: effectText(o, v.minSample, L) }] },
    {
      type: "fields",
      fields: [
        {
          label: t(L, "impact.programmeLabel", { companies: companies(v.programmeCompanies, L) }),
          value: groupLine(nps, o.programme, L),
        },
        {
          label: t(L, "impact.comparisonLabel", { companies: companies(v.comparisonCompanies, L) }),
          value: groupLine(nps, o.comparison, L),
        },
      ],
    },
  );
  if (v.relative) blocks.push({ type: "context", text: relativeText(v.relative, L).join("\n") });
  if (v.overlapping) blocks.push({ type: "context", text: t(L, "impact.overlap") });
  if (v.areas.length > 1) {
    const lines = v.areas.map((a) => shortLine(a.area, a.line, v.minSample, L));
    blocks.push({ type: "text", text: section(t(L, "impact.byArea"), lines, L) });
  }
  const byCompany = v.companies.map((c) => shortLine(anon(v, c.label, L), c.line, v.minSample, L, companyExtra(c, L)));
  blocks.push({ type: "text", text: section(t(L, "impact.byCompany"), byCompany, L) });
  if (v.teams.length) {
    const lines = v.teams.map((tm) => shortLine(tm.label, tm.line, v.minSample, L));
    blocks.push({ type: "text", text: section(t(L, "impact.byTeam"), lines, L) });
  }
  if (v.comparison.length) {
    const lines = v.comparison.map((c) => comparisonLine(v, c, L));
    blocks.push({ type: "text", text: section(t(L, "impact.comparisonCompanies"), lines, L) });
  }
  const notes = footNotes(v, L);
  if (notes.length) blocks.push({ type: "context", text: notes.join("\n") });
  return { text: t(L, "impact.summary", { title, effect: effectText(o, v.minSample, L) }), blocks, answer: true };
}

function section(title: string, lines: string[], L: Locale): RichText {
  // Whole lines only, within both limits (a translation's longer lines fit fewer): the rest are counted.
  const shown: string[] = [];
  let chars = title.length;
  for (const line of lines.slice(0, MAX_LINES)) {
    chars += line.length + 1;
    if (shown.length > 0 && chars > MAX_SECTION_CHARS) break;
    shown.push(line);
  }
  const more = lines.length - shown.length;
  return [bold(title), { text: `\n${shown.join("\n")}${more > 0 ? `\n${t(L, "impact.more", { n: more })}` : ""}` }];
}

function noProgrammeText(v: ImpactView, L: Locale): string {
  const why = v.notMeasured.map((n) =>
    t(L, "impact.reasonItem", { label: anon(v, n.label, L), reason: notMeasured(n.reason, L) }),
  );
  return sentences(L, [
    t(L, "impact.nothing"),
    v.withoutStartDate > 0 ? t(L, "impact.nothingNoStart", { n: v.withoutStartDate }) : "",
    why.length ? t(L, "impact.reasons", { list: why.join("; ") }) : t(L, "impact.nothingGiveStart"),
  ]);
}

function footNotes(v: ImpactView, L: Locale): string[] {
  const notes: string[] = [];
  for (const n of v.notMeasured)
    notes.push(t(L, "impact.footNotMeasured", { label: anon(v, n.label, L), reason: notMeasured(n.reason, L) }));
  if (v.withoutStartDate > 0) notes.push(t(L, "impact.footNoStart", { n: v.withoutStartDate }));
  if (v.anonymised) notes.push(t(L, "impact.footAnonymised"));
  notes.push(t(L, "impact.footMinSample", { min: v.minSample }));
  return notes;
}

/** The whole impact report as text (the CLI; every line, nothing cut). */
export function impactText(v: ImpactView, L: Locale = SOURCE_LOCALE): string {
  const lines = [impactTitle(v, L), impactMethod(v, L)];
  if (v.programmeCompanies === 0) return [...lines, noProgrammeText(v, L)].join("\n");
  const o = v.overall;
  lines.push(
    `${t(L, "impact.effectLabel")}${effectText(o, v.minSample, L)}`,
    groupLine(t(L, "impact.programmeLabel", { companies: companies(v.programmeCompanies, L) }), o.programme, L),
    groupLine(t(L, "impact.comparisonLabel", { companies: companies(v.comparisonCompanies, L) }), o.comparison, L),
  );
  if (v.relative) lines.push(...relativeText(v.relative, L));
  if (v.overlapping) lines.push(t(L, "impact.overlap"));
  const list = (title: string, items: string[]) =>
    items.length ? [``, `${title}${colon(L).trimEnd()}`, ...items] : [];
  if (v.areas.length > 1)
    lines.push(
      ...list(
        t(L, "impact.byArea"),
        v.areas.map((a) => shortLine(a.area, a.line, v.minSample, L)),
      ),
    );
  lines.push(
    ...list(
      t(L, "impact.byCompany"),
      v.companies.map((c) => shortLine(anon(v, c.label, L), c.line, v.minSample, L, companyExtra(c, L))),
    ),
    ...list(
      t(L, "impact.byTeam"),
      v.teams.map((tm) => shortLine(tm.label, tm.line, v.minSample, L)),
    ),
    ...list(
      t(L, "impact.comparisonCompanies"),
      v.comparison.map((c) => comparisonLine(v, c, L)),
    ),
    "",
    ...footNotes(v, L),
  );
  return lines.join("\n");
}

/** The director digest's short impact section (one or two lines). */
export function digestImpactLines(v: ImpactView, L: Locale = SOURCE_LOCALE): string[] {
  if (v.programmeCompanies === 0) return [];
  const area = v.area ?? t(L, "impact.allAreas");
  const lines = [t(L, "impact.digest", { area, days: v.windowDays, effect: effectText(v.overall, v.minSample, L) })];
  if (v.relative?.nearZero === false && v.relative.percent !== null) {
    lines.push(t(L, "impact.digestRelative", { pct: signedPercent(L, v.relative.percent) }));
  } else lines.push(t(L, "impact.digestAsk"));
  return lines;
}

// ---- coaching effect -------------------------------------------------------------------------

export function coachingTitle(v: CoachingEffectView, L: Locale = SOURCE_LOCALE): string {
  return t(L, "coachingEffect.title", { name: v.scope.name });
}

function coachingMethod(v: CoachingEffectView, L: Locale): string {
  const zone = "UTC";
  return t(L, "coachingEffect.method", {
    from: localDate(v.from, zone),
    to: localDate(new Date(v.to.getTime() - 1), zone),
    days: v.effect.windowDays,
  });
}

function sessions(n: number, L: Locale): string {
  return t(L, "coachingEffect.sessions", { n });
}

function people(n: number, L: Locale): string {
  return t(L, "coachingEffect.people", { n });
}

function topicLine(tl: CoachingEffectLine, minSample: number, L: Locale): string {
  const l = tl.line;
  return t(L, "coachingEffect.topicLine", {
    label: tl.label,
    sessions: sessions(tl.sessions, L),
    people: people(tl.people, L),
    effect: effectText(l, minSample, L),
    pb: cell(l.programme.before, L),
    pa: cell(l.programme.after, L),
    cb: cell(l.comparison.before, L),
    ca: cell(l.comparison.after, L),
  });
}

function effectOver(e: CoachingEffect, L: Locale): string {
  const o = e.overall;
  return t(L, "coachingEffect.effectOver", {
    effect: effectText(o.line, e.minSample, L),
    sessions: sessions(o.sessions, L),
    people: people(o.people, L),
  });
}

export function coachingMessage(v: CoachingEffectView, L: Locale = SOURCE_LOCALE): MessageView {
  const e = v.effect;
  const title = coachingTitle(v, L);
  const scope = t(L, "coachingEffect.scope", { kind: v.scope.kind, slug: v.scope.slug });
  const blocks: MessageBlock[] = [
    { type: "header", text: title },
    { type: "context", text: `${scope} · ${coachingMethod(v, L)}` },
  ];
  if (e.overall.sessions === 0) {
    blocks.push({ type: "text", text: noSessionsText(e, L) });
    return { text: `${title}${colon(L)}${noSessionsText(e, L)}`, blocks, answer: true };
  }
  const o = e.overall;
  const nps = t(L, "impact.nps");
  blocks.push(
    { type: "text", text: [bold(t(L, "impact.effectLabel")), { text: effectOver(e, L) }] },
    {
      type: "fields",
      fields: [
        { label: t(L, "coachingEffect.coached"), value: groupLine(nps, o.line.programme, L) },
        { label: t(L, "coachingEffect.colleagues"), value: groupLine(nps, o.line.comparison, L) },
      ],
    },
    {
      type: "text",
      text: section(
        t(L, "coachingEffect.byTopic"),
        e.byTopic.map((tl) => topicLine(tl, e.minSample, L)),
        L,
      ),
    },
  );
  blocks.push({ type: "context", text: coachingNotes(e, L).join("\n") });
  const summary = t(L, "coachingEffect.summary", { title, effect: effectText(o.line, e.minSample, L) });
  return { text: summary, blocks, answer: true };
}

function noSessionsText(e: CoachingEffect, L: Locale): string {
  return e.tooRecent > 0 ? t(L, "coachingEffect.tooRecentAll", { n: e.tooRecent }) : t(L, "coachingEffect.none");
}

function coachingNotes(e: CoachingEffect, L: Locale): string[] {
  const notes = [t(L, "coachingEffect.noteMin", { min: e.minSample }), t(L, "coachingEffect.noteRegression")];
  if (e.tooRecent > 0) notes.push(t(L, "coachingEffect.noteTooRecent", { n: e.tooRecent }));
  return notes;
}

export function coachingText(v: CoachingEffectView, L: Locale = SOURCE_LOCALE): string {
  const e = v.effect;
  const lines = [coachingTitle(v, L), coachingMethod(v, L)];
  if (e.overall.sessions === 0) return [...lines, noSessionsText(e, L)].join("\n");
  const o = e.overall;
  lines.push(
    `${t(L, "impact.effectLabel")}${effectOver(e, L)}`,
    groupLine(t(L, "coachingEffect.coached"), o.line.programme, L),
    groupLine(t(L, "coachingEffect.colleagues"), o.line.comparison, L),
    "",
    `${t(L, "coachingEffect.byTopic")}${colon(L).trimEnd()}`,
    ...e.byTopic.map((tl) => topicLine(tl, e.minSample, L)),
    "",
    ...coachingNotes(e, L),
  );
  return lines.join("\n");
}

/** The line in the manager's view of a person: their coaching effect. */
export function personCoachingFact(e: CoachingEffect, L: Locale = SOURCE_LOCALE): { label: string; value: string } {
  const o = e.overall;
  const label = t(L, "coachingEffect.fact");
  if (o.sessions === 0) return { label, value: noSessionsText(e, L) };
  return {
    label,
    value: t(L, "coachingEffect.factValue", {
      effect: effectText(o.line, e.minSample, L),
      sessions: sessions(o.sessions, L),
      pb: cell(o.line.programme.before, L),
      pa: cell(o.line.programme.after, L),
      cb: cell(o.line.comparison.before, L),
      ca: cell(o.line.comparison.after, L),
    }),
  };
}
