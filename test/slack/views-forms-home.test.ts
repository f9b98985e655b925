// Slack views, continued: modals, App Home and service messages (the case card, messages and reports are in views.test.ts).
// on hostile ones (broadcast mentions, 40,000 characters, RTL overrides, markup).
import { describe, expect, it } from "vitest";
import { serviceText } from "../../src/slack/views/blocks.js";
import { buildHome } from "../../src/slack/views/home.js";
import {
  buildCoachingDoneModal,
  buildNoteModal,
  buildReassignModal,
  buildResolveModal,
  decodeMetadata,
  encodeMetadata,
  rootCauseFromValue,
} from "../../src/slack/views/modals.js";
import { checkBlocks } from "../support/slack.js";
import { HOSTILE_COMMENT, HUGE_COMMENT, madridNorth } from "../support/views.js";

// These tests assert the Madrid North sample: the shared fixtures with its details.
const { caseView, reportView } = madridNorth;

const plainText = (text: string) => ({ type: "plain_text", text, emoji: true });

/** Every text Slack would render or parse, for "never contains" checks. */
function allText(x: unknown): string {
  return JSON.stringify(x);
}

describe("modals", () => {
  const form = { caseId: 42, rootCauses: ["punctuality", "price"], view: caseView() };

  it("offers outcome, root causes, follow-up options and a note in the resolve form", () => {
    const modal = buildResolveModal(form, { caseId: 42, responseUrl: "https://hooks.slack.com/x" });
    expect(modal.title).toEqual(plainText("Resolve case #42"));
    expect(decodeMetadata(modal.private_metadata)).toEqual({
      caseId: 42,
      responseUrl: "https://hooks.slack.com/x",
      locale: "en",
    });
    const all = allText(modal.blocks);
    for (const s of ["Recovered", "Not recovered", "Could not reach", "punctuality", "price", "outer_loop", "coach"]) {
      expect(all).toContain(s);
    }
    expect(checkBlocks(modal.blocks, 100)).toBeNull();
  });

  it("drops the coaching option when nobody served the customer, and works without the case", () => {
    expect(allText(buildResolveModal({ ...form, view: caseView({ staffName: null }) }, {}).blocks)).not.toContain(
      '"coach"',
    );
    const blind = buildResolveModal({ ...form, view: null }, { caseId: 42 });
    expect(allText(blind.blocks)).toContain("Case #42");
    expect(allText(blind.blocks)).toContain("punctuality");
  });

  it("caps long and many root causes to Slack's option limits and maps them back", () => {
    const causes = Array.from({ length: 150 }, (_, i) => `${"cause ".repeat(40)}${i}`);
    const modal = buildResolveModal({ ...form, rootCauses: causes, view: null }, {});
    expect(checkBlocks(modal.blocks, 100)).toBeNull();
    expect(rootCauseFromValue("#7", causes)).toBe(causes[7]);
    expect(rootCauseFromValue("punctuality", ["punctuality"])).toBe("punctuality");
    expect(rootCauseFromValue("#999", causes)).toBeNull();
  });

  it("builds the reassign, note and coaching forms within limits, hostile text included", () => {
    const hostile = { ...form, view: caseView({ comment: HOSTILE_COMMENT + HUGE_COMMENT }) };
    const people = Array.from({ length: 130 }, (_, i) => ({
      id: i + 1,
      name: `<!here> Manager ${"z".repeat(100)} ${i}`,
    }));
    for (const modal of [
      buildReassignModal(hostile, people, { caseId: 42 }),
      buildNoteModal(hostile, { caseId: 42 }),
      buildCoachingDoneModal({ id: 3, topic: HUGE_COMMENT, staffName: "<@U1>" }, { sessionId: 3 }),
    ]) {
      expect(checkBlocks(modal.blocks, 100)).toBeNull();
      expect(Array.from(modal.title.text).length).toBeLessThanOrEqual(24);
      expect(allText(modal)).not.toMatch(/<!here>|<!channel>|<@U1>|<@U123>/);
    }
  });

  it("never exceeds Slack's private_metadata limit", () => {
    expect(encodeMetadata({ caseId: 1, responseUrl: "u".repeat(5000) }).length).toBeLessThanOrEqual(3000);
  });
});

describe("App Home", () => {
  it("lists cases, scores and coaching with Mark done buttons", () => {
    const home = buildHome({
      name: "Ana Ruiz",
      role: "manager",
      myCases: [caseView({ overdue: true, dueText: "overdue by 2 h" })],
      unclaimed: [caseView({ caseId: 43 })],
      reports: [reportView()],
      coaching: [
        {
          id: 9,
          topic: "Calling ahead",
          withName: "Luis Pérez",
          dueAt: new Date("2026-03-09T09:00:00Z"),
          canMarkDone: true,
        },
      ],
      channelOfCase: { 42: "C0TEAM001" },
    });
    expect(home.type).toBe("home");
    const all = allText(home.blocks);
    expect(all).toContain("⚠️ *overdue by 2 h* in <#C0TEAM001>");
    expect(all).toContain("Waiting for someone to claim");
    expect(all).toContain("*Madrid North* · last 30 days: *+35* ± 14.2 (n = 120)");
    expect(all).toContain('"action_id":"coaching_done"');
    expect(checkBlocks(home.blocks, 100)).toBeNull();
  });

  it("stays within 100 blocks with many hostile items", () => {
    const many = Array.from({ length: 80 }, (_, i) =>
      caseView({ caseId: i + 1, comment: HOSTILE_COMMENT + HUGE_COMMENT }),
    );
    const home = buildHome({
      name: "<!channel>",
      role: "manager",
      myCases: many,
      unclaimed: many,
      reports: Array.from({ length: 30 }, () => reportView()),
      coaching: Array.from({ length: 40 }, (_, i) => ({
        id: i,
        topic: HUGE_COMMENT,
        withName: "<@U1>",
        dueAt: null,
        canMarkDone: true,
      })),
    });
    expect(home.blocks.length).toBeLessThanOrEqual(100);
    expect(checkBlocks(home.blocks, 100)).toBeNull();
    expect(allText(home)).not.toMatch(/<!channel>|<@U1>|<@U123>/);
  });

  it("explains itself to someone unknown", () => {
    expect(
      allText(buildHome({ name: null, role: null, myCases: [], unclaimed: [], reports: [], coaching: [] })),
    ).toContain("I don't know you yet");
  });
});

describe("service messages", () => {
  it("cannot form a mention or link from a name, and keep their own formatting", () => {
    expect(serviceText("Case #4 is already claimed by <!channel> & <@U1>. Try `/nps me`.")).toBe(
      "Case #4 is already claimed by &lt;!channel&gt; &amp; &lt;@U1&gt;. Try `/nps me`.",
    );
  });
});
