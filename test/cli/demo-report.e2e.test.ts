// The foundation's acceptance check: `nps-loop demo seed`, then `nps-loop nps <team>` prints a
// report whose NPS, n and margin of error match a hand computation over the stored rows.
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { preparedDataDir } from "../support/data-dir.js";

const dataDir = preparedDataDir("nps-loop-e2e-");
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ["bin/nps-loop.js", ...args], {
    encoding: "utf8",
    // Always the embedded database in its own directory, whatever the suite runs against.
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir, LOG_LEVEL: "silent", NO_COLOR: "1" },
  });

describe("demo seed, then the nps report", () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints NPS, n and margin of error that match a hand computation", async () => {
    cli("demo", "seed", "--months", "2");
    const text = cli("nps", "brightfix-salford", "--period", "30d");
    const json = JSON.parse(cli("nps", "brightfix-salford", "--period", "30d", "--json")) as {
      n: number;
      nps: number;
      marginOfError: number;
      period: { from: string; to: string };
    };

    const db = await openDatabase({ dataDir });
    const rows = await db.prisma.surveyResponse.findMany({
      where: {
        team: { slug: "brightfix-salford" },
        respondedAt: { gte: new Date(json.period.from), lte: new Date(json.period.to) },
      },
      select: { score: true },
    });
    await db.close();

    // By hand: shares of promoters (9-10) and detractors (0-6); the +1/0/-1 variable's variance.
    const n = rows.length;
    const p = rows.filter((r) => r.score >= 9).length / n;
    const d = rows.filter((r) => r.score <= 6).length / n;
    const nps = (p - d) * 100;
    const moe = 1.96 * Math.sqrt((p + d - (p - d) ** 2) / n) * 100;

    expect(n).toBeGreaterThan(30);
    expect(json.n).toBe(n);
    expect(json.nps).toBeCloseTo(nps, 1);
    expect(json.marginOfError).toBeCloseTo(moe, 1);
    const sign = nps >= 0 ? "+" : "-";
    // One decimal, none when the rounded figure is whole ("+55", "+17.3"), as reports print numbers.
    const oneDecimal = (x: number) => String(Math.round(x * 10) / 10);
    expect(text).toContain(
      `NPS ${sign}${oneDecimal(Math.abs(nps))} ± ${oneDecimal(moe)} (95% margin of error) from ${n} responses`,
    );
  }, 180_000);
});
