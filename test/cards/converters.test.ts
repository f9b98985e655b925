// The neutral cards decided in core, and the pure converters that turn them into Block Kit and
// Adaptive Cards, with explicit expected output (as vercel/chat tests cardToBlockKit/cardToAdaptiveCard).
import { describe, expect, it } from "vitest";
import { buildCaseCardContent, type CaseCard } from "../../src/core/case-card.js";
import { caseCardToBlockKit } from "../../src/slack/views/case-card.js";
import { caseCardToAdaptiveCard } from "../../src/teams/cards/case-card.js";
import { checkBlocks } from "../support/slack.js";
import { caseView } from "../support/views.js";
import { checkAdaptiveCard } from "../teams/adaptive.js";

const plainText = (text: string) => ({ type: "plain_text", text, emoji: true });

/** A neutral card with one part of every kind, a notice, a resolution and three kinds of action. */
const card: CaseCard = {
  caseId: 7,
  category: "passive",
  notice: ["Someone else claimed it first."],
  header: ["🟡 Passive · 7/10", " · ", { outside: "Salford & Co", mask: false, max: 100 }],
  quote: { kind: "absent", text: "No comment." },
  facts: [
    { label: "Received", value: ["1 h ago (", { date: new Date("2026-03-02T08:00:00Z") }, ")"] },
    { label: "Owner", value: [{ person: "Ana Ruiz", slackUserId: "U0ANA" }] },
    { label: "Customer", value: [{ outside: "mail x@y.com", mask: true, max: 100 }] },
    { label: "Staff served", value: [{ outside: null, mask: false, max: 100 }] },
    { label: "SLA", value: [{ em: "Unclaimed" }] },
  ],
  resolution: [{ label: "Resolved", value: ["✅ Recovered"] }],
  resolutionNote: { label: "Note", text: "Refunded", max: 100 },
  status: "Case #7 · claimed",
  actions: [
    { id: "claim", label: "Claim", style: "primary", form: null },
    { id: "contacted", label: "Mark contacted", form: null },
    { id: "reassign", label: "Reassign", form: { kind: "reassign", content: null } },
  ],
  fallback: ["🟡 Passive 7/10", " for ", { outside: "Salford & Co", mask: false, max: 100 }],
};

describe("the neutral case card (core)", () => {
  it("decides every word of a claimed case, the owner left out of the reassign choices", () => {
    const view = caseView({
      status: "claimed",
      ownerName: "Ana Manager",
      ownerId: 1,
      ownerPlatformId: "U0ANA",
      comment: "Late again",
      noteCount: 1,
      actions: ["unclaim", "reassign"],
    });
    const content = buildCaseCardContent(view, {
      reassignCandidates: [
        { personId: 1, name: "Ana Manager" },
        { personId: 2, name: "Bo Manager" },
      ],
    });
    expect(content).toEqual({
      caseId: 42,
      locale: "en",
      category: "detractor",
      notice: null,
      header: ["🔴 Detractor · 3/10", " · ", { outside: "North Maintenance · Acme Services", mask: false, max: 100 }],
      quote: { kind: "comment", text: "Late again", max: 2500 },
      facts: [
        { label: "Touchpoint", value: [{ outside: "maintenance visit", mask: true, max: 300 }] },
        { label: "Staff served", value: [{ outside: "Dee Technician", mask: false, max: 300 }] },
        { label: "Customer", value: [{ outside: "CUST-42 · J. C. · j***@e***.org", mask: true, max: 300 }] },
        { label: "Received", value: ["2 h ago", " (", { date: view.respondedAt }, ")"] },
        { label: "SLA", value: ["due in 46 h", " (", { date: view.dueAt }, ")"] },
        { label: "Owner", value: [{ person: "Ana Manager", slackUserId: "U0ANA" }] },
      ],
      resolution: null,
      resolutionNote: null,
      status: "Case #42 · claimed · 1 note",
      actions: [
        { id: "unclaim", label: "Unclaim", form: null },
        {
          id: "reassign",
          label: "Reassign",
          form: {
            kind: "reassign",
            content: expect.objectContaining({
              title: "Reassign case #42",
              submit: "Reassign",
              newOwner: expect.objectContaining({ label: "New owner", choices: [{ value: "2", label: "Bo Manager" }] }),
              truncated: null,
            }),
          },
        },
      ],
      fallback: [
        "🔴 Detractor 3/10",
        " for ",
        { outside: "North Maintenance", mask: false, max: 100 },
        ": “",
        { outside: "Late again", mask: true, max: 200 },
        "”",
        " (claimed by ",
        { outside: "Ana Manager", mask: false, max: 100 },
        ")",
      ],
    });
  });

  it("drops Reassign when the owner is the team's only manager", () => {
    const view = caseView({
      status: "claimed",
      ownerName: "Ana Manager",
      ownerId: 1,
      actions: ["resolve", "reassign"],
    });
    const content = buildCaseCardContent(view, { reassignCandidates: [{ personId: 1, name: "Ana Manager" }] });
    expect(content.actions.map((a) => a.id)).toEqual(["resolve"]);
  });
});

