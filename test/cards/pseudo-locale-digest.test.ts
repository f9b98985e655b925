// The pseudo-locale (core/i18n/pseudo.ts) over the director digest, the admin and unassigned alerts,
// the access and link answers and the Slack/Teams notices: within Block Kit and Adaptive Card limits
// (the validators the other tests use), and nothing of ours cut (every "[" keeps its "]"). Also: a
// Spanish and a Hong Kong digest carry no English of ours, and English stays as it was.
import { describe, expect, it } from "vitest";
import { PSEUDO_LOCALE, SUPPORTED_LOCALES, t } from "../../src/core/i18n/index.js";
import {
  type AnswerStyle,
  linkText,
  notVisibleText,
  personNotFoundText,
  reportNoteText,
  whichReportText,
} from "../../src/core/messages/access.js";
import { deadLetterAlert, lookupUnavailableAlert } from "../../src/core/messages/admin.js";
import { type DigestCompany, directorDigest } from "../../src/core/messages/director-digest.js";
import { unassignedAlertMessage } from "../../src/core/messages/unassigned.js";
import type { MessageView } from "../../src/core/views.js";
import { blocksTextLength, SLACK_LIMITS } from "../../src/slack/views/blocks.js";
import { renderMessage } from "../../src/slack/views/message.js";
import { TEAMS_CARD_BUDGET_BYTES } from "../../src/teams/cards/common.js";
import { buildMessageCard, cardBytes } from "../../src/teams/cards/message-card.js";
import { checkBlocks } from "../support/slack.js";
import { reportView } from "../support/views.js";
import { checkAdaptiveCard } from "../teams/adaptive.js";

const L = PSEUDO_LOCALE;
const LONG = "Ñ".repeat(190);
const STYLE: AnswerStyle = {
  quote: (s) => `“${s}”`,
  code: (s) => `\`${s}\``,
  command: (a) => `\`/nps ${a}\``,
  mention: (u) => `<@${u}>`,
  channel: (c) => `<#${c}>`,
  strong: (s) => `*${s}*`,
};

function companies(n: number, teams = 0): DigestCompany[] {
  const report = reportView({
    slaShare: 0.8,
    openCases: 7,
    overdueCases: 2,
    topRootCauses: [
      { cause: "punctuality", count: 4 },
      { cause: "x".repeat(150), count: 2 },
    ],
  });
  return Array.from({ length: n }, (_, c) => ({
    name: `${c} ${LONG}`,
    report,
    teams: Array.from({ length: teams }, (_, k) => ({ name: `${k} ${LONG}`, report })),
    outerLoop: Array.from({ length: 8 }, (_, i) => ({
      caseId: 1000 + i,
      rootCause: i % 2 ? "price" : null,
      note: "n".repeat(400),
      teamName: LONG,
    })),
  }));
}

function expectUncut(name: string, payload: unknown) {
  const text = JSON.stringify(payload);
  expect(text, `${name} shows the pseudo-locale`).toMatch(/[áéíóú]/);
  const open = text.split("[").length - 1;
  const close = text.split("]").length - 1;
  expect(close, `${name}: ${open} "[" but ${close} "]"`).toBe(open);
}

function expectBothWithin(name: string, m: MessageView) {
  const slack = renderMessage(m, { audience: "direct" });
  expect(blocksTextLength(slack.blocks), name).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
  expect(checkBlocks(slack.blocks, SLACK_LIMITS.messageBlocks), name).toBeNull();
  const teams = buildMessageCard(m);
  const problems = checkAdaptiveCard(teams);
  expect([...problems.parse, ...problems.validation, ...problems.lostOnRoundTrip], name).toEqual([]);
  expect(cardBytes(teams), name).toBeLessThanOrEqual(TEAMS_CARD_BUDGET_BYTES);
  return { slack, teams };
}

const asMessage = (text: string): MessageView => ({ text, blocks: [{ type: "text", text }] });

