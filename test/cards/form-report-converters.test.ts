// Converters, continued: the resolve form and the report card (the case card is in converters.test.ts).
// Adaptive Cards, with explicit expected output (as vercel/chat tests cardToBlockKit/cardToAdaptiveCard).
import { describe, expect, it } from "vitest";
import { resolveFormContent } from "../../src/core/case-forms.js";
import type { ReportCard } from "../../src/core/report-card.js";
import { buildResolveModal } from "../../src/slack/views/modals.js";
import { reportCardToBlockKit } from "../../src/slack/views/report.js";
import { reportCardToAdaptiveCard } from "../../src/teams/cards/report-card.js";
import { resolveFormToAdaptiveCard } from "../../src/teams/cards/resolve-form.js";
import { caseView } from "../support/views.js";
import { checkAdaptiveCard } from "../teams/adaptive.js";

const plainText = (text: string) => ({ type: "plain_text", text, emoji: true });

describe("the resolve form: one content, a Slack modal and a Teams inline form", () => {
  const view = caseView({ rootCauses: ["punctuality", "price"], comment: null });
  const content = resolveFormContent({ caseId: 42, rootCauses: view.rootCauses, view });

  it("offers the same outcomes, root causes and follow-ups, with the same labels, on both", () => {
    const modal = buildResolveModal({ caseId: 42, rootCauses: view.rootCauses, view }, { caseId: 42 });
    expect(modal.blocks.slice(1, 4)).toEqual([
      {
        type: "input",
        block_id: "outcome",
        label: plainText("Outcome"),
        element: {
          type: "radio_buttons",
          action_id: "outcome",
          options: [
            {
              text: plainText("Recovered"),
              value: "recovered",
              description: plainText("the customer is satisfied now"),
            },
            {
              text: plainText("Not recovered"),
              value: "not_recovered",
              description: plainText("we talked, still unhappy"),
            },
            {
              text: plainText("Could not reach"),
              value: "unreachable",
              description: plainText("no answer by phone or email"),
            },
          ],
        },
      },
      {
        type: "input",
        block_id: "root_cause",
        label: plainText("Root cause"),
        element: {
          type: "static_select",
          action_id: "root_cause",
          placeholder: plainText("Pick the main cause"),
          options: [
            { text: plainText("punctuality"), value: "punctuality" },
            { text: plainText("price"), value: "price" },
          ],
        },
      },
      {
        type: "input",
        block_id: "options",
        optional: true,
        label: plainText("Follow-up"),
        element: {
          type: "checkboxes",
          action_id: "options",
          options: [
            {
              text: plainText("Outer loop: needs a fix beyond this team"),
              value: "outer_loop",
              description: plainText("Flags it for the company (process, pricing, product)"),
            },
            {
              text: plainText("Plan a coaching session with Dee Technician"),
              value: "coach",
              description: plainText("For the staff member who served the customer"),
            },
          ],
        },
      },
    ]);

    const form = resolveFormToAdaptiveCard(content);
    expect(form.body).toEqual([
      { type: "TextBlock", text: "Resolve case #42", wrap: true, weight: "Bolder" },
      {
        type: "Input.ChoiceSet",
        id: "outcome",
        label: "Outcome",
        style: "expanded",
        isRequired: true,
        errorMessage: "Pick how the follow-up ended.",
        choices: [
          { title: "Recovered: the customer is satisfied now", value: "recovered" },
          { title: "Not recovered: we talked, still unhappy", value: "not_recovered" },
          { title: "Could not reach: no answer by phone or email", value: "unreachable" },
        ],
      },
      {
        type: "Input.ChoiceSet",
        id: "rootCause",
        label: "Root cause",
        isRequired: true,
        errorMessage: "Pick the main root cause.",
        placeholder: "Pick the main cause",
        choices: [
          { title: "punctuality", value: "punctuality" },
          { title: "price", value: "price" },
        ],
      },
      { type: "Input.Toggle", id: "outerLoop", title: "Outer loop: needs a fix beyond this team", value: "false" },
      {
        type: "Input.Text",
        id: "resolveNote",
        label: "Note (optional)",
        isMultiline: true,
        maxLength: 3000,
        placeholder: "What you learned and agreed with the customer",
      },
      { type: "Input.Toggle", id: "coachStaff", title: "Plan a coaching session with Dee Technician", value: "false" },
    ]);
    expect(form.actions).toEqual([
      {
        type: "Action.Execute",
        verb: "resolve",
        title: "Resolve",
        data: { caseId: 42, verb: "resolve" },
        style: "positive",
      },
    ]);
  });
});