describe("caseCardToBlockKit", () => {
  it("converts every part kind exactly; Reassign stays (Slack asks for the managers when clicked)", () => {
    const out = caseCardToBlockKit(card);
    expect(out).toEqual({
      blocks: [
        { type: "context", elements: [{ type: "mrkdwn", text: "Someone else claimed it first." }] },
        { type: "header", text: plainText("🟡 Passive · 7/10 · Salford & Co") },
        { type: "section", text: { type: "mrkdwn", text: "_No comment._" } },
        {
          type: "section",
          fields: [
            {
              type: "mrkdwn",
              text: "*Received*\n1 h ago (<!date^1772438400^{date_short_pretty} at {time}|2026-03-02T08:00:00Z>)",
            },
            { type: "mrkdwn", text: "*Owner*\n<@U0ANA>" },
            { type: "mrkdwn", text: "*Customer*\nmail x∗∗∗@y∗∗∗.com" },
            { type: "mrkdwn", text: "*Staff served*\n—" },
            { type: "mrkdwn", text: "*SLA*\n_Unclaimed_" },
          ],
        },
        { type: "section", text: { type: "mrkdwn", text: "*Resolved:* ✅ Recovered" } },
        { type: "section", text: plainText("Note: Refunded") },
        { type: "context", elements: [{ type: "mrkdwn", text: "Case #7 · claimed" }] },
        {
          type: "actions",
          block_id: "case_actions:7",
          elements: [
            { type: "button", action_id: "case_claim", text: plainText("Claim"), value: "7", style: "primary" },
            { type: "button", action_id: "case_contacted", text: plainText("Mark contacted"), value: "7" },
            { type: "button", action_id: "case_reassign", text: plainText("Reassign"), value: "7" },
          ],
        },
      ],
      text: "🟡 Passive 7/10 for Salford &amp; Co",
    });
    expect(checkBlocks(out.blocks, 50)).toBeNull();
  });
});

describe("caseCardToAdaptiveCard", () => {
  it("converts every part kind exactly; Reassign without known managers shows no button", () => {
    const out = caseCardToAdaptiveCard(card);
    expect(out).toEqual({
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "Someone else claimed it first.", wrap: true, color: "Warning" },
        {
          type: "TextBlock",
          text: "🟡 Passive · 7/10 · Salford & Co",
          wrap: true,
          size: "Large",
          weight: "Bolder",
          color: "Warning",
        },
        { type: "TextBlock", text: "_No comment._", wrap: true, isSubtle: true },
        {
          type: "FactSet",
          facts: [
            {
              title: "Received",
              value: "1 h ago ({{DATE(2026-03-02T08:00:00Z, SHORT)}} {{TIME(2026-03-02T08:00:00Z)}})",
            },
            { title: "Owner", value: "Ana Ruiz" },
            { title: "Customer", value: "mail x∗∗∗@y∗∗∗.com" },
            { title: "Staff served", value: "—" },
            { title: "SLA", value: "_Unclaimed_" },
          ],
        },
        { type: "FactSet", facts: [{ title: "Resolved", value: "✅ Recovered" }], separator: true },
        { type: "RichTextBlock", inlines: [{ type: "TextRun", text: "Note: Refunded" }] },
        { type: "TextBlock", text: "Case #7 · claimed", wrap: true, isSubtle: true, size: "Small", spacing: "Small" },
      ],
      actions: [
        {
          type: "Action.Execute",
          verb: "claim",
          title: "Claim",
          data: { caseId: 7, verb: "claim" },
          style: "positive",
        },
        { type: "Action.Execute", verb: "contacted", title: "Mark contacted", data: { caseId: 7, verb: "contacted" } },
      ],
      fallbackText: "🟡 Passive 7/10 for Salford & Co",
    });
    expect(checkAdaptiveCard(out)).toEqual({ parse: [], validation: [], lostOnRoundTrip: [] });
  });
});
