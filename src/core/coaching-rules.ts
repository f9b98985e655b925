// Coaching rules (pure): which root causes are about behaviour (worth a coaching conversation),
// and one practical, respectful tip for each cause a frontline person can act on. The English words
// here are the source; translations live in the catalogues as tip.<cause>.focus/tip/why.
import { type Locale, tMaybe } from "./i18n/index.js";

/** Root causes that are about how a visit was carried out: a manager should plan coaching. */
export const BEHAVIOURAL_ROOT_CAUSES = ["technician treatment", "punctuality", "communication"] as const;

export interface CoachingTip {
  cause: string;
  /** The thing to work on, phrased as a goal ("Arrive when you said you would"). */
  focus: string;
  /** One concrete habit to try this week. */
  tip: string;
  /** Why it matters to customers, so the tip persuades rather than commands. */
  why: string;
}

const TIPS: CoachingTip[] = [
  {
    cause: "punctuality",
    focus: "Arrive when you said you would",
    tip: "Send the customer a short message when you set off, with an honest arrival time. If you will be late, call before the window ends, not after.",
    why: "Customers forgive a delay they were told about; the waiting without news is what they remember.",
  },
  {
    cause: "technician treatment",
    focus: "Make the customer feel looked after",
    tip: 'Introduce yourself, say what you are about to do before you start, and before leaving ask: "Is there anything else you would like me to look at?"',
    why: "The same repair feels very different when the customer understood it and was asked.",
  },
  {
    cause: "communication",
    focus: "Leave the customer knowing what happens next",
    tip: "End each visit with a 30-second recap: what you did, what happens next, and how to reach us if anything is not right.",
    why: 'Most calls back start with "nobody told me": a clear recap prevents them.',
  },
  {
    cause: "repeat visit",
    focus: "Fix it the first time",
    tip: "Before leaving, test the fix with the customer watching; if a second visit is unavoidable, book it with them there and then.",
    why: "A second visit costs the customer another day off; a booked one at least feels planned.",
  },
  {
    cause: "unexpected budget",
    focus: "No surprises on the bill",
    tip: "Give the price, or a range, before starting and ask for a yes; if it changes during the work, stop and ask again.",
    why: "Customers rarely mind a fair price; they mind not being asked.",
  },
  {
    cause: "equipment fault",
    focus: "Come ready for the job",
    tip: "Check the parts and tools for tomorrow's visits the evening before; if something is missing, tell the customer before the visit, not at the door.",
    why: "A visit that cannot finish feels like a wasted morning, whoever's fault it was.",
  },
];

const BY_CAUSE = new Map(TIPS.map((t) => [normalise(t.cause), t]));

function normalise(cause: string): string {
  return cause.trim().toLowerCase().replace(/[_-]+/g, " ").replace(/\s+/g, " ");
}

export function isBehavioural(cause: string | null | undefined): boolean {
  if (!cause) return false;
  return (BEHAVIOURAL_ROOT_CAUSES as readonly string[]).includes(normalise(cause));
}

/** The tip for a root cause a person can act on; null for causes outside their reach (price, other). */
export function tipFor(cause: string | null | undefined): CoachingTip | null {
  return cause ? (BY_CAUSE.get(normalise(cause)) ?? null) : null;
}

/**
 * The one thing to work on, from the root causes of a person's resolved cases: the most frequent
 * cause that has a tip (behavioural causes win ties, then the alphabet, so the choice is stable).
 */
export function pickFocus(causes: { cause: string; count: number }[]): (CoachingTip & { count: number }) | null {
  const candidates = causes
    .map((c) => ({ c, tip: tipFor(c.cause) }))
    .filter((x): x is { c: { cause: string; count: number }; tip: CoachingTip } => x.tip !== null && x.c.count > 0)
    .sort(
      (a, b) =>
        b.c.count - a.c.count ||
        Number(isBehavioural(b.c.cause)) - Number(isBehavioural(a.c.cause)) ||
        a.tip.cause.localeCompare(b.tip.cause),
    );
  const best = candidates[0];
  return best ? { ...best.tip, count: best.c.count } : null;
}

/** A tip in a locale: the catalogue's tip.<cause>.* words, else the English ones here. */
export function localTip<T extends CoachingTip>(locale: Locale, tip: T): T {
  const key = `tip.${normalise(tip.cause)}`;
  return {
    ...tip,
    focus: tMaybe(locale, `${key}.focus`) ?? tip.focus,
    tip: tMaybe(locale, `${key}.tip`) ?? tip.tip,
    why: tMaybe(locale, `${key}.why`) ?? tip.why,
  };
}

/** Every tip, for documentation and the CLI. */
export function allTips(): readonly CoachingTip[] {
  return TIPS;
}
