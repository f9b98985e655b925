import { describe, expect, it } from "vitest";
import type { IncomingResponse } from "../../src/core/ingest-plan.js";
import { createIngestGroup, sliceSummary } from "../../src/services/ingest-group.js";
import type { IngestItemResult, IngestSummary } from "../../src/services/responses.js";

const item = (id: string): IncomingResponse => ({ source: "api", externalId: id, score: 3 });

/** A fake store: item "dup-*" is a duplicate, "lost-*" fails alone, others are accepted with a case. */
function fakeIngest(calls: string[][]) {
  return async (items: IncomingResponse[]): Promise<IngestSummary> => {
    calls.push(items.map((i) => i.externalId));
    await new Promise((r) => setTimeout(r, 5));
    const s: IngestSummary = {
      results: new Array(items.length),
      failures: [],
      accepted: 0,
      duplicates: 0,
      updated: 0,
      casesOpened: 0,
      messagesQueued: 0,
      unassigned: 0,
    };
    items.forEach((it, i) => {
      if (it.externalId.startsWith("lost")) {
        s.failures.push({ index: i, message: "refused" });
        return;
      }
      const dup = it.externalId.startsWith("dup");
      const r: IngestItemResult = {
        outcome: dup ? "duplicate" : "accepted",
        responseId: i + 1,
        caseId: dup ? null : 100 + i,
        teamId: null,
        routedVia: "unassigned",
        caseOpened: !dup,
        unassigned: !dup,
      };
      s.results[i] = r;
    });
    return s;
  };
}

describe("ingest group commit", () => {
  it("stores requests that arrive together in one transaction, and gives each its own outcome", async () => {
    const calls: string[][] = [];
    const grouped = createIngestGroup(fakeIngest(calls), { maxItems: 1000, concurrency: 1 });
    const [a, b, c, d] = await Promise.all([
      grouped([item("a")]),
      grouped([item("b")]),
      grouped([item("dup-c"), item("lost-c"), item("c2")]),
      grouped([item("d")]),
    ]);
    // Requests that arrive in the same turn of the event loop share one transaction.
    expect(calls).toEqual([["a", "b", "dup-c", "lost-c", "c2", "d"]]);
    expect(a).toMatchObject({ accepted: 1, duplicates: 0, casesOpened: 1, unassigned: 1, failures: [] });
    expect(b.results[0]).toMatchObject({ outcome: "accepted", responseId: 2 });
    expect(c).toMatchObject({ accepted: 1, duplicates: 1, casesOpened: 1, unassigned: 1 });
    expect(c.failures).toEqual([{ index: 1, message: "refused" }]);
    expect(c.results[1]).toBeUndefined();
    expect(c.results[2]).toMatchObject({ outcome: "accepted", responseId: 5 });
    expect(d.results[0]).toMatchObject({ responseId: 6 });
  });

  it("keeps a group within maxItems and rejects every request of a group whose store failed", async () => {
    const calls: string[][] = [];
    let fail = false;
    const ingest = fakeIngest(calls);
    const grouped = createIngestGroup(
      async (items) => {
        if (fail) throw new Error("database down");
        fail = true;
        return ingest(items);
      },
      { maxItems: 2, concurrency: 1 },
    );
    const outcomes = await Promise.allSettled([
      grouped([item("a")]),
      grouped([item("b")]),
      grouped([item("c")]),
      grouped([item("d"), item("e")]),
    ]);
    expect(calls).toEqual([["a", "b"]]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "rejected"]);
  });

  it("slices counts from the items' own results", () => {
    const s = sliceSummary(
      {
        results: [
          { outcome: "accepted", responseId: 1, caseId: 9, teamId: 2, routedVia: "team", caseOpened: true },
          { outcome: "updated", responseId: 2, caseId: null, teamId: 2, routedVia: "team" },
        ],
        failures: [],
        accepted: 1,
        duplicates: 0,
        updated: 1,
        casesOpened: 1,
        messagesQueued: 2,
        unassigned: 0,
      },
      1,
      1,
    );
    expect(s).toMatchObject({ accepted: 0, updated: 1, casesOpened: 0, unassigned: 0 });
    expect(s.results[0]).toMatchObject({ responseId: 2 });
  });
});
