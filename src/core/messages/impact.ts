// Every word of the impact and coaching-effect reports, in one module (pure): the chat message
// (neutral blocks that Slack and Teams both convert), the text form (CLI, fallbacks), the line in
// the manager's view of a person, the director digest's section, and the refusals.
import type { CoachingEffect, CoachingEffectLine, CoachingEffectView } from "../coaching-effect.js";
import type { CellFigure, EffectLine, NotMeasuredReason, RelativeFigure } from "../impact.js";
import type { ImpactView } from "../impact-report.js";
import { localDate } from "../periods.js";
import { bold, type MessageBlock, type MessageView, type RichText } from "../views.js";
import type { AnswerStyle } from "./access.js";
import { num, plural, signed } from "./format.js";

/** At most this many company, team or comparison lines in a chat message (the CLI shows all). */
const MAX_LINES = 12;

// ---- refusals and input problems -------------------------------------------------------------

export function windowProblemText(spec: string, min: number, max: number): string {
  return `window "${spec}" is not understood: give days or weeks either side of the start, ${min} to ${max} days, such as 90d or 12w`;
}

export function impactNotAllowedText(style: AnswerStyle): string {
  return `The impact report compares companies, so it is for managers, directors and admins. ${style.command("me")} shows your own NPS.`;
}

export function unknownAreaText(area: string, areas: string[], style: AnswerStyle): string {
  return areas.length
    ? `No companies in an area called ${style.quote(area)}. Areas: ${areas.map((a) => style.code(a)).join(", ")}.`
    : `No companies in an area called ${style.quote(area)}: no company has an area yet (set area in the org file).`;
}

export function unknownTeamOrCompanyText(target: string): string {
  return `no team or company "${target}". Run \`nps-loop nps --list\` to see every slug.`;
}

/** What `impact` does, for the help texts of Slack and Teams. */
export function impactHelpText(): string {
  return "does the programme work? Programme vs comparison companies of an area, NPS before vs after each start (window default 90d)";
}

/** What `coaching` does, for the help texts. */
export function coachingHelpText(): string {
  return "NPS before vs after completed coaching sessions, against colleagues not coached, overall and by topic";
}

// ---- shared wording --------------------------------------------------------------------------

function cell(f: CellFigure): string {
  return f.nps === null ? `too few (n=${f.n})` : `${signed(f.nps)} (n=${f.n})`;
}

function groupLine(name: string, g: EffectLine["programme"]): string {
  const change = g.change === null ? "" : `, change ${signed(g.change)}`;
  return `${name}: ${cell(g.before)} before → ${cell(g.after)} after${change}`;
}

/** "+26 points (95% interval -42.2 to +94.2), not significant". */
export function effectText(l: EffectLine, minSample: number): string {
  if (!l.effect) return `not shown: each of the four groups needs at least ${minSample} responses`;
  const e = l.effect;
  const verdict = e.significant ? "significant at 95%" : "not significant (could be chance)";
  return `${signed(e.did)} points (95% interval ${signed(e.low)} to ${signed(e.high)}), ${verdict}`;
}

function shortLine(label: string, l: EffectLine, minSample: number, extra = ""): string {
  const p = l.programme;
  const c = l.comparison;
  return `• ${label}${extra}: ${effectText(l, minSample)}; ${cell(p.before)} → ${cell(p.after)} vs comparison ${cell(c.before)} → ${cell(c.after)}`;
}

function relativeText(r: RelativeFigure): string[] {
  const pctText = r.percent === null ? "not defined (comparison NPS is 0)" : `${signed(r.percent)}%`;
  const lines = [
    `The programme's own figure: after the start, programme NPS ${signed(r.programmeNps)} vs comparison ${signed(r.comparisonNps)}, ${pctText} relative to the comparison. It is not the effect above: it ignores where each group started.`,
  ];
  if (r.nearZero) {
    lines.push(
      `⚠ The comparison NPS is close to zero (or its interval includes zero), so this percentage means little; read the difference in points above.`,
    );
  }
  return lines;
}

const NOT_MEASURED: Record<NotMeasuredReason, string> = {
  no_area: "no area in the org file",
  not_started: "programme has not started yet",
  no_comparison: "no company outside the programme in its area",
};

// ---- impact ----------------------------------------------------------------------------------

export function impactTitle(v: ImpactView): string {
  return `Programme impact: ${v.area ?? "all areas"}`;
}

function impactMethod(v: ImpactView): string {
  return `NPS in the ${v.windowDays} days before vs after each programme company's start (shorter where the start is recent, equal on both sides), against the companies of the same area not in the programme. The effect is the difference of the two changes.`;
}