describe("the report card: the score once, with its margin and n", () => {
  const report: ReportCard = {
    title: ["📊 NPS · ", { outside: "North", mask: false, max: 120 }],
    scope: ["Team ", { outside: "team-north", mask: false, max: 100 }, " · last 30 days"],
    note: null,
    headline: { label: "NPS", figure: "+47.7", detail: "± 13.7 (95% margin) · n = 128", tone: "good" },
    absent: null,
    warning: null,
    facts: [{ label: "Change", value: ["+5 vs ", "the previous period", "; ", { strong: "significant" }, " at 95%"] }],
    followUp: { label: "Follow-up", facts: [{ label: "Open cases", value: ["3"] }] },
    fallback: "NPS report: North (team team-north)\nNPS +47.7 ± 13.7 (95% margin of error) from 128 responses",
  };

  it("converts to Block Kit exactly", () => {
    expect(reportCardToBlockKit(report)).toEqual({
      blocks: [
        { type: "header", text: plainText("📊 NPS · North") },
        { type: "context", elements: [{ type: "mrkdwn", text: "Team team-north · last 30 days" }] },
        { type: "section", text: { type: "mrkdwn", text: "*NPS* *+47.7* ± 13.7 (95% margin) · n = 128" } },
        {
          type: "section",
          fields: [{ type: "mrkdwn", text: "*Change*\n+5 vs the previous period; *significant* at 95%" }],
        },
        { type: "section", text: { type: "mrkdwn", text: "*Follow-up*" } },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Open cases*\n3" }] },
      ],
      text: "NPS report: North (team team-north)\nNPS +47.7 ± 13.7 (95% margin of error) from 128 responses",
    });
  });

  it("converts to an Adaptive Card exactly, with no second line repeating the score", () => {
    const out = reportCardToAdaptiveCard(report);
    expect(out).toEqual({
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
      body: [
        { type: "TextBlock", text: "📊 NPS · North", wrap: true, size: "Large", weight: "Bolder" },
        { type: "TextBlock", text: "Team team-north · last 30 days", wrap: true, isSubtle: true, spacing: "None" },
        {
          type: "ColumnSet",
          columns: [
            {
              type: "Column",
              width: "auto",
              items: [
                { type: "TextBlock", text: "+47.7", wrap: true, size: "ExtraLarge", weight: "Bolder", color: "Good" },
              ],
            },
            {
              type: "Column",
              width: "stretch",
              verticalContentAlignment: "Center",
              items: [{ type: "TextBlock", text: "NPS ± 13.7 (95% margin) · n = 128", wrap: true, isSubtle: true }],
            },
          ],
        },
        {
          type: "FactSet",
          facts: [{ title: "Change", value: "+5 vs the previous period; **significant** at 95%" }],
        },
        { type: "TextBlock", text: "Follow-up", wrap: true, weight: "Bolder", separator: true },
        { type: "FactSet", facts: [{ title: "Open cases", value: "3" }] },
      ],
      fallbackText: "NPS report: North (team team-north)\nNPS +47.7 ± 13.7 (95% margin of error) from 128 responses",
    });
    expect(checkAdaptiveCard(out)).toEqual({ parse: [], validation: [], lostOnRoundTrip: [] });
  });
});
