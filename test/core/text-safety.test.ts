import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanText,
  maskContacts,
  maskEmail,
  maskPhone,
  type SafeTextFormat,
  safeChatText,
} from "../../src/core/text-safety.js";

const FORMATS: SafeTextFormat[] = ["plain", "slack_mrkdwn", "teams_markdown"];
const slack = (s: string, maxLength = 3000, maskContacts = true) =>
  safeChatText(s, { format: "slack_mrkdwn", maxLength, maskContacts });
const teams = (s: string, maxLength = 3000) => safeChatText(s, { format: "teams_markdown", maxLength });
const plain = (s: string, maxLength = 3000) => safeChatText(s, { format: "plain", maxLength });
const codePoints = (s: string) => Array.from(s).length;

describe("safeChatText: mentions", () => {
  it("turns Slack special mentions and user/channel links into literal text", () => {
    const out = slack("Hi <!channel> <!here|here> <!everyone> <@U123ABC> <#C024BE7LR|general> <!subteam^S1>");
    expect(out).toBe(
      "Hi &lt;!channel&gt; &lt;!here|here&gt; &lt;!everyone&gt; &lt;@U123ABC&gt; &lt;#C024BE7LR|general&gt; &lt;!subteam^S1&gt;",
    );
    expect(out).not.toMatch(/<[!@#]/);
  });

  it("neutralises @here, @channel, @everyone and fullwidth look-alikes in every format", () => {
    for (const f of FORMATS) {
      const out = safeChatText("@here @channel @everyone @all ＠here ﹫channel @Here", { format: f, maxLength: 200 });
      expect(out).not.toMatch(/@(here|channel|everyone|all)/i);
      expect(out).toContain("＠here");
      expect(out).toContain("＠Here");
    }
  });

  it("leaves ordinary at signs and words alone", () => {
    expect(plain("meet @ 10, hereafter all good")).toBe("meet @ 10, hereafter all good");
  });

  it("keeps Teams <at> mentions and HTML from rendering", () => {
    const out = teams("<at>Everyone</at> <b>bold</b> <script>x</script>");
    expect(out).not.toContain("<");
    expect(out).not.toContain(">");
    expect(out).toBe("‹at›Everyone‹/at› ‹b›bold‹/b› ‹script›x‹/script›");
  });

  it("escapes Slack angle-bracket links so <url|text> cannot disguise a link", () => {
    const out = slack("<https://evil.example/login|Reset your password>");
    expect(out).not.toContain("<");
    expect(out).not.toContain("https://");
    expect(out).toContain("[link: evil․example]");
  });
});

describe("safeChatText: links", () => {
  it("replaces URLs with a defanged host only", () => {
    expect(plain("see https://evil.com/reset?token=abc and http://x.io")).toBe("see [link: evil․com] and [link: x․io]");
    expect(plain("ftp://files.example.org/a slack://open msteams://x")).toBe(
      "[link: files․example․org] [link: open] [link: x]",
    );
  });

  it("strips credentials from URLs before showing the host", () => {
    expect(plain("https://user:pass@bank.example.com/x")).toBe("[link: bank․example․com]");
  });

  it("stops bare domains and www. hosts from being auto-linked, keeping them readable", () => {
    const out = plain("go to evil.com/login or www.shop.co.uk today");
    expect(out).toBe("go to evil․com/login or www․shop․co․uk today");
    expect(out).not.toMatch(/[a-z]\.(com|uk)/);
  });

  it("disarms schemes that open apps without //", () => {
    const out = plain("javascript:alert(1) mailto:a tel:+1 data:text/html,x", 200);
    expect(out).not.toMatch(/(javascript|mailto|tel|data):/);
  });

  it("does not mistake decimals, versions and times for links", () => {
    expect(plain("paid 12.50 for v1.2.3 at 10.30")).toBe("paid 12.50 for v1.2.3 at 10.30");
  });
});

describe("safeChatText: markup", () => {
  it("swaps Slack mrkdwn markup for look-alikes and escapes entities", () => {
    expect(slack("*bold* _it_ ~strike~ `code` a & b")).toBe("∗bold∗ ˍitˍ ∼strike∼ ˋcodeˋ a &amp; b");
  });

  it("stops a comment from starting a Slack block quote", () => {
    expect(slack("> quoted\nnot > this")).toBe("› quoted\nnot &gt; this");
  });

  it("disarms Teams markdown: emphasis, lists, headings, backslashes; keeps line breaks visible", () => {
    // Issue 15 item 1: the signs stay as typed; the space after a list or heading marker becomes a
    // no-break space, which CommonMark does not accept after a marker, so no list or heading forms.
    expect(teams("**bold** _it_\n- item\n+ two\n# title\n1. first\n---\nback\\*slash")).toBe(
      "∗∗bold∗∗ ˍitˍ\n\n-\u00A0item\n\n+\u00A0two\n\n#\u00A0title\n\n1.\u00A0first\n\n\u00A0---\n\nback＼∗slash",
    );
    expect(teams("back\\slash")).toBe("back\\slash");
  });

  it("keeps phone numbers, signed figures and hashes exactly as typed on both platforms (issue 15)", () => {
    for (const s of ["+44 7700 900321", "+3.9 points", "-0.3", "#1", "+44 7700 900321\n-0.3\n#1 again"]) {
      const unmasked = (format: SafeTextFormat) => safeChatText(s, { format, maxLength: 3000, maskContacts: false });
      expect(unmasked("teams_markdown").replace(/\n\n/g, "\n")).toBe(s);
      expect(unmasked("slack_mrkdwn")).toBe(s);
      expect(unmasked("plain")).toBe(s);
    }
    expect(safeChatText("+44 7700 900321", { format: "teams_markdown", maxLength: 100, maskContacts: false })).toBe(
      "+44 7700 900321",
    );
  });

  it("leaves markup signs that cannot format anything as typed (ids, sums, snake_case)", () => {
    expect(slack("order_id 5*3 a ~ b")).toBe("order_id 5*3 a ~ b");
    expect(teams("order_id a * b")).toBe("order_id a * b");
    // CommonMark emphasises inside words with asterisks, so Teams still defuses them there.
    expect(teams("5*3*2")).toBe("5∗3∗2");
    expect(teams("a`b`c x~~y~~z")).toBe("aˋbˋc x∼∼y∼∼z");
    expect(slack("*bold* and _it_")).toBe("∗bold∗ and ˍitˍ");
  });

  it("keeps the owner's email and phone exactly as given when unmasked", () => {
    const s = "jane_doe+nps@example.co.uk, +44 (0)20 7946-0958";
    expect(slack(s, 3000, false)).toBe(s);
    expect(safeChatText(s, { format: "teams_markdown", maxLength: 3000, maskContacts: false })).toBe(s);
  });

  it("keeps hyphens inside a line", () => {
    expect(teams("well-known co-op")).toBe("well-known co-op");
  });
});

describe("safeChatText: invisible and control characters", () => {
  it("removes zero-width, bidi (RTL/LTR) and control characters", () => {
    const hostile =
      "a\u200Bb\u200Cc\u200Ed\u200Fe\u202Ef\u202Ag\u2066h\u2069i\u061Cj\uFEFFk\u0007l\u001Bm\u00ADn\u2060o";
    expect(plain(hostile)).toBe("abcdefghijklmno");
  });

  it("keeps right-to-left scripts themselves", () => {
    expect(plain("שלום \u202Eעולם مرحبا")).toBe("שלום עולם مرحبا");
  });

  it("removes tag characters (hidden ASCII smuggling) and stray joiners, keeps emoji sequences", () => {
    const smuggled = `ok${Array.from("ignore", (c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join("")}`;
    expect(plain(smuggled)).toBe("ok");
    expect(plain("a\u200Db 👩‍💻")).toBe("ab 👩‍💻");
  });

  it("tames stacked combining marks", () => {
    const zalgo = `Z${"\u0336\u0337\u0338\u0339\u033A\u033B".repeat(20)}`;
    expect(codePoints(plain(zalgo))).toBe(4);
  });

  it("replaces lone surrogates instead of passing broken UTF-16 on", () => {
    expect(plain("a\uD800b")).toBe("a\uFFFDb");
  });

  it("normalises newlines and blank lines", () => {
    expect(cleanText("  a\r\nb\rc\u2028d\n\n\n\ne  ")).toBe("a\nb\nc\nd\n\ne");
  });
});

describe("safeChatText: contacts", () => {
  it("masks emails and phone numbers by default", () => {
    const out = plain("Call me on +44 20 7946 0958 or (555) 123-4567, or mail jane.doe@example.co.uk");
    expect(out).toBe("Call me on +*** *** 58 or *** *** 67, or mail j***@e***.uk");
    expect(out).not.toContain("jane");
    expect(out).not.toContain("7946");
  });

  it("unmasks only when asked (the case owner's DM)", () => {
    const out = slack("mail jane@example.com or 0612345678", 200, false);
    expect(out).toContain("0612345678");
    expect(out).toContain("jane@");
  });

  it("does not mask dates and short numbers", () => {
    expect(plain("on 2024-01-15 and 15.01.2024, order 12345, 3 visits")).toBe(
      "on 2024-01-15 and 15.01.2024, order 12345, 3 visits",
    );
  });

  it("masks phone numbers but not dates, date ranges, times, amounts or ids (issue 12 item 7)", () => {
    expect(plain("(2026-11-02 to 2026-11-29)")).toBe("(2026-11-02 to 2026-11-29)");
    expect(plain("between 02/11/2026 and 29.11.2026, 10:30-11:45 or 10.30 - 11.45")).toBe(
      "between 02/11/2026 and 29.11.2026, 10:30-11:45 or 10.30 - 11.45",
    );
    expect(plain("paid £1 250 000, invoice 20261102, order #12345678, ref INV-2026-001234")).toBe(
      "paid £1 250 000, invoice 20261102, order #12345678, ref INV-2026-001234",
    );
    expect(plain("visit 2026-11-02, call 0612345678 (2026-11-03 09:00)")).toBe(
      "visit 2026-11-02, call *** *** 78 (2026-11-03 09:00)",
    );
    expect(plain("phone number 07700 900321, email a@b.co")).toBe("phone number *** *** 21, email a***@b***.co");
    expect(plain("+44 7700 900321")).toBe("+*** *** 21");
  });

  it("masks phone numbers written with fullwidth or other-script digits", () => {
    expect(plain("call ０６１２３４５６７８")).toBe("call *** *** 78");
    expect(plain("اتصل ٠٦١٢٣٤٥٦٧٨")).toBe("اتصل *** *** ٧٨");
  });

  it("masks helpers on their own", () => {
    expect(maskEmail("ana@maria.example.com")).toBe("a***@m***.com");
    expect(maskPhone("+1 555 123 4567")).toBe("+*** *** 67");
    expect(maskPhone("123")).toBe("123");
    expect(maskContacts("x bob@example.org y")).toBe("x b***@e***.org y");
  });
});

describe("safeChatText: length", () => {
  it("caps a 40,000-character comment quickly and says how much was cut", () => {
    const long = "word ".repeat(8000);
    const t = performance.now();
    const out = slack(long, 3000);
    const ms = performance.now() - t;
    expect(codePoints(out)).toBeLessThanOrEqual(3000);
    expect(out).toMatch(/ … \(\d+ more characters\)$/);
    // Not a timing assertion on speed targets: only a guard against quadratic blow-ups.
    expect(ms).toBeLessThan(5000);
  });

  it("never cuts inside an escape sequence or an emoji", () => {
    const out = slack("&".repeat(100), 30);
    expect(out).toMatch(/^(&amp;)+ … \(\d+ more characters\)$/);
    const emoji = teams("👩‍👩‍👧‍👦".repeat(50), 40);
    expect(emoji.replace(/ … \(\d+ more characters\)$/, "")).toMatch(/^(👩‍👩‍👧‍👦)*$/u);
  });

  it("counts hidden characters honestly", () => {
    const out = plain("abcdefghij".repeat(10), 50);
    const hidden = Number(/\((\d+) more characters\)$/.exec(out)?.[1]);
    const shown = out.replace(/ … \(\d+ more characters\)$/, "");
    expect(codePoints(shown) + hidden).toBe(100);
  });

  it("returns the text unchanged in length when it fits, and empty for nothing", () => {
    expect(plain("short", 5)).toBe("short");
    expect(plain("", 10)).toBe("");
    expect(safeChatText(null, { format: "plain", maxLength: 10 })).toBe("");
    expect(safeChatText(undefined, { format: "plain", maxLength: 10 })).toBe("");
  });
});

describe("safeChatText: properties over arbitrary input", () => {
  const hostileChars = fc.constantFrom(
    "<",
    ">",
    "&",
    "@",
    "!",
    "*",
    "_",
    "~",
    "`",
    "\\",
    "\n",
    "\u200B",
    "\u202E",
    "\u2066",
    "\u0000",
    "\u001B",
    "here",
    "channel",
    "http://",
    "www.",
    ".com",
    "a",
    " ",
    "👩‍💻",
  );
  const hostileText = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(hostileChars, { maxLength: 120 }).map((a) => a.join("")),
  );

  it("never exceeds the cap and never leaves control, bidi or zero-width characters", () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 0, max: 400 }), fc.constantFrom(...FORMATS), (s, max, format) => {
        const out = safeChatText(s, { format, maxLength: max });
        expect(codePoints(out)).toBeLessThanOrEqual(max);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
        expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069]/u);
      }),
      { numRuns: 500 },
    );
  });

  it("never lets a Slack mention, broadcast or URL through in mrkdwn", () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const out = safeChatText(s, { format: "slack_mrkdwn", maxLength: 5000 });
        expect(out).not.toMatch(/<[!@#]/);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/@(here|channel|everyone)\b/i);
        expect(out).not.toMatch(/https?:\/\//i);
      }),
      { numRuns: 500 },
    );
  });
});
