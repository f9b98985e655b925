// The one command grammar (core/chat-command.ts) as each platform uses it: Slack's `/nps …` text
// (SLACK_GRAMMAR) and Teams' messages (parseTeamsCommand: optional `nps`/`report` word), in one
// table; then the person hook with a grammar of our own, and the invalid message in each locale.
import { describe, expect, it } from "vitest";
import {
  type ChatGrammar,
  type ChatRequest,
  invalidCommandText,
  parseChatCommand,
} from "../../src/core/chat-command.js";
import { SLACK_GRAMMAR } from "../../src/slack/commands/grammar.js";
import { parseTeamsCommand } from "../../src/teams/commands.js";

const slug = (s: string, as: "team" | "company" | null = null) => ({ by: "slug", slug: s, as }) as const;
const report = (target: unknown, period: string | null = null) => ({ kind: "report", target, period });
const DEFAULT = { by: "default" } as const;
const SELF = { by: "self" } as const;
const LUIS = { by: "slack_user", userId: "U0LUIS001" } as const;
const unknown = (text: string) => ({ kind: "unknown", text });
const retention = (request: object) => ({ kind: "retention", request: expect.objectContaining(request) });

type Row = [platform: "slack" | "teams", typed: string, expected: unknown];

const ROWS: Row[] = [
  // help
  ["slack", "", { kind: "help" }],
  ["slack", "help", { kind: "help" }],
  ["slack", "?", { kind: "help" }],
  ["slack", "Hello", { kind: "help" }],
  ["teams", "", { kind: "help" }],
  ["teams", "help", { kind: "help" }],
  ["teams", "/help", { kind: "help" }],
  ["teams", "hi", { kind: "help" }],
  ["teams", "nps help", { kind: "help" }],
  // reports: a slug, a keyword-marked slug, the asker, a person, a lone period, the default
  ["slack", "madrid-north", report(slug("madrid-north"))],
  ["slack", "Madrid-North 90d", report(slug("madrid-north"), "90d")],
  ["slack", "madrid-north Fortnight", report(slug("madrid-north"), "fortnight")],
  ["slack", "company acme last-quarter", report(slug("acme", "company"), "last-quarter")],
  ["slack", "team x 2026-01-01..2026-03-31", report(slug("x", "team"), "2026-01-01..2026-03-31")],
  ["slack", "me", report(SELF)],
  ["slack", "me 12w", report(SELF, "12w")],
  ["slack", "myself", report(SELF)],
  ["slack", "<@U0LUIS001|luis> 30d", report(LUIS, "30d")],
  ["slack", "<@U0LUIS001> 30d", report(LUIS, "30d")],
  ["slack", "90d", report(DEFAULT, "90d")],
  ["slack", "udee@example.com", report(slug("udee@example.com"))],
  ["teams", "nps", report(DEFAULT)],
  ["teams", "nps team-x 30d", report(slug("team-x"), "30d")],
  ["teams", "NPS Company-Y", report(slug("company-y"))],
  ["teams", "nps me", report(SELF)],
  ["teams", "nps ME 12w", report(SELF, "12w")],
  ["teams", "nps my", report(SELF)],
  ["teams", "nps 90d", report(DEFAULT, "90d")],
  ["teams", "nps team-x 2026-01-01..2026-03-31", report(slug("team-x"), "2026-01-01..2026-03-31")],
  ["teams", "nps team-x soon", report(slug("team-x"), "soon")],
  ["teams", "nps company acme quarter", report(slug("acme", "company"), "quarter")],
  ["teams", "nps udee@example.com 90d", report({ by: "email", email: "udee@example.com" }, "90d")],
  ["teams", "report team-x", report(slug("team-x"))],
  ["teams", "/nps team-x", report(slug("team-x"))],
  ["teams", "nps\u00a0team-x", report(slug("team-x"))],
  ["teams", "nps\u200bteam-x 7d ", report(slug("team-x"), "7d")],
  // a missing slug, too many words, not a command
  ["slack", "team", { kind: "invalid", problem: "team_missing", example: "/nps team madrid-north 90d" }],
  ["slack", "company", { kind: "invalid", problem: "company_missing", example: "/nps company madrid-north 90d" }],
  ["teams", "nps team", { kind: "invalid", problem: "team_missing", example: "nps team madrid-north 90d" }],
  ["slack", "a b c", unknown("a b c")],
  ["slack", "me 12w extra", unknown("me 12w extra")],
  ["slack", "team x 30d extra", unknown("team x 30d extra")],
  ["teams", "nps a b c", unknown("nps a b c")],
  ["teams", "nps team x 30d extra", unknown("nps team x 30d extra")],
  ["teams", "thanks!", unknown("thanks!")],
  ["teams", "hola", unknown("hola")],
  // without `nps`, Teams reads only command words: never a report on a sentence's first word
  ["teams", "me", unknown("me")],
  ["teams", "team north is slow", unknown("team north is slow")],
  ["teams", "team", unknown("team")],
  ["teams", "90d", unknown("90d")],
  // link
  ["slack", "link  barcelona", { kind: "link", slug: "barcelona" }],
  ["slack", "link", { kind: "link", slug: null }],
  ["teams", "link Team-North", { kind: "link", slug: "team-north" }],
  ["teams", "link", { kind: "link", slug: null }],
  ["teams", "nps link team-north", { kind: "link", slug: "team-north" }],
  // coach
  [
    "slack",
    "coach <@U0LUIS001|luis> calling ahead  when late",
    { kind: "coach", who: "<@U0LUIS001|luis>", person: LUIS, topic: "calling ahead when late" },
  ],
  ["slack", "coach luis listening", { kind: "coach", who: "luis", person: null, topic: "listening" }],
  ["slack", "coach", { kind: "coach", who: null, person: null, topic: null }],
  [
    "teams",
    "coach @mention1 calling ahead",
    { kind: "coach", who: "@mention1", person: { by: "email", email: "@mention1" }, topic: "calling ahead" },
  ],
  ["teams", "coach dee", { kind: "coach", who: "dee", person: null, topic: null }],
  ["teams", "nps coach dee be kind", { kind: "coach", who: "dee", person: null, topic: "be kind" }],
  // reminders
  ["slack", "reminders off", { kind: "reminders", enabled: false }],
  ["slack", "reminders ON", { kind: "reminders", enabled: true }],
  ["slack", "reminders", { kind: "reminders", enabled: null }],
  ["slack", "reminder off", { kind: "reminders", enabled: false }],
  ["teams", "reminders off", { kind: "reminders", enabled: false }],
  ["teams", "Reminders ON", { kind: "reminders", enabled: true }],
  ["teams", "reminders", { kind: "reminders", enabled: null }],
  ["teams", "reminder maybe", { kind: "reminders", enabled: null }],
  // impact
  ["slack", "impact", { kind: "impact", area: null, window: null }],
  ["slack", "impact Costa Norte 90d", { kind: "impact", area: "Costa Norte", window: "90d" }],
  ["teams", "nps impact", { kind: "impact", area: null, window: null }],
  ["teams", "nps impact Madrid 3x", { kind: "impact", area: "Madrid", window: "3x" }],
  ["teams", "impact Madrid", { kind: "impact", area: "Madrid", window: null }],
  // coaching effect
  ["slack", "coaching", { kind: "coaching", target: DEFAULT }],
  ["slack", "coaching madrid-north", { kind: "coaching", target: slug("madrid-north") }],
  ["slack", "coaching Madrid-North 90d", { kind: "coaching", target: slug("madrid-north") }],
  ["slack", "coaching me", { kind: "coaching", target: SELF }],
  ["slack", "coaching <@U0LUIS001|luis>", { kind: "coaching", target: LUIS }],
  ["slack", "coaching company acme", { kind: "coaching", target: slug("acme", "company") }],
  ["slack", "coaching team", { kind: "coaching", target: slug("team") }],
  ["teams", "nps coaching", { kind: "coaching", target: DEFAULT }],
  ["teams", "nps coaching Team-North", { kind: "coaching", target: slug("team-north") }],
  ["teams", "nps coaching ME", { kind: "coaching", target: SELF }],
  ["teams", "nps coaching dee@example.com", { kind: "coaching", target: { by: "email", email: "dee@example.com" } }],
  ["teams", "coaching team team-north", { kind: "coaching", target: slug("team-north", "team") }],
  // retention (its own words: core/retention-ask.ts)
  ["slack", "retention", retention({ ok: true, ask: DEFAULT, period: null })],
  ["slack", "retention area north west quarter", retention({ ok: true, ask: { by: "area", area: "north west" } })],
  ["teams", "nps retention prog-a 30d", retention({ ok: true, ask: slug("prog-a"), period: "30d" })],
  ["teams", "retention company prog-a", retention({ ok: true, ask: slug("prog-a", "company"), period: null })],
  ["teams", "nps retention a b c", retention({ ok: false, words: "a b c" })],
  // language
  ["slack", "language es", { kind: "language", tag: "es" }],
  ["slack", "idioma", { kind: "language", tag: null }],
  ["teams", "語言 zh-HK", { kind: "language", tag: "zh-HK" }],
  ["teams", "nps language en", { kind: "language", tag: "en" }],
];

