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
const PHONE = /(?<![\p{L}\p{N}])\+?\(?\p{Nd}[\p{Nd}\s().\-/]{5,}\p{Nd}(?![\p{L}\p{N}])/gu;
const DATE_LIKE = /^(?:\p{Nd}{4}[-./]\p{Nd}{1,2}[-./]\p{Nd}{1,2}|\p{Nd}{1,2}[-./]\p{Nd}{1,2}[-./]\p{Nd}{2,4})$/u;
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

/** Masks every email address and phone number in a text (dates and short numbers are left alone). */
export function maskContacts(text: string): string {
  return text
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(PHONE, (m) => {
      const trimmed = m.trim();
      const digits = trimmed.replace(/\P{Nd}/gu, "");
      if (digits.length < 7 || DATE_LIKE.test(trimmed)) return m;
      const lead = m.slice(0, m.length - m.trimStart().length);
      return lead + maskPhone(trimmed);
    });
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

/** What each source character becomes on one surface (so truncation never splits an escape). */
function escapeFor(format: SafeTextFormat): (ch: string, atLineStart: boolean) => string {
  switch (format) {
    case "slack_mrkdwn":
      // Slack's own escaping turns <!channel>, <@U..>, <#C..> and <url|x> into literal text; mrkdwn
      // has no escape character for markup, so those become look-alikes.
      return (ch, atLineStart) => {
        switch (ch) {
          case "&":
            return "&amp;";
          case "<":
            return "&lt;";
          case ">":
            return atLineStart ? "›" : "&gt;";
          case "*":
            return "∗";
          case "_":
            return "ˍ";
          case "~":
            return "∼";
          case "`":
            return "ˋ";
          default:
            return ch;
        }
      };
    case "teams_markdown":
      // Backslash escapes render differently across Teams clients, so markup characters become
      // look-alikes; angle brackets too (iOS renders TextBlocks with < or & as HTML).
      return (ch, atLineStart) => {
        switch (ch) {
          case "*":
            return "∗";
          case "_":
            return "ˍ";
          case "~":
            return "∼";
          case "`":
            return "ˋ";
          case "\\":
            return "＼";
          case "<":
            return "‹";
          case ">":
            return "›";
          case "#":
          case "-":
          case "+":
            return atLineStart ? String.fromCodePoint(ch.codePointAt(0)! + 0xfee0) : ch;
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
  const units: string[] = [];
  let atLineStart = true;
  for (const segment of clusters(text)) {
    let out = "";
    for (const ch of segment) out += escapeChar(ch, atLineStart && segment === ch);
    units.push(out);
    if (segment === "\n") atLineStart = true;
    else if (segment !== " ") atLineStart = false;
  }
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
