// The Block Kit builders as pure functions: exact output on small cases, Slack's limits and safety
// on hostile ones (broadcast mentions, 40,000 characters, RTL overrides, markup).
import { describe, expect, it } from "vitest";
import { blocksTextLength, SLACK_LIMITS } from "../../src/slack/views/blocks.js";
import { buildCaseCard } from "../../src/slack/views/case-card.js";
import { actionIdPattern, renderMessage } from "../../src/slack/views/message.js";
import { buildReportMessage, decodeShareValue } from "../../src/slack/views/report.js";
import { checkBlocks } from "../support/slack.js";
import { HOSTILE_COMMENT, HUGE_COMMENT, madridNorth, messageView } from "../support/views.js";

// These tests assert the Madrid North sample: the shared fixtures with its details.
const { caseView, reportView } = madridNorth;

const plainText = (text: string) => ({ type: "plain_text", text, emoji: true });
const button = (action_id: string, text: string, value: string, style?: string) => ({
  type: "button",
  action_id,
  text: plainText(text),
  value,
  ...(style ? { style } : {}),
});

/** Every text Slack would render or parse, for "never contains" checks. */
function allText(x: unknown): string {
  return JSON.stringify(x);
}

const RTL_AND_INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/u;

describe("case card", () => {
  it("renders an open detractor exactly", () => {
    const card = buildCaseCard(caseView());
    expect(card).toEqual({
      blocks: [
        { type: "header", text: plainText("🔴 Detractor · 3/10 · Madrid North · Acme Services") },
        { type: "section", text: plainText("“The technician arrived two hours late.”") },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*Touchpoint*\nboiler repair" },
            { type: "mrkdwn", text: "*Staff served*\nLuis Pérez" },
            { type: "mrkdwn", text: "*Customer*\nC-1001 · M. G. · m∗∗∗@e∗∗∗.com" },
            {
              type: "mrkdwn",
              text: "*Received*\n3 h ago (<!date^1772438400^{date_short_pretty} at {time}|2026-03-02T08:00:00Z>)",
            },
            {
              type: "mrkdwn",
              text: "*SLA*\ndue in 45 h (<!date^1772611200^{date_short_pretty} at {time}|2026-03-04T08:00:00Z>)",
            },
            { type: "mrkdwn", text: "*Owner*\n_Unclaimed_" },
          ],
        },
        { type: "context", elements: [{ type: "mrkdwn", text: "Case #42 · open" }] },
        {
          type: "actions",
          block_id: "case_actions:42",
          elements: [
            button("case_claim", "Claim", "42", "primary"),
            button("case_resolve", "Resolve", "42"),
            button("case_reassign", "Reassign", "42"),
            button("case_note", "Add note", "42"),
          ],
        },
      ],
      text: "🔴 Detractor 3/10 for Madrid North: “The technician arrived two hours late.”",
    });
  });

  it("shows the owner as a mention, the resolution and only the buttons the state allows", () => {
    const card = buildCaseCard(
      caseView({
        status: "resolved",
        ownerName: "Ana Ruiz",
        ownerPlatformId: "U0ANA0001",
        outcome: "recovered",
        rootCause: "punctuality",
        outerLoop: true,
        note: "Refunded",
        noteCount: 2,
        actions: ["note"],
      }),
    );
    expect(card.blocks.slice(2)).toEqual([
      expect.objectContaining({ type: "section" }),
      // Issue 15: the resolution is laid out as facts, never run together on one line.
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "*Resolved:* ✅ Recovered\n*Root cause:* punctuality\n*Outer loop:* flagged for the company",
        },
      },
      { type: "section", text: plainText("Note: Refunded") },
      { type: "context", elements: [{ type: "mrkdwn", text: "Case #42 · resolved · 2 notes" }] },
      { type: "actions", block_id: "case_actions:42", elements: [button("case_note", "Add note", "42")] },
    ]);
    expect(allText(card.blocks[2])).toContain("*Owner*\\n<@U0ANA0001>");
    expect(allText(card.blocks[2])).toContain("*SLA*\\nClosed");
    expect(card.text).toContain("(resolved)");
  });

  it("marks an overdue case and an erased one", () => {
    expect(allText(buildCaseCard(caseView({ overdue: true, dueText: "overdue by 3 h" })).blocks)).toContain(
      "⚠️ overdue by 3 h",
    );
    const erased = buildCaseCard(caseView({ erased: true, comment: null, customerLabel: "(personal data erased)" }));
    expect(allText(erased.blocks)).toContain("personal data was erased");
  });

  it("neutralises a hostile comment: no mention, no link, no markup, no bidi trick, contacts masked", () => {
    const card = buildCaseCard(
      caseView({ comment: HOSTILE_COMMENT, staffName: "<!here> Eve", touchpoint: "*bold* <@U999>" }),
    );
    const all = allText(card);
    expect(all).not.toMatch(/<!channel>|<!here>|<@U123>|<@U999>|<https?:/);
    expect(all).not.toContain("612 345 678");
    expect(all).not.toContain("bob@evil.com");
    expect(all).not.toMatch(RTL_AND_INVISIBLE);
    // The fallback text is parsed by Slack: it must be escaped too.
    expect(card.text).not.toMatch(/<!|<@|<http/);
    expect(card.text).toContain("&lt;!channel&gt;");
    expect(checkBlocks(card.blocks, 50)).toBeNull();
  });

  it("keeps a 40,000-character comment within Slack's limits, saying how much was cut", () => {
    const card = buildCaseCard(
      caseView({ comment: HUGE_COMMENT, touchpoint: "x".repeat(5000), staffName: "y".repeat(5000) }),
    );
    expect(checkBlocks(card.blocks, 50)).toBeNull();
    const comment = (card.blocks[1] as { text: { text: string } }).text.text;
    expect(Array.from(comment).length).toBeLessThanOrEqual(3000);
    expect(comment).toMatch(/more characters\)/);
    expect(Array.from(card.text).length).toBeLessThanOrEqual(3000);
    expect(Array.from((card.blocks[0] as { text: { text: string } }).text.text).length).toBeLessThanOrEqual(150);
  });

  it("keeps long names within the header and button limits", () => {
    const card = buildCaseCard(caseView({ teamName: "T".repeat(400), companyName: "C".repeat(400) }));
    expect(checkBlocks(card.blocks, 50)).toBeNull();
  });
});

