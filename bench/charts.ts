// Chart benchmark: each chart of a team (data query + spec + PNG at 2x) over 1,000,000 responses,
// timed beside the report query itself (queryService.report) in the same run, on the same teams.
//   npx tsx bench/charts.ts [--rows 1000000] [--small] [--teams 100] [--companies 20] [--areas 4]
//                          [--months 12] [--runs 30] [--period 12w] [--locale en-GB]
// --small is a quick look (50,000 responses, 10 runs). Without DATABASE_URL it loads a fresh
// in-memory PGlite; with it, a scratch database created on that server and dropped at the end.
import os from "node:os";
import { parseArgs } from "node:util";
import { renderChart } from "../src/charts/render.js";
import { CHART_KINDS, type ChartKind, type ChartSpec } from "../src/core/charts/types.js";
import { systemClock } from "../src/core/clock.js";
import type { Database } from "../src/db/client.js";
import { createChartService } from "../src/services/charts.js";
import { createQueryService } from "../src/services/queries.js";
import { analyzeAndCount, loadDetractorCases, loadOrg, loadResponses, withIndexesRebuilt } from "./lib/load.js";
import { type BenchRow, reportRows } from "./lib/report.js";
import { percentile, time, timeValue } from "./lib/stats.js";
import { fmtInt, fmtMs, printTable } from "./lib/table.js";
import { openBenchTarget, serverVersion } from "./lib/target.js";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string" },
    small: { type: "boolean", default: false },
    teams: { type: "string", default: "100" },
    companies: { type: "string", default: "20" },
    areas: { type: "string", default: "4" },
    months: { type: "string", default: "12" },
    runs: { type: "string" },
    period: { type: "string", default: "12w" },
    locale: { type: "string", default: "en-GB" },
  },
});
const ROWS = Number(args.rows ?? (args.small ? 50_000 : 1_000_000));
const RUNS = Number(args.runs ?? (args.small ? 10 : 30));
const TEAMS = Number(args.teams);
const COMPANIES = Math.min(Number(args.companies), TEAMS);
const AREAS = Math.min(Number(args.areas), COMPANIES);
const MONTHS = Number(args.months);
const WARMUP = 3;
const PERIOD = args.period;
const LOCALE = args.locale;
const TIME_ZONE = "Europe/Madrid";
/** The target for a chart, beside the report query. */
const TARGET_P99_MS = 500;

async function main() {
  const target = await openBenchTarget({ name: "charts" });
  const { db } = target;
  try {
    await db.migrate();
    const loadStart = performance.now();
    const counts = await load(db);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    console.log(`\nNPS Loop chart benchmark on ${target.label} (${await serverVersion(db)})`);
    console.log(
      `${fmtInt(counts.responses)} responses, ${fmtInt(counts.cases)} cases, ${TEAMS} teams, ${COMPANIES} companies, ` +
        `${AREAS} areas, ${MONTHS} months; loaded in ${loadSeconds.toFixed(1)} s; period ${PERIOD}, locale ${LOCALE}; ` +
        `${RUNS} runs after ${WARMUP} warm-up runs, teams taken in turn\n`,
    );
    const config = { MIN_SAMPLE: 10 };
    const queries = createQueryService({ db: db.ctx, clock: systemClock, config });
    const charts = createChartService({ db: db.ctx, clock: systemClock, config, queries });
    const report: number[] = [];
    const series = new Map<ChartKind, { data: number[]; render: number[]; total: number[]; bytes: number[] }>(
      CHART_KINDS.map((k) => [k, { data: [], render: [], total: [], bytes: [] }]),
    );
    for (let i = -WARMUP; i < RUNS; i++) {
      const slug = `team-${1 + ((Math.abs(i) * 37) % TEAMS)}`;
      const teamTarget = { kind: "team" as const, slug };
      // Interleaved so that every series sees the same cache state and machine load.
      const r = await time(() => queries.report(teamTarget, PERIOD));
      for (const kind of CHART_KINDS) {
        const ask = { kind, target: teamTarget, period: PERIOD, locale: LOCALE };
        const [data, spec] = await timeValue<ChartSpec>(() => charts.spec(ask));
        const [render, png] = await timeValue(() => renderChart(spec));
        if (i < 0) continue;
        const s = series.get(kind)!;
        s.data.push(data);
        s.render.push(render);
        s.total.push(data + render);
        s.bytes.push(png.png.length);
      }
      if (i >= 0) report.push(r);
    }
    const rows: string[][] = [
      [
        "report()",
        "the report query itself (baseline)",
        fmtMs(percentile(report, 0.5)),
        fmtMs(percentile(report, 0.99)),
        "",
        "",
      ],
    ];
    const verdicts: string[] = [];
    const benchRows: BenchRow[] = [];
    for (const [kind, s] of series) {
      const ratio = (xs: number[]) => `${(percentile(xs, 0.99) / percentile(report, 0.99)).toFixed(2)}x`;
      rows.push(
        [kind, "data query + spec", fmtMs(percentile(s.data, 0.5)), fmtMs(percentile(s.data, 0.99)), ratio(s.data), ""],
        [
          kind,
          "render (Vega-Lite -> SVG -> PNG 2x)",
          fmtMs(percentile(s.render, 0.5)),
          fmtMs(percentile(s.render, 0.99)),
          ratio(s.render),
          "",
        ],
        [
          kind,
          "chart total",
          fmtMs(percentile(s.total, 0.5)),
          fmtMs(percentile(s.total, 0.99)),
          ratio(s.total),
          `${fmtInt(Math.round(percentile(s.bytes, 0.5) / 1024))} KB`,
        ],
      );
      const p99 = percentile(s.total, 0.99);
      verdicts.push(`${kind} p99 ${fmtMs(p99)} ${p99 < TARGET_P99_MS ? "<" : ">="} ${TARGET_P99_MS} ms`);
      benchRows.push({
        bench: "charts",
        figure: `${kind} chart p99 (query + spec + PNG) at ${fmtInt(counts.responses)} rows`,
        value: fmtMs(p99),
        ratio: `${(p99 / percentile(report, 0.99)).toFixed(2)}x report() p99`,
        target: `< ${TARGET_P99_MS} ms`,
        pass: p99 < TARGET_P99_MS,
      });
    }
    printTable(["chart", "step", "median", "p99", "p99 vs report()", "PNG"], rows, 2);
    // Rendering is CPU-bound and does not depend on the data's size: on a shared machine its times
    // follow the load, so the load is printed beside them.
    const loadAvg = os.loadavg().map((l) => l.toFixed(1));
    console.log(`\nload average ${loadAvg.join(" / ")} (1 / 5 / 15 min) on ${os.availableParallelism()} CPUs`);
    console.log(`\ntarget: each chart's p99 under ${TARGET_P99_MS} ms beside the report query: ${verdicts.join("; ")}`);
    reportRows(benchRows);
  } finally {
    await target.close();
  }
}

/** The same organisation as bench/query.ts: companies in areas, half in the programme, a case per detractor. */
async function load(db: Database): Promise<{ responses: number; cases: number }> {
  const p = db.prisma;
  await p.$executeRawUnsafe("SELECT setseed(0.42)");
  await loadOrg(db, { companies: COMPANIES, teams: TEAMS, areas: AREAS, timeZone: TIME_ZONE });
  await withIndexesRebuilt(db, ["survey_responses", "follow_up_cases"], async () => {
    await loadResponses(db, { rows: ROWS, teams: TEAMS, companies: COMPANIES, months: MONTHS });
    await loadDetractorCases(db, { recentOpen: false });
  });
  return analyzeAndCount(db);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