export function impactMessage(v: ImpactView): MessageView {
  const blocks: MessageBlock[] = [
    { type: "header", text: impactTitle(v) },
    { type: "context", text: impactMethod(v) },
  ];
  if (v.programmeCompanies === 0) {
    blocks.push({ type: "text", text: noProgrammeText(v) });
    return { text: `${impactTitle(v)}: ${noProgrammeText(v)}`, blocks, answer: true };
  }
  const o = v.overall;
  blocks.push(
    { type: "text", text: [bold("Effect: "), { text: effectText(o, v.minSample) }] },
    {
      type: "fields",
      fields: [
        {
          label: `Programme (${plural(v.programmeCompanies, "company", "companies")})`,
          value: groupLine("NPS", o.programme),
        },
        {
          label: `Comparison (${plural(v.comparisonCompanies, "company", "companies")})`,
          value: groupLine("NPS", o.comparison),
        },
      ],
    },
  );
  if (v.relative) blocks.push({ type: "context", text: relativeText(v.relative).join("\n") });
  if (v.overlapping) blocks.push({ type: "context", text: overlapText() });
  if (v.areas.length > 1) {
    blocks.push({
      type: "text",
      text: section(
        "By area",
        v.areas.map((a) => shortLine(a.area, a.line, v.minSample)),
      ),
    });
  }
  blocks.push({
    type: "text",
    text: section(
      "By company",
      v.companies.map((c) => shortLine(c.label, c.line, v.minSample, ` (from ${c.start}, ${num(c.days)} days)`)),
    ),
  });
  if (v.teams.length) {
    blocks.push({
      type: "text",
      text: section(
        "By team",
        v.teams.map((t) => shortLine(t.label, t.line, v.minSample)),
      ),
    });
  }
  if (v.comparison.length) {
    blocks.push({
      type: "text",
      text: section(
        "Comparison companies",
        v.comparison.map((c) => `• ${c.label}: ${cell(c.before)} before → ${cell(c.after)} after`),
      ),
    });
  }
  const notes = footNotes(v);
  if (notes.length) blocks.push({ type: "context", text: notes.join("\n") });
  return { text: `${impactTitle(v)}: effect ${effectText(o, v.minSample)}.`, blocks, answer: true };
}

function section(title: string, lines: string[]): RichText {
  const shown = lines.slice(0, MAX_LINES);
  const more = lines.length - shown.length;
  return [
    bold(title),
    { text: `\n${shown.join("\n")}${more > 0 ? `\nand ${more} more (nps-loop impact shows all).` : ""}` },
  ];
}

function noProgrammeText(v: ImpactView): string {
  const why = v.notMeasured.map((n) => `${n.label}: ${NOT_MEASURED[n.reason]}`);
  const start =
    v.withoutStartDate > 0
      ? `${plural(v.withoutStartDate, "programme company has", "programme companies have")} no programmeStart date in the org file. `
      : "";
  return `Nothing to measure yet. ${start}${why.length ? `${why.join("; ")}.` : "Give programme companies a programmeStart date in the org file."}`;
}

function overlapText(): string {
  return "Programme companies of one area started less than two windows apart, so some comparison answers count in more than one window; the interval is then somewhat narrower than it should be.";
}

function footNotes(v: ImpactView): string[] {
  const notes: string[] = [];
  for (const n of v.notMeasured) notes.push(`Not measured: ${n.label} (${NOT_MEASURED[n.reason]}).`);
  if (v.withoutStartDate > 0) {
    notes.push(
      `${plural(v.withoutStartDate, "company is", "companies are")} in the programme without a programmeStart date, so not measured.`,
    );
  }
  if (v.anonymised) notes.push("Companies other than yours are anonymised.");
  notes.push(`Each NPS needs at least ${v.minSample} responses; every count is in \`nps-loop impact --json\`.`);
  return notes;
}

/** The whole impact report as text (the CLI; every line, nothing cut). */
export function impactText(v: ImpactView): string {
  const lines = [impactTitle(v), impactMethod(v)];
  if (v.programmeCompanies === 0) return [...lines, noProgrammeText(v)].join("\n");
  const o = v.overall;
  lines.push(
    `Effect: ${effectText(o, v.minSample)}`,
    groupLine(`Programme (${plural(v.programmeCompanies, "company", "companies")})`, o.programme),
    groupLine(`Comparison (${plural(v.comparisonCompanies, "company", "companies")})`, o.comparison),
  );
  if (v.relative) lines.push(...relativeText(v.relative));
  if (v.overlapping) lines.push(overlapText());
  const list = (title: string, items: string[]) => (items.length ? [``, `${title}:`, ...items] : []);
  if (v.areas.length > 1)
    lines.push(
      ...list(
        "By area",
        v.areas.map((a) => shortLine(a.area, a.line, v.minSample)),
      ),
    );
  lines.push(
    ...list(
      "By company",
      v.companies.map((c) => shortLine(c.label, c.line, v.minSample, ` (from ${c.start}, ${num(c.days)} days)`)),
    ),
    ...list(
      "By team",
      v.teams.map((t) => shortLine(t.label, t.line, v.minSample)),
    ),
    ...list(
      "Comparison companies",
      v.comparison.map((c) => `• ${c.label}: ${cell(c.before)} before → ${cell(c.after)} after`),
    ),
    "",
    ...footNotes(v),
  );
  return lines.join("\n");
}