describe("the pseudo-locale over digests, alerts and notices", () => {
  it("keeps the director digest within limits on both platforms, uncut (one company with teams, many companies)", () => {
    const period = t(L, "digest.period", { from: "2026-10-26", to: "2026-11-22" });
    for (const [name, input] of [
      ["digest, one company", companies(1, 30)],
      ["digest, 25 companies", companies(25)],
      ["digest, none", []],
    ] as const) {
      const m = directorDigest({ directorName: LONG, periodLabel: period, companies: [...input], locale: L });
      const { slack, teams } = expectBothWithin(name, m);
      expectUncut(`Slack ${name}`, slack.blocks);
      expectUncut(`Teams ${name}`, teams.body); // fallbackText is capped on purpose
    }
  });

  it("keeps the admin and unassigned alerts within limits, uncut", () => {
    const now = new Date("2026-11-21T09:00:00Z");
    const messages: [string, MessageView][] = [
      [
        "dead letter",
        deadLetterAlert(
          {
            rowId: 9,
            platform: "teams",
            kind: "case_card",
            destination: LONG,
            error: "e".repeat(500),
            platformCode: "forbidden",
            attempts: 8,
          },
          L,
        ),
      ],
      ["lookup unavailable", lookupUnavailableAlert({ platform: "slack", code: "missing_scope" }, L)],
      [
        "unassigned",
        unassignedAlertMessage(
          {
            responseId: 1,
            source: "qualtrics",
            externalId: "x".repeat(200),
            score: 2,
            comment: "c".repeat(900),
            touchpoint: LONG,
            respondedAt: now,
            caseId: 9,
            reasons: ["no routing rule matched"],
          },
          L,
        ),
      ],
    ];
    for (const [name, m] of messages) {
      const { slack, teams } = expectBothWithin(name, m);
      expectUncut(`Slack ${name}`, slack.blocks);
      expectUncut(`Teams ${name}`, teams.body); // fallbackText is capped on purpose
    }
  });

  it("keeps the access, link and person answers and the notices within limits, uncut", () => {
    const visible = { teams: Array.from({ length: 30 }, (_, i) => `team-${i}`), companies: ["acme"] };
    const team = { name: LONG, slug: "north" };
    const texts: [string, string][] = [
      ["which", whichReportText(visible, STYLE, L)],
      ["not visible", notVisibleText({ asked: { kind: "self" }, suggestion: "north", visible }, STYLE, L)],
      ["note", reportNoteText({ kind: "team_and_company", slug: "north" }, STYLE, L)],
      [
        "link unknown",
        linkText({ ok: false, reason: "unknown_team", slug: "x", suggestion: "y", teams: ["a"] }, STYLE, L),
      ],
      ["link which", linkText({ ok: false, reason: "which", teams: [] }, STYLE, L)],
      ["link admin", linkText({ ok: false, reason: "not_admin" }, STYLE, L)],
      ["linked", linkText({ ok: true, already: false, team, previousChannelId: null, unlinked: [team] }, STYLE, L)],
      ["already", linkText({ ok: true, already: true, team }, STYLE, L)],
      ["person", personNotFoundText({ reason: "unknown", query: { by: "teams_user" } }, STYLE, L)],
      ["email", personNotFoundText({ reason: "unknown", query: { by: "email", email: "a@b.c" } }, STYLE, L)],
      ...(
        [
          "slack.unknownPerson",
          "slack.working",
          "slack.linkNotInDm",
          "slack.linkNotMember",
          "slack.coachUsage",
          "slack.remindersUsage",
          "case.noCase",
          "slack.noSession",
          "slack.oldReportButton",
          "slack.formLostCase",
          "teams.unknownPerson",
          "teams.linkNotInChannel",
          "teams.coachUsage",
          "teams.noSession",
        ] as const
      ).map((k): [string, string] => [k, t(L, k)]),
    ];
    for (const [name, text] of texts) {
      const { slack, teams } = expectBothWithin(name, asMessage(text));
      expectUncut(`Slack ${name}`, slack.blocks);
      expectUncut(`Teams ${name}`, teams.body); // fallbackText is capped on purpose
    }
  });

  it("writes a Spanish and a Hong Kong digest without English of ours, and English as before", () => {
    const input = { directorName: "Rocío Marín", periodLabel: "p", companies: companies(2) };
    const es = JSON.stringify(directorDigest({ ...input, locale: "es" }));
    expect(es).toContain("Resumen NPS: p");
    expect(es).toContain("Seguimiento: 7 casos abiertos (2 fuera de plazo) · 80 % cerrados en plazo");
    expect(es).toContain("Problemas de bucle externo");
    const hk = JSON.stringify(directorDigest({ ...input, locale: "zh-Hant-HK" }));
    expect(hk).toContain("NPS 摘要：p");
    expect(hk).toContain("外環跟進問題");
    for (const english of ["Follow-up", "Outer-loop", "closed within", "more company", "unspecified"]) {
      expect(es).not.toContain(english);
      expect(hk).not.toContain(english);
    }
    const en = JSON.stringify(directorDigest(input));
    expect(en).toContain("NPS digest: p");
    expect(en).toContain("Follow-up: 7 open cases (2 overdue) · 80% closed within SLA · top causes: punctuality (4)");
    expect(SUPPORTED_LOCALES).toContain("es");
  });

  it("writes the admin alerts and access answers in Spanish and Chinese, English as before", () => {
    const dead = {
      rowId: 7,
      platform: "slack" as const,
      kind: "case_card",
      destination: "#north",
      error: "not_in_channel",
      platformCode: "not_in_channel",
      attempts: 8,
    };
    expect(JSON.stringify(deadLetterAlert(dead, "es"))).toContain("Mensaje sin entregar en Slack");
    expect(JSON.stringify(deadLetterAlert(dead, "es"))).toContain("tarjeta de caso (bandeja de salida n.º 7)");
    expect(deadLetterAlert(dead).text).toBe(
      "NPS Loop could not deliver a case card to #north on Slack: not_in_channel",
    );
    const response = {
      responseId: 1,
      source: "qualtrics",
      externalId: "r1",
      score: 2,
      comment: null,
      touchpoint: null,
      respondedAt: new Date("2026-11-21T09:00:00Z"),
      caseId: null,
      reasons: [],
    };
    expect(unassignedAlertMessage(response, "es").text).toContain("respuesta de un detractor (puntuación 2)");
    expect(unassignedAlertMessage(response, "zh-Hant-HK").text).toContain("貶損者回覆");
    expect(unassignedAlertMessage(response).text).toBe(
      "Unassigned detractor response (score 2) from qualtrics: it could not be routed to a team (no team matched). It waits in the unassigned queue.",
    );
    const visible = { teams: ["north"], companies: [] };
    expect(whichReportText(visible, STYLE, "es")).toBe(
      "¿Qué informe? Pregunta `/nps <equipo> [periodo]`. Equipos por los que puedes preguntar: `north`. Para tu propio NPS, pregunta `/nps me`.",
    );
    expect(whichReportText(visible, STYLE)).toBe(
      "Which report? Ask `/nps <team> [period]`. Teams you can ask about: `north`. For your own NPS, ask `/nps me`.",
    );
  });
});
