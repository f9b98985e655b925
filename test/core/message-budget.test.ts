import { describe, expect, it } from "vitest";
import {
  capUtf16,
  fitMessageBudget,
  MESSAGE_TEXT_BUDGET,
  messageTextLength,
  utf16Length,
} from "../../src/core/messages/budget.js";
import type { MessageView } from "../../src/core/views.js";

const actions = { type: "actions" as const, actions: [{ id: "coaching_done", label: "Mark done", value: "1" }] };

describe("fitMessageBudget", () => {
  it("leaves a message within the budget as it is", () => {
    const view: MessageView = { text: "x", blocks: [{ type: "text", text: "short" }, actions] };
    expect(fitMessageBudget(view)).toBe(view);
  });

  it("counts UTF-16 units: emoji weigh two", () => {
    const view: MessageView = { text: "x", blocks: [{ type: "text", text: "😡".repeat(3000) }] };
    expect(messageTextLength(view)).toBe(6000);
    expect(utf16Length("é😡")).toBe(3);
  });

  it("summarises the tail in one line, says how many were left out and keeps the buttons", () => {
    const blocks = Array.from({ length: 40 }, (_, i) => ({ type: "text" as const, text: `${i} ${"😡".repeat(200)}` }));
    const out = fitMessageBudget({ text: "x", blocks: [...blocks, actions] }, 4000);
    expect(messageTextLength(out)).toBeLessThanOrEqual(4000);
    expect(out.blocks.at(-1)).toEqual(actions);
    const kept = out.blocks.length - 2;
    expect(kept).toBeGreaterThan(5);
    expect(out.blocks.at(-2)).toMatchObject({
      type: "context",
      text: expect.stringContaining(`and ${40 - kept} more`),
    });
    expect(out.blocks.slice(0, kept)).toEqual(blocks.slice(0, kept));
  });

  it("cuts one text bigger than the whole budget without splitting an emoji", () => {
    const out = fitMessageBudget({ text: "x", blocks: [{ type: "quote", text: "😡".repeat(20_000) }] });
    expect(messageTextLength(out)).toBeLessThanOrEqual(MESSAGE_TEXT_BUDGET);
    const quote = out.blocks[0] as { text: string };
    expect(quote.text).toMatch(/^(😡)+…$/u);
    expect(capUtf16("a😡b", 3)).toBe("a…");
  });
});