describe("MessageView renderer", () => {
  it("renders each block kind exactly", () => {
    const out = renderMessage(
      {
        text: "Weekly: *NPS* 40",
        blocks: [
          { type: "header", text: "Your week" },
          { type: "text", text: "NPS 40 from 12 answers" },
          { type: "fields", fields: [{ label: "Open", value: "2" }] },
          { type: "quote", text: "Lovely\nand quick", attribution: "A customer" },
          { type: "context", text: "Reply any time" },
          { type: "divider" },
          { type: "actions", actions: [{ id: "coaching_done", label: "Mark done", value: "7", style: "primary" }] },
        ],
      },
      { audience: "direct" },
    );
    expect(out).toEqual({
      text: "Weekly: ∗NPS∗ 40",
      blocks: [
        { type: "header", text: plainText("Your week") },
        { type: "section", text: { type: "mrkdwn", text: "NPS 40 from 12 answers" } },
        { type: "section", fields: [{ type: "mrkdwn", text: "*Open*\n2" }] },
        { type: "section", text: { type: "mrkdwn", text: ">Lovely\n>and quick\n— A customer" } },
        { type: "context", elements: [{ type: "mrkdwn", text: "Reply any time" }] },
        { type: "divider" },
        { type: "actions", elements: [button("coaching_done", "Mark done", "7", "primary")] },
      ],
    });
  });

  it("gives repeated action ids a suffix the listeners still match", () => {
    const out = renderMessage(
      {
        text: "x",
        blocks: [
          {
            type: "actions",
            actions: [
              { id: "coaching_done", label: "Mark done", value: "1" },
              { id: "coaching_done", label: "Mark done", value: "2" },
            ],
          },
        ],
      },
      { audience: "direct" },
    );
    const ids = (out.blocks[0] as { elements: { action_id: string }[] }).elements.map((e) => e.action_id);
    expect(ids).toEqual(["coaching_done", "coaching_done:1"]);
    expect(ids.every((id) => actionIdPattern("coaching_done").test(id))).toBe(true);
    expect(actionIdPattern("coaching_done").test("coaching_done_other")).toBe(false);
    expect(checkBlocks(out.blocks, 50)).toBeNull();
  });

  it("masks contacts everywhere except a personal DM", () => {
    const view = {
      text: "Call +34 612 345 678",
      blocks: [{ type: "fields" as const, fields: [{ label: "Email", value: "maria@example.com" }] }],
    };
    expect(allText(renderMessage({ ...view, personalContact: true }, { audience: "direct" }))).toContain(
      "maria@example.com",
    );
    expect(allText(renderMessage({ ...view, personalContact: true }, { audience: "channel" }))).not.toContain(
      "maria@example.com",
    );
    expect(allText(renderMessage(view, { audience: "direct" }))).not.toContain("612 345 678");
  });

  it("fits 200 blocks of hostile text into 50 and never pings anyone", () => {
    const blocks = Array.from({ length: 200 }, () => ({
      type: "quote" as const,
      text: HOSTILE_COMMENT + HUGE_COMMENT,
    }));
    const out = renderMessage({ text: HOSTILE_COMMENT.repeat(1000), blocks }, { audience: "channel" });
    // 50 blocks of 3,000 characters would pass the block count but not Slack's total text limit
    // (msg_blocks_too_long, issue 15 item 9): the total text budget decides how many are shown.
    expect(out.blocks.length).toBeLessThanOrEqual(50);
    expect(checkBlocks(out.blocks, 50)).toBeNull();
    expect(blocksTextLength(out.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    const shown = out.blocks.length - 1;
    expect(allText(out.blocks.at(-1))).toContain(`${200 - shown} more`);
    expect(allText(out)).not.toMatch(/<!channel>|<@U123>|<!here>/);
    expect(Array.from(out.text).length).toBeLessThanOrEqual(3000);
  });

  it("keeps the trailing buttons when it has to cut", () => {
    const blocks = [
      ...Array.from({ length: 60 }, () => ({ type: "text" as const, text: "line" })),
      { type: "actions" as const, actions: [{ id: "coaching_done", label: "L".repeat(200), value: "1" }] },
    ];
    const out = renderMessage(messageView({ blocks }), { audience: "direct" });
    expect(out.blocks.at(-1)?.type).toBe("actions");
    expect(checkBlocks(out.blocks, 50)).toBeNull();
  });
});

describe("report", () => {
  it("shows the numbers with their margin and a Share button", () => {
    const msg = buildReportMessage(reportView(), { share: { kind: "team", slug: "madrid-north", period: "30d" } });
    expect(msg.blocks[0]).toEqual({ type: "header", text: plainText("📊 NPS · Madrid North") });
    const all = allText(msg.blocks);
    expect(all).toContain("*+35* ± 14.2 (95% margin)");
    expect(all).toContain("+15 vs the previous period (was +20, n = 100); not significant");
    expect(all).toContain("punctuality (5), price (2)");
    const share = msg.blocks.at(-1) as { elements: { action_id: string; value: string }[] };
    expect(share.elements[0]?.action_id).toBe("report_share");
    expect(decodeShareValue(share.elements[0]!.value)).toEqual({ kind: "team", slug: "madrid-north", period: "30d" });
    expect(msg.text).toContain("NPS report: Madrid North");
    expect(checkBlocks(msg.blocks, 50)).toBeNull();
  });

  it("shows the figure once, with its margin and n, and keeps the text form for the fallback", () => {
    const msg = buildReportMessage(reportView({ nps: 47.7, marginOfError: 13.7, n: 128 }));
    const blocks = allText(msg.blocks);
    expect(blocks.match(/47\.7/g)).toHaveLength(1);
    expect(blocks).toContain("*NPS* *+47.7* ± 13.7 (95% margin) · n = 128");
    expect(msg.text).toContain("NPS +47.7 ± 13.7 (95% margin of error) from 128 responses");
  });

  it("shows no score under the minimum sample", () => {
    const msg = buildReportMessage(reportView({ n: 4, enoughData: false, nps: null, marginOfError: null }));
    const all = allText(msg.blocks);
    expect(all).toContain("Too few responses for an NPS");
    expect(all).not.toContain("95% margin");
    expect(all).not.toContain("report_share");
  });

  it("escapes hostile names and root causes", () => {
    const msg = buildReportMessage(
      reportView({
        scope: { kind: "team", slug: "x", name: "<!channel> Team" },
        topRootCauses: [{ cause: "<@U1> *bad*", count: 1 }],
      }),
      { sharedBy: "U0DORA001" },
    );
    expect(allText(msg)).not.toMatch(/<!channel>|<@U1>/);
    expect(allText(msg)).toContain("Shared by <@U0DORA001>");
  });
});
