// Text as people read it, on both converters: numbers and signs stay as typed, dates survive
// masking, our emphasis is bold and a customer's markup is not (issue 15 items 1, 12 item 7).
import { describe, expect, it } from "vitest";
import { coachingPlannedMessage } from "../../src/core/messages/coaching.js";
import { ownerContactMessage } from "../../src/core/messages-case.js";
import type { CaseDetail } from "../../src/core/types.js";
import type { MessageView } from "../../src/core/views.js";
import { renderMessage } from "../../src/slack/views/message.js";
import { buildMessageCard } from "../../src/teams/cards/message-card.js";
import { buildReportCard } from "../../src/teams/cards/report-card.js";
import { reportView } from "../support/views.js";

const slackText = (v: MessageView, audience: "channel" | "direct" = "channel") =>
  JSON.stringify(renderMessage(v, { audience }).blocks);
const teamsText = (v: MessageView) => JSON.stringify(buildMessageCard(v).body);

const FIGURES = ["+3.9 points", "-0.3", "#1", "+48 NPS", "- 2 visits"];

function caseDetail(over: Partial<CaseDetail["response"]> = {}): CaseDetail {
  const at = new Date("2026-11-20T09:00:00Z");
  return {
    id: 42,
    responseId: 7,
    teamId: 1,
    companyId: 1,
    status: "claimed",
    ownerId: 3,
    dueAt: new Date("2026-11-22T09:00:00Z"),
    claimedAt: at,
    contactedAt: null,
    resolvedAt: null,
    outcome: null,
    rootCause: null,
    outerLoop: false,
    note: null,
    reminderSentAt: null,
    escalationLevel: 0,
    silent: false,
    version: 1,
    createdAt: at,
    response: {
      id: 7,
      source: "api",
      externalId: "r-7",
      score: 3,
      comment: "Booked for (2026-11-02 to 2026-11-29), nobody came. *Never again* - call +44 7700 900321",
      touchpoint: "boiler repair",
      customerRef: "C-1001",
      customerName: "Claire_Morgan",
      customerEmail: "claire.morgan@brightfix.example",
      customerPhone: "+44 7700 900321",
      staffId: null,
      teamId: 1,
      companyId: 1,
      respondedAt: at,
      receivedAt: at,
      erasedAt: null,
      ...over,
    },
    team: null,
    company: null,
    owner: null,
    staff: null,
    noteCount: 0,
  };
}

describe("numbers and signs survive rendering unchanged", () => {
  it("keeps signed figures and hashes at the start of lines on both platforms", () => {
    for (const figure of FIGURES) {
      const view: MessageView = {
        text: figure,
        blocks: [
          { type: "text", text: `${figure}\n${figure}` },
          { type: "fields", fields: [{ label: "Change", value: figure }] },
          { type: "context", text: figure },
        ],
      };
      const slack = renderMessage(view, { audience: "channel" });
      expect(slack.text).toBe(figure);
      expect(JSON.stringify(slack.blocks)).toContain(JSON.stringify(`${figure}\n${figure}`).slice(1, -1));
      // Teams keeps the sign; only a space after a list marker ("- 2") becomes a no-break space.
      const card = teamsText(view);
      const sign = figure.replace(/ /, figure.startsWith("- ") ? "\u00A0" : " ");
      expect(card).toContain(sign);
      expect(card).not.toMatch(/[＋－＃]/);
    }
  });

  it("shows the owner's phone and email exactly as the customer gave them, tappable", () => {
    const dm = ownerContactMessage(caseDetail(), new Date("2026-11-21T09:00:00Z"));
    const slack = slackText(dm, "direct");
    expect(slack).toContain("+44 7700 900321");
    expect(slack).toContain("<mailto:claire.morgan@brightfix.example|claire.morgan@brightfix.example>");
    expect(slack).toContain("Claire_Morgan");
    const teams = teamsText(dm);
    expect(teams).toContain("[+44 7700 900321](tel:+447700900321)");
    expect(teams).toContain("[claire.morgan@brightfix.example](mailto:claire.morgan@brightfix.example)");
    expect(teams).not.toMatch(/＋|∗∗∗/);
  });

  it("masks the same contacts in a channel and adds no links there", () => {
    const dm = ownerContactMessage(caseDetail(), new Date("2026-11-21T09:00:00Z"));
    for (const out of [slackText(dm, "channel"), JSON.stringify(buildMessageCard({ ...dm, personalContact: false }))]) {
      expect(out).not.toContain("7700 900321");
      expect(out).not.toContain("claire.morgan@");
      expect(out).not.toMatch(/tel:|mailto:/);
    }
  });
});

describe("reports keep their signs", () => {
  it("shows +3.9 and -0.3 in the Teams report card as typed, never as full-width look-alikes", () => {
    for (const [nps, delta] of [
      [3.9, -0.3],
      [-12.5, 3.9],
    ] as const) {
      const card = JSON.stringify(
        buildReportCard(
          reportView({ nps, change: { previousNps: nps - delta, previousN: 90, delta, significant: false } }),
        ),
      );
      expect(card).not.toMatch(/[＋－＃]/);
      expect(card).toContain(delta > 0 ? "+3.9" : "-0.3");
    }
  });
});

describe("masking keeps dates", () => {
  it("leaves a date range whole in a masked channel post and still masks the phone", () => {
    const view: MessageView = {
      text: "x",
      blocks: [{ type: "quote", text: "Booked (2026-11-02 to 2026-11-29), call +44 7700 900321" }],
    };
    for (const out of [slackText(view), teamsText(view)]) {
      expect(out).toContain("(2026-11-02 to 2026-11-29)");
      expect(out).not.toContain("7700 900321");
      expect(out).toMatch(/\+(\*|∗){3} (\*|∗){3} 21/);
    }
  });
});

describe("emphasis is structure", () => {
  const planned = coachingPlannedMessage({
    sessionId: 5,
    staffName: "Ana Ruiz",
    managerName: "Bo Manager",
    topic: "punctuality",
    dueAt: null,
    timeZone: "UTC",
  });

  it("renders our bold topic bold on both platforms", () => {
    expect(slackText(planned)).toContain("on: *punctuality*.");
    expect(teamsText(planned)).toContain("on: **punctuality**.");
    expect(slackText(planned)).not.toContain("∗");
    expect(teamsText(planned)).not.toContain("∗");
  });

  it("does not turn a customer's *text* (or a topic typed with stars) bold", () => {
    const view: MessageView = {
      text: "x",
      blocks: [{ type: "text", text: "Customer wrote *Never again* and _really_" }],
    };
    expect(slackText(view)).toContain("∗Never again∗ and ˍreallyˍ");
    expect(teamsText(view)).toContain("∗Never again∗ and ˍreallyˍ");
    const starry = coachingPlannedMessage({
      sessionId: 5,
      staffName: "Ana",
      managerName: null,
      topic: "*@here* <!channel>",
      dueAt: null,
      timeZone: "UTC",
    });
    const s = slackText(starry);
    expect(s).toContain("*∗＠here∗ &lt;!channel&gt;*");
    expect(s).not.toMatch(/<!channel>|@here/);
  });
});
