// The rejects file of `nps-loop import csv --rejects`: cells that a spreadsheet would run as
// formulas are neutralised (OWASP: a leading single quote, and the cell quoted).
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "../../src/cli/import.js";

describe("rejects file cells", () => {
  it("prefixes a quote to every cell a spreadsheet would read as a formula, and quotes it", () => {
    expect(csvCell("=1+2")).toBe(`"'=1+2"`);
    expect(csvCell("+44 7700 900321")).toBe(`"'+44 7700 900321"`);
    expect(csvCell("-2+3")).toBe(`"'-2+3"`);
    expect(csvCell("@SUM(A1:A9)")).toBe(`"'@SUM(A1:A9)"`);
    expect(csvCell("\t=cmd")).toBe(`"'\t=cmd"`);
    expect(csvCell("\r=cmd")).toBe(`"'\r=cmd"`);
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
  });

  it("leaves ordinary cells as they were, quoting only what CSV needs", () => {
    expect(csvCell("resp-42")).toBe("resp-42");
    expect(csvCell(17)).toBe("17");
    expect(csvCell(null)).toBe("");
    expect(csvCell('score "eleven", out of range')).toBe(`"score ""eleven"", out of range"`);
    expect(csvCell("a = b")).toBe("a = b");
  });

  it("writes rows that a CSV reader splits back into the same (neutralised) cells", () => {
    const line = csvLine({
      index: 12,
      externalId: "=cmd|' /C calc'!A0",
      field: "comment",
      code: "INGEST_SCORE_OUT_OF_RANGE",
      message: "score must be 0-10, got -1",
    });
    const [cells] = parse(`${line}\n`) as string[][];
    expect(cells).toEqual([
      "12",
      "'=cmd|' /C calc'!A0",
      "comment",
      "INGEST_SCORE_OUT_OF_RANGE",
      "score must be 0-10, got -1",
    ]);
  });
});