/** The director digest's short impact section (one or two lines). */
export function digestImpactLines(v: ImpactView): string[] {
  if (v.programmeCompanies === 0) return [];
  const lines = [
    `Programme impact (${v.area ?? "all areas"}, ${v.windowDays} days either side): ${effectText(v.overall, v.minSample)}.`,
  ];
  if (v.relative?.nearZero === false && v.relative.percent !== null) {
    lines.push(
      `Programme NPS vs comparison after the start: ${signed(v.relative.percent)}%. Ask /nps impact for the detail.`,
    );
  } else lines.push("Ask /nps impact for the detail.");
  return lines;
}

// ---- coaching effect -------------------------------------------------------------------------

const SCOPE_WORD = { team: "team", company: "company", person: "person" } as const;

export function coachingTitle(v: CoachingEffectView): string {
  return `Coaching effect: ${v.scope.name}`;
}

function coachingMethod(v: CoachingEffectView): string {
  const zone = "UTC";
  return `Completed sessions from ${localDate(v.from, zone)} to ${localDate(new Date(v.to.getTime() - 1), zone)}: the coached person's NPS in the ${v.effect.windowDays} days before vs after each session, against colleagues of the same team not coached in that time.`;
}

function topicLine(t: CoachingEffectLine, minSample: number): string {
  const l = t.line;
  return `• ${t.label} (${plural(t.sessions, "session")}, ${plural(t.people, "person", "people")}): ${effectText(l, minSample)}; coached ${cell(l.programme.before)} → ${cell(l.programme.after)} vs colleagues ${cell(l.comparison.before)} → ${cell(l.comparison.after)}`;
}

export function coachingMessage(v: CoachingEffectView): MessageView {
  const e = v.effect;
  const blocks: MessageBlock[] = [
    { type: "header", text: coachingTitle(v) },
    { type: "context", text: `${SCOPE_WORD[v.scope.kind]} ${v.scope.slug} · ${coachingMethod(v)}` },
  ];
  if (e.overall.sessions === 0) {
    blocks.push({ type: "text", text: noSessionsText(e) });
    return { text: `${coachingTitle(v)}: ${noSessionsText(e)}`, blocks, answer: true };
  }
  const o = e.overall;
  blocks.push(
    {
      type: "text",
      text: [
        bold("Effect: "),
        {
          text: `${effectText(o.line, e.minSample)} over ${plural(o.sessions, "session")} with ${plural(o.people, "person", "people")}`,
        },
      ],
    },
    {
      type: "fields",
      fields: [
        { label: "Coached", value: groupLine("NPS", o.line.programme) },
        { label: "Colleagues not coached", value: groupLine("NPS", o.line.comparison) },
      ],
    },
    {
      type: "text",
      text: section(
        "By topic",
        e.byTopic.map((t) => topicLine(t, e.minSample)),
      ),
    },
  );
  blocks.push({ type: "context", text: coachingNotes(e).join("\n") });
  return { text: `${coachingTitle(v)}: ${effectText(o.line, e.minSample)}.`, blocks, answer: true };
}

function noSessionsText(e: CoachingEffect): string {
  return e.tooRecent > 0
    ? `${plural(e.tooRecent, "session was", "sessions were")} completed too recently to measure; ask again in a few days.`
    : "No completed coaching sessions in this time.";
}

function coachingNotes(e: CoachingEffect): string[] {
  const notes = [
    `Each NPS needs at least ${e.minSample} responses. A person coached twice within the window counts once per session.`,
    "Sessions often follow a bad score, so part of a rise after them may be a return to normal that would have happened anyway; colleagues do not correct for that.",
  ];
  if (e.tooRecent > 0) notes.push(`${plural(e.tooRecent, "session is", "sessions are")} too recent to measure yet.`);
  return notes;
}

export function coachingText(v: CoachingEffectView): string {
  const e = v.effect;
  const lines = [coachingTitle(v), coachingMethod(v)];
  if (e.overall.sessions === 0) return [...lines, noSessionsText(e)].join("\n");
  const o = e.overall;
  lines.push(
    `Effect: ${effectText(o.line, e.minSample)} over ${plural(o.sessions, "session")} with ${plural(o.people, "person", "people")}`,
    groupLine("Coached", o.line.programme),
    groupLine("Colleagues not coached", o.line.comparison),
    "",
    "By topic:",
    ...e.byTopic.map((t) => topicLine(t, e.minSample)),
    "",
    ...coachingNotes(e),
  );
  return lines.join("\n");
}

/** The line in the manager's view of a person: their coaching effect. */
export function personCoachingFact(e: CoachingEffect): { label: string; value: string } {
  const o = e.overall;
  if (o.sessions === 0) return { label: "Coaching effect", value: noSessionsText(e) };
  return {
    label: "Coaching effect",
    value: `${effectText(o.line, e.minSample)}; ${plural(o.sessions, "session")}, NPS ${cell(o.line.programme.before)} → ${cell(o.line.programme.after)} vs team colleagues ${cell(o.line.comparison.before)} → ${cell(o.line.comparison.after)}`,
  };
}
