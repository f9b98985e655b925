// The one function that makes customer text safe to show in chat. Raw text stays in the database;
// only what is posted is changed: mentions, links and markup neutralised, control and invisible
// characters removed, contacts masked for channel posts, length capped for the platform.

export type SafeTextFormat =
  /** Shown in a literal container (Slack plain_text, Teams TextRun): only cleaning and masking. */
  | "plain"
  /** Slack mrkdwn (also message `text` fallbacks, which Slack parses): escapes &<> and markup. */
  | "slack_mrkdwn"
  /** Adaptive Card TextBlock markdown. */
  | "teams_markdown";

export interface SafeTextOptions {
  format: SafeTextFormat;
  /** Cap in characters (code points), including the truncation marker. */
  maxLength: number;
  /** Mask emails and phone numbers (channel posts); off only for the case owner's DM. */
  maskContacts?: boolean;
}

// C0/C1 controls except tab and newline; soft hyphen; combining grapheme joiner; Arabic letter
// mark; Hangul and Khmer fillers that render as nothing; Mongolian separators; zero-width and
// bidi controls (LRM/RLM, embeddings, overrides, isolates); word joiner and invisible operators;
// variation selectors beyond the emoji ones; BOM; interlinear annotations; noncharacters; tag
// characters; invisible musical formatting. ZWJ (U+200D) is handled apart: it builds emoji.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched on its own, on purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0D\uFEFF\uFFA0\uFFF0-\uFFFB\uFFFE\uFFFF\u{1D173}-\u{1D17A}\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A zero-width joiner kept only between two pictographs (👩‍💻), where it is part of an emoji. */
const STRAY_ZWJ = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
/** Stacked combining marks ("Zalgo" text) beyond a few per letter only overflow the card. */
const MARK_FLOOD = /(\p{M}{3})\p{M}+/gu;