describe("what people type, on each platform", () => {
  it.each(ROWS)("%s %j", (platform, typed, expected) => {
    const got = platform === "slack" ? parseChatCommand(typed, SLACK_GRAMMAR) : parseTeamsCommand(typed);
    expect(got).toEqual(expected);
  });
});

describe("the person hook", () => {
  // A grammar that names people by badge number (#42), to see the hook used wherever a person may stand.
  type Badge = { by: "badge"; n: number };
  const badges: ChatGrammar<Badge> = {
    person: (w) => (/^#\d+$/.test(w) ? { by: "badge", n: Number(w.slice(1)) } : null),
    alone: "report",
    commandWord: "ask",
  };
  const parse = (text: string): ChatRequest<Badge> => parseChatCommand(text, badges);

  it("names a person in a report, a coaching effect and a coaching session", () => {
    expect(parse("#42 12w")).toEqual(report({ by: "badge", n: 42 }, "12w"));
    expect(parse("coaching #7")).toEqual({ kind: "coaching", target: { by: "badge", n: 7 } });
    expect(parse("coach #7 listening")).toEqual({
      kind: "coach",
      who: "#7",
      person: { by: "badge", n: 7 },
      topic: "listening",
    });
  });

  it("leaves other words to the grammar: slugs, the asker, and Slack's mention as a plain slug", () => {
    expect(parse("<@U0LUIS001|luis>")).toEqual(report(slug("<@u0luis001|luis>")));
    expect(parse("me")).toEqual(report(SELF));
    expect(parse("")).toEqual(report(DEFAULT));
    expect(parse("team")).toMatchObject({ kind: "invalid", example: "ask team madrid-north 90d" });
  });

  it("is asked only about the words where a person may stand", () => {
    const asked: string[] = [];
    const noting: ChatGrammar<Badge> = {
      ...badges,
      person: (w) => {
        asked.push(w);
        return null;
      },
    };
    for (const text of ["link #3", "team #3 30d", "impact #3", "language #3", "coaching team #3", "#3 #4"]) {
      parseChatCommand(text, noting);
    }
    expect(asked).toEqual(["#3"]);
  });
});

describe("the invalid message, in the reader's language", () => {
  const team = parseChatCommand("team", SLACK_GRAMMAR);
  const company = parseTeamsCommand("nps company");

  it.each([
    ["en", team, "Which team? For example: /nps team madrid-north 90d"],
    ["es", team, "¿Qué equipo? Por ejemplo: /nps team madrid-north 90d"],
    ["zh-Hant-HK", team, "哪個團隊？例如：/nps team madrid-north 90d"],
    ["en", company, "Which company? For example: nps company madrid-north 90d"],
    ["es", company, "¿Qué empresa? Por ejemplo: nps company madrid-north 90d"],
    ["zh-Hant-HK", company, "哪間公司？例如：nps company madrid-north 90d"],
  ] as const)("%s", (locale, req, text) => {
    if (req.kind !== "invalid") throw new Error(`expected an invalid request, got ${req.kind}`);
    expect(invalidCommandText(req, locale)).toBe(text);
  });
});
