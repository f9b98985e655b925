// Does coaching work? For each completed coaching session: the coached person's NPS in the weeks
// before the session against the same number of weeks after, beside the same change for the other
// staff of the same team who were not coached in that time (pure). The difference of the changes,
// with its 95% interval, is the same computation as the programme's impact (core/impact.ts).
// Sessions are pooled overall and by topic; a person coached twice in overlapping windows has
// their answers counted once per session, as the report says.
import { addGroup, type EffectLine, EMPTY_GROUP, effectLine, type GroupCounts } from "./impact.js";
import { DEFAULT_MIN_SAMPLE } from "./nps.js";

/** Weeks either side of a session by default. */
export const DEFAULT_COACHING_WINDOW_DAYS = 28;

/** One completed session with the counts in its windows. */
export interface SessionCounts {
  sessionId: number;
  staffId: number;
  teamId: number | null;
  topic: string;
  doneAt: Date;
  /** Length of each window in days (shorter when the session is recent). */
  days: number;
  coached: GroupCounts;
  /** The team's other staff, not coached within the session's windows. */
  control: GroupCounts;
  /** How many staff make up the control group. */
  controlStaff: number;
}

/** A coaching effect report: whose sessions, done when, and the effect. */
export interface CoachingEffectView {
  scope: { kind: "team" | "company" | "person"; name: string; slug: string };
  /** Sessions done in [from, to). */
  from: Date;
  to: Date;
  effect: CoachingEffect;
}

export interface CoachingEffectLine {
  label: string;
  sessions: number;
  /** Distinct people coached. */
  people: number;
  line: EffectLine;
}

export interface CoachingEffect {
  windowDays: number;
  minSample: number;
  overall: CoachingEffectLine;
  byTopic: CoachingEffectLine[];
  /** Sessions too recent to have any time after them. */
  tooRecent: number;
}

/** A topic as people type it: case and spacing do not make a new topic. */
export function topicKey(topic: string): string {
  return topic.trim().replace(/\s+/g, " ").toLowerCase();
}

export function coachingEffect(
  sessions: SessionCounts[],
  opts: { windowDays?: number; minSample?: number; tooRecent?: number } = {},
): CoachingEffect {
  const minSample = opts.minSample ?? DEFAULT_MIN_SAMPLE;
  const pool = (list: SessionCounts[], label: string): CoachingEffectLine => {
    let coached = EMPTY_GROUP;
    let control = EMPTY_GROUP;
    for (const s of list) {
      coached = addGroup(coached, s.coached);
      control = addGroup(control, s.control);
    }
    return {
      label,
      sessions: list.length,
      people: new Set(list.map((s) => s.staffId)).size,
      line: effectLine(coached, control, minSample),
    };
  };
  const topics = new Map<string, { label: string; list: SessionCounts[] }>();
  for (const s of sessions) {
    const key = topicKey(s.topic);
    const t = topics.get(key) ?? { label: s.topic.trim(), list: [] };
    t.list.push(s);
    topics.set(key, t);
  }
  return {
    windowDays: opts.windowDays ?? DEFAULT_COACHING_WINDOW_DAYS,
    minSample,
    // The overall line's words are the renderer's (core/messages/impact.ts); its label stays empty.
    overall: pool(sessions, ""),
    byTopic: [...topics.values()]
      .map((t) => pool(t.list, t.label))
      .sort((a, b) => b.sessions - a.sessions || a.label.localeCompare(b.label)),
    tooRecent: opts.tooRecent ?? 0,
  };
}