const URL_WITH_SCHEME = /(?:https?|ftp|sftp|file|wss?|slack|msteams|ms-[a-z-]+):\/\/[^\s<>"]*/giu;
/** Schemes that do not need "//" but still make clients open something. */
const BARE_SCHEME = /\b(mailto|tel|sms|callto|javascript|data|vbscript|skype|facetime|intent):/giu;
/** Bare domains that Slack and Teams turn into links by themselves ("evil.com/login"). */
const BARE_DOMAIN =
  /(?<![\p{L}\p{N}@._%+-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:com|net|org|edu|gov|info|biz|io|co|app|dev|ai|me|ly|xyz|online|site|shop|store|link|click|top|tech|cloud|page|[a-z]{2})(?![\p{L}\p{N}-])(?:[/:?#][^\s<>"]*)?/giu;
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/**
 * A run of digits and phone separators. Not after a letter, digit or a sign that makes it part of
 * something else (an id "#123", "INV-2026-001234", an amount "£1 250 000", a path or version).
 */
const PHONE =
  /(?<![\p{L}\p{N}#_\p{Sc}])(?<![\p{L}\p{N}][.,\-/])(?<!\b(?:order|ref|reference|invoice|inv|id|ticket|booking|account|acct|job|po|case)\.?\s*[:#]?\s*)\+?\(?\p{Nd}[\p{Nd}\s().\-/]{5,}\p{Nd}(?![\p{L}\p{N}%\p{Sc}])/giu;
/** Calendar dates: 2026-11-02, 2026/11/02, 02.11.2026, 2/11/26 (checked for real months and days). */
const DATE_IN_TEXT =
  /(?<!\p{Nd})(?:(\p{Nd}{4})[-./](\p{Nd}{1,2})[-./](\p{Nd}{1,2})|(\p{Nd}{1,2})[-./](\p{Nd}{1,2})[-./](\p{Nd}{4}|\p{Nd}{2}))(?!\p{Nd})/gu;
/** A clock time or a range of them: "10.30", "10:30-11:45". */
const TIME_RANGE = /^\(?\p{Nd}{1,2}[.:]\p{Nd}{2}(?:\s*[-–/]\s*\p{Nd}{1,2}[.:]\p{Nd}{2})?\)?$/u;
const BROADCAST = /[@＠﹫](channel|here|everyone|all|team|room)(?![\p{L}\p{N}])/giu;

/** Normalises text: NFC, one kind of newline, no control or invisible characters, tidy blank lines. */
export function cleanText(input: string): string {
  return input
    .replace(LONE_SURROGATE, "\uFFFD")
    .normalize("NFC")
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n")
    .replace(INVISIBLE, "")
    .replace(STRAY_ZWJ, "")
    .replace(MARK_FLOOD, "$1")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  const local = at >= 0 ? email.slice(0, at) : email;
  const domain = at >= 0 ? email.slice(at + 1) : "";
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${Array.from(local)[0] ?? ""}***@${Array.from(host)[0] ?? ""}***${tld}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\P{Nd}/gu, "");
  if (digits.length < 7) return phone;
  return `${phone.trim().startsWith("+") ? "+" : ""}*** *** ${digits.slice(-2)}`;
}

/** Masks every email address and phone number in a text; dates, times, amounts and ids stay. */
export function maskContacts(text: string): string {
  return text.replace(EMAIL, (m) => maskEmail(m)).replace(PHONE, maskPhoneCandidate);
}

/** Digits as numbers whatever their script (ASCII, fullwidth, Arabic-Indic, Devanagari...). */
function digitValue(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const zero = DIGIT_ZERO.find((z) => cp >= z && cp <= z + 9);
    n = n * 10 + (zero === undefined ? 0 : cp - zero);
  }
  return n;
}
const DIGIT_ZERO = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xff10];

function isRealDate(m: RegExpExecArray | RegExpMatchArray): boolean {
  const [y, mo, d] = m[1] ? [m[1], m[2]!, m[3]!] : [m[6]!, m[5]!, m[4]!];
  const month = digitValue(mo);
  const day = digitValue(d);
  // Day-first or month-first (02/11/2026 or 11/02/2026): either reading makes it a date.
  const ok = (a: number, b: number) => a >= 1 && a <= 12 && b >= 1 && b <= 31;
  return y.length >= 2 && (ok(month, day) || (!m[1] && ok(day, month)));
}

/**
 * A digit run that may be a phone number. Dates inside it (a range "(2026-11-02 to 2026-11-29)"
 * or "2026-11-02 0612345678") are left alone and only what lies between them is judged.
 */
function maskPhoneCandidate(m: string): string {
  const dates = [...m.matchAll(DATE_IN_TEXT)].filter(isRealDate);
  if (dates.length === 0) return maskIfPhone(m);
  let out = "";
  let at = 0;
  for (const d of dates) {
    out += m.slice(at, d.index).replace(PHONE, maskIfPhone);
    out += d[0];
    at = d.index! + d[0].length;
  }
  return out + m.slice(at).replace(PHONE, maskIfPhone);
}

function maskIfPhone(m: string): string {
  const trimmed = m.trim();
  const digits = trimmed.replace(/\P{Nd}/gu, "");
  // E.164 numbers have at most 15 digits; longer runs are ids, card or account numbers.
  if (digits.length < 7 || digits.length > 15 || TIME_RANGE.test(trimmed)) return m;
  const lead = m.slice(0, m.length - m.trimStart().length);
  const tail = m.slice(m.trimEnd().length);
  return lead + maskPhone(trimmed) + tail;
}

function defangHost(url: string): string {
  const host =
    url
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, "")
      .replace(/^[^@/]*@/, "")
      .split(/[/?#:\s]/)[0] ?? "";
  return `[link: ${host.replace(/\./g, "\u2024") || "removed"}]`;
}

function neutraliseLinks(text: string): string {
  return (
    text
      .replace(BARE_SCHEME, (_m, scheme: string) => `${scheme}꞉`)
      // Bare domains keep their text; a one-dot leader (looks like ".") stops clients linking them.
      .replace(BARE_DOMAIN, (m) => m.replace(/\./g, "\u2024"))
  );
}

/** Where a character stands: its neighbours decide whether a markup sign can do anything. */
interface Place {
  atLineStart: boolean;
  prev: string;
  next: string;
}

const WORDISH = /^[\p{L}\p{N}]$/u;
const BLANK = /^\s?$/u;

/**
 * A Slack (or CommonMark underscore) marker only formats at a word boundary with text beside it:
 * one between two letters ("order_id", "5*3") or between two spaces ("a * b") does nothing, so it
 * keeps its own character and copies as typed.
 */
function inertMarker(p: Place): boolean {
  return (WORDISH.test(p.prev) && WORDISH.test(p.next)) || (BLANK.test(p.prev) && BLANK.test(p.next));
}

/** CommonMark asterisks (and code spans) work even inside words; only a sign between spaces is inert. */
function inertAsterisk(p: Place): boolean {
  return BLANK.test(p.prev) && BLANK.test(p.next);
}

const LOOK_ALIKE: Record<string, string> = { "*": "∗", _: "ˍ", "~": "∼", "`": "ˋ" };

/**
 * What each source character becomes on one surface (so truncation never splits an escape).
 * Principle: characters people read and copy (digits, signs, "#", letters) stay as typed; only a
 * sign that the platform would read as markup in that place is replaced by a look-alike, because
 * neither Slack mrkdwn nor Teams' TextBlock markdown has an escape every client honours.
 */
function escapeFor(format: SafeTextFormat): (ch: string, place: Place) => string {
  switch (format) {
    case "slack_mrkdwn":
      // Slack's own escaping turns <!channel>, <@U..>, <#C..> and <url|x> into literal text.
      return (ch, place) => {
        switch (ch) {
          case "&":
            return "&amp;";
          case "<":
            return "&lt;";
          case ">":
            return place.atLineStart ? "›" : "&gt;";
          case "*":
          case "_":
          case "~":
          case "`":
            return inertMarker(place) ? ch : LOOK_ALIKE[ch]!;
          default:
            return ch;
        }
      };
    case "teams_markdown":
      // Angle brackets become look-alikes (iOS renders TextBlocks with < or & as HTML). List and
      // heading markers at a line start are defused before this (see defuseTeamsBlocks).
      return (ch, place) => {
        switch (ch) {
          // Asterisks, tildes (GFM strikethrough) and backticks (code spans) work inside words.
          case "*":
          case "~":
          case "`":
            return inertAsterisk(place) ? ch : LOOK_ALIKE[ch]!;
          case "_":
            return inertMarker(place) ? ch : LOOK_ALIKE[ch]!;
          case "\\":
            // CommonMark reads a backslash before ASCII punctuation as an escape (and drops it).
            return /^[!-/:-@[-`{-~]$/.test(place.next) ? "＼" : ch;
          case "<":
            return "‹";
          case ">":
            return "›";
          // TextBlock markdown needs a blank line for a line break.
          case "\n":
            return "\n\n";
          default:
            return ch;
        }
      };
    case "plain":
      // Literal containers, but Slack still parses <!..>, <@..> and <#..> in some clients.
      return (ch) => (ch === "<" ? "‹" : ch === ">" ? "›" : ch);
  }
}

/**
 * Teams' markdown starts a list or heading at a line beginning with "- ", "+ ", "* ", "1. " or
 * "# ", and a rule at a line of "---". The sign itself stays (a "+44 ..." phone number or "-0.3"
 * is never touched: no space follows the sign); only the space after a marker becomes a no-break
 * space, which CommonMark does not accept after a list or heading marker, and a rule line gets a
 * leading no-break space (not indentation either).
 */
function defuseTeamsBlocks(text: string): string {
  return text
    .replace(/^([ \t]*)([-+*]|#{1,6}|\p{Nd}{1,9}[.)])[ \t]/gmu, "$1$2\u00A0")
    .replace(/^([ \t]*)((?:[-*_=][ \t]*){3,})$/gm, "$1\u00A0$2")
    .replace(/^([ \t]*)([-=]{1,2})$/gm, "$1\u00A0$2");
}

/**
 * Splits text into user-perceived characters, close enough for cutting: combining marks, variation
 * selectors, skin tones and ZWJ sequences stay with their base; flags stay in pairs.
 * (Intl.Segmenter would be exact but iterates in quadratic time on long texts in Node 20.)
 */
function clusters(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  let pendingFlag = false;
  for (const ch of text) {
    const last = out.length - 1;
    const isFlagHalf = FLAG_HALF.test(ch);
    if (last >= 0 && (joinNext || EXTENDS.test(ch) || (isFlagHalf && pendingFlag))) {
      out[last] += ch;
      pendingFlag = false;
    } else {
      out.push(ch);
      pendingFlag = isFlagHalf;
    }
    joinNext = ch === "\u200D";
  }
  return out;
}
const FLAG_HALF = /^\p{Regional_Indicator}$/u;
// biome-ignore lint/suspicious/noMisleadingCharacterClass: tests one code point at a time, on purpose
const EXTENDS = /^[\p{M}\u200D\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]$/u;

/** Escapes whole characters and cuts between them so the output fits `max` code points. */
function renderCapped(text: string, format: SafeTextFormat, max: number): string {
  const escapeChar = escapeFor(format);
  const segments = clusters(format === "teams_markdown" ? defuseTeamsBlocks(text) : text);
  const units: string[] = [];
  let atLineStart = true;
  segments.forEach((segment, i) => {
    let out = "";
    const prev = Array.from(segments[i - 1] ?? "").at(-1) ?? "";
    const next = Array.from(segments[i + 1] ?? "")[0] ?? "";
    for (const ch of segment) out += escapeChar(ch, { atLineStart: atLineStart && segment === ch, prev, next });
    units.push(out);
    if (segment === "\n") atLineStart = true;
    else if (segment !== " ") atLineStart = false;
  });
  const lengths = units.map((u) => codePoints(u));
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total <= max) return units.join("");
  // Cut, then say honestly how many source characters the reader does not see.
  let kept = 0;
  let used = 0;
  for (;;) {
    const hidden = units.length - kept;
    const marker = ` … (${hidden} more characters)`;
    const budget = max - codePoints(marker);
    const next = lengths[kept];
    if (next === undefined || used + next > budget) break;
    used += next;
    kept++;
  }
  const marker = ` … (${units.length - kept} more characters)`;
  if (codePoints(marker) > max) return Array.from(marker).slice(0, Math.max(0, max)).join("");
  return units.slice(0, kept).join("").trimEnd() + marker;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Makes customer text safe for one chat surface. */
export function safeChatText(input: string | null | undefined, opts: SafeTextOptions): string {
  if (!input) return "";
  // Compatibility forms fold look-alike digits, at signs and fullwidth letters first, so masks
  // and mention checks see what readers see.
  let text = cleanText(cleanText(input).normalize("NFKC"));
  // Full URLs go first so that user:pass@host or digits in a path are not read as contacts.
  text = text.replace(URL_WITH_SCHEME, defangHost);
  if (opts.maskContacts ?? true) text = maskContacts(text);
  text = neutraliseLinks(text);
  // Broadcast words: a fullwidth at sign keeps them readable but never a mention.
  text = text.replace(BROADCAST, (_m, word: string) => `＠${word}`);
  return renderCapped(text, opts.format, Math.max(0, Math.floor(opts.maxLength)));
}
