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

// C0/C1 controls except tab and newline; zero-width and bidi controls (incl. RTL/LTR marks and
// isolates); word joiner and invisible operators; BOM; soft hyphen; Mongolian vowel separator;
// interlinear annotations; tag characters.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]|\u{E0000}-\u{E007F}/gu;
const TAG_CHARS = /[\u{E0000}-\u{E007F}]/gu;
const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>()]+/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const PHONE = /(?<![\p{L}\p{N}])\+?\(?\d[\d\s().-]{6,}\d(?![\p{L}\p{N}])/gu;
const BROADCAST = /@(channel|here|everyone|all)\b/giu;

export function cleanText(input: string): string {
  return input
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(INVISIBLE, "")
    .replace(TAG_CHARS, "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const dot = domain.lastIndexOf(".");
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${local.slice(0, 1)}***@${host.slice(0, 1)}***${tld}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return phone;
  return `${phone.trim().startsWith("+") ? "+" : ""}*** *** ${digits.slice(-2)}`;
}

export function maskContacts(text: string): string {
  return text
    .replace(EMAIL, (m) => maskEmail(m))
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, "");
      return digits.length >= 7 ? maskPhone(m) : m;
    });
}

function neutraliseLinks(text: string): string {
  return text.replace(URL, (m) => {
    const host = m.replace(/^(?:https?|ftp):\/\//i, "").split(/[/?#]/)[0] ?? "";
    return `[link: ${host.replace(/\./g, "[.]")}]`;
  });
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const marker = ` … (${chars.length - max} more characters)`;
  const keep = Math.max(0, max - Array.from(marker).length);
  // Recompute with the exact number cut so the count is honest.
  const cut = chars.length - keep;
  const exact = ` … (${cut} more characters)`;
  return (
    chars
      .slice(0, Math.max(0, max - Array.from(exact).length))
      .join("")
      .trimEnd() + exact
  );
}

/** Makes customer text safe for one chat surface. */
export function safeChatText(input: string | null | undefined, opts: SafeTextOptions): string {
  if (!input) return "";
  let text = cleanText(input);
  if (opts.maskContacts ?? true) text = maskContacts(text);
  text = neutraliseLinks(text);
  // Broadcast words: a fullwidth at sign keeps them readable but never a mention.
  text = text.replace(BROADCAST, (_m, word: string) => `＠${word}`);
  switch (opts.format) {
    case "slack_mrkdwn":
      // Slack's own escaping turns <!channel>, <@U..>, <#C..> and <url|x> into literal text.
      text = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      // mrkdwn has no escape character: swap markup characters for look-alikes.
      text = text.replace(/\*/g, "∗").replace(/_/g, "ˍ").replace(/~/g, "∼").replace(/`/g, "ˋ");
      break;
    case "teams_markdown":
      text = text.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, "\\$1");
      break;
    case "plain":
      // Slack's plain_text still parses &, < and > entities in some clients: escape them too.
      text = text.replace(/<(?=[!@#])/g, "‹");
      break;
  }
  return truncate(text, opts.maxLength);
}
