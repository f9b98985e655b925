// Query benchmark: the team report (queryService.report) over 1,000,000 responses, timed beside a
// hand-written SQL aggregate over the same rows in the same run.
//   npx tsx bench/query.ts [--rows 1000000] [--teams 100] [--companies 20] [--areas 4] [--months 12] [--runs 100]
// Without DATABASE_URL it loads a fresh in-memory PGlite; with it, a scratch database created on
// that server and dropped at the end.
import { parseArgs } from "node:util";
import { systemClock } from "../src/core/clock.js";
import { parsePeriod } from "../src/core/periods.js";
import type { Database } from "../src/db/client.js";
import { createQueryService } from "../src/services/queries.js";
import { analyzeAndCount, loadDetractorCases, loadOrg, loadResponses, withIndexesRebuilt } from "./lib/load.js";
import { type BenchRow, reportRows } from "./lib/report.js";
import { percentile, sumSeries, time, timeValue } from "./lib/stats.js";
import { fmtInt, fmtMs, printTable } from "./lib/table.js";
import { openBenchTarget, serverVersion } from "./lib/target.js";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    teams: { type: "string", default: "100" },
    companies: { type: "string", default: "20" },
    areas: { type: "string", default: "4" },
    months: { type: "string", default: "12" },
    runs: { type: "string", default: "100" },
  },
});
const ROWS = Number(args.rows);
const TEAMS = Number(args.teams);
const COMPANIES = Math.min(Number(args.companies), TEAMS);
const AREAS = Math.min(Number(args.areas), COMPANIES);
const MONTHS = Number(args.months);
const RUNS = Number(args.runs);
const WARMUP = 10;
const PERIODS = ["30d", "90d"];
const TIME_ZONE = "Europe/Madrid";
const BATCH = 100_000;
/** A report within this multiple of hand-written SQL reading the same rows, and far under Slack's 3 s. */
const TARGET_RATIO = 2;
const SLACK_BUDGET_MS = 3000;

async function main() {
  const target = await openBenchTarget({ name: "query" });
  const { db } = target;
  try {
    await db.migrate();
    const loadStart = performance.now();
    const counts = await load(db);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const version = await serverVersion(db);
    console.log(`\nNPS Loop query benchmark on ${target.label} (${version})`);
    console.log(
      `${fmtInt(counts.responses)} responses, ${fmtInt(counts.cases)} cases, ${TEAMS} teams, ${COMPANIES} companies, ` +
        `${AREAS} areas, ${MONTHS} months; loaded and analysed in ${loadSeconds.toFixed(1)} s; ${RUNS} runs per row ` +
        `after ${WARMUP} warm-up runs, teams taken in turn\n`,
    );
    const rows: string[][] = [];
    const benchRows: BenchRow[] = [];
    for (const spec of PERIODS) {
      const m = {
        rawCurrent: [] as number[],
        rawSame: [] as number[],
        rawArea: [] as number[],
        rawCases: [] as number[],
        firstCall: [] as number[],
        full: [] as number[],
        noComparison: [] as number[],
      };
      let scanned = 0;
      for (let i = -WARMUP; i < RUNS; i++) {
        const teamId = 1 + ((Math.abs(i) * 37) % TEAMS);
        const slug = `team-${teamId}`;
        const p = parsePeriod(spec, TIME_ZONE, systemClock.now());
        const area = `Area ${((teamId - 1) % COMPANIES) % AREAS}`;
        // A new service has no cached team: the first call pays the lookup, the next ones do not.
        const queries = createQueryService({ db: db.ctx, clock: systemClock, config: { MIN_SAMPLE: 10 } });
        // Interleaved so that every series sees the same cache state and machine load.
        const firstCall = await time(() => queries.report({ kind: "team", slug }, spec));
        const full = await time(() => queries.report({ kind: "team", slug }, spec));
        const noComparison = await time(() => queries.report({ kind: "team", slug }, spec, { comparison: false }));
        const [rawSame, n] = await timeValue(() => rawSameRows(db, teamId, p));
        const rawCurrent = await time(() => rawCurrentPeriod(db, teamId, p));
        const rawArea = await time(() => rawAreaAggregate(db, area, p));
        const rawCases = await time(() => rawCaseAggregate(db, teamId, p));
        if (i < 0) continue;
        Object.entries({ rawCurrent, rawSame, rawArea, rawCases, firstCall, full, noComparison }).forEach(([k, v]) => {
          m[k as keyof typeof m].push(v);
        });
        scanned += n;
      }
      const rawTeam = sumSeries(m.rawSame, m.rawCases);
      const rawAll = sumSeries(rawTeam, m.rawArea);
      const row = (what: string, xs: number[], base?: number[]) => [
        spec,
        what,
        fmtMs(percentile(xs, 0.5)),
        fmtMs(percentile(xs, 0.99)),
        base ? `${(percentile(xs, 0.5) / percentile(base, 0.5)).toFixed(2)}x` : "",
        base ? `${(percentile(xs, 0.99) / percentile(base, 0.99)).toFixed(2)}x` : "",
      ];
      rows.push(
        row("A      raw SQL: team NPS, this period only", m.rawCurrent),
        row(
          `B      raw SQL: team NPS, this + previous period (~${fmtInt(Math.round(scanned / RUNS))} rows)`,
          m.rawSame,
        ),
        row("C      raw SQL: team cases (open, closed: SLA, median)", m.rawCases),
        row("D      raw SQL: area programme comparison", m.rawArea),
        row("B+C    raw SQL: all rows a team report reads", rawTeam),
        row("B+C+D  raw SQL: all rows a full report reads", rawAll),
        row("report(), no area comparison, team cached  (vs B+C)", m.noComparison, rawTeam),
        row("report(), full, team cached               (vs B+C+D)", m.full, rawAll),
        row("report(), full, first call: team lookup   (vs B+C+D)", m.firstCall, rawAll),
      );
      for (const q of [0.5, 0.99]) {
        const value = percentile(m.full, q);
        const ratio = value / percentile(rawAll, q);
        benchRows.push({
          bench: "query",
          figure: `team report ${spec}, ${q === 0.5 ? "median" : "p99"} at ${fmtInt(counts.responses)} rows`,
          value: fmtMs(value),
          ratio: `${ratio.toFixed(2)}x raw SQL`,
          target: `<= ${TARGET_RATIO}x, < ${SLACK_BUDGET_MS / 1000} s`,
          pass: ratio <= TARGET_RATIO && value < SLACK_BUDGET_MS,
        });
      }
    }
    printTable(["period", "query", "median", "p99", "median ratio", "p99 ratio"], rows, 2);
    console.log(
      "\nratios: the report's median and p99 over those of hand-written SQL reading the same rows (in brackets);" +
        ` target <= ${TARGET_RATIO}x, and far under Slack's ${SLACK_BUDGET_MS / 1000} s.`,
    );
    reportRows(benchRows);
  } finally {
    await target.close();
  }
}

async function load(db: Database): Promise<{ responses: number; cases: number }> {
  const p = db.prisma;
  await p.$executeRawUnsafe("SELECT setseed(0.42)");
  await loadOrg(db, { companies: COMPANIES, teams: TEAMS, areas: AREAS, timeZone: TIME_ZONE });
  // Indexes are built once after the load rather than row by row (several times faster, above all
  // on PGlite); their definitions are read back from the catalog so they come back exactly as migrated.
  await withIndexesRebuilt(db, ["survey_responses", "follow_up_cases"], async () => {
    await loadResponses(db, { rows: ROWS, teams: TEAMS, companies: COMPANIES, months: MONTHS, batch: BATCH });
    await loadDetractorCases(db, { recentOpen: true });
  });
  return analyzeAndCount(db);
}

type P = ReturnType<typeof parsePeriod>;

/** The hand-written baseline: NPS counts of the team over the current and previous period, one scan. */
async function rawSameRows(db: Database, teamId: number, p: P): Promise<number> {
  const [r] = await db.prisma.$queryRaw<{ n: number; p: number; d: number; pn: number; pp: number; pd: number }[]>`
    SELECT COUNT(*) FILTER (WHERE responded_at >= ${p.from})::int AS n,
      COUNT(*) FILTER (WHERE responded_at >= ${p.from} AND score >= 9)::int AS p,
      COUNT(*) FILTER (WHERE responded_at >= ${p.from} AND score <= 6)::int AS d,
      COUNT(*) FILTER (WHERE responded_at < ${p.previous.to})::int AS pn,
      COUNT(*) FILTER (WHERE responded_at < ${p.previous.to} AND score >= 9)::int AS pp,
      COUNT(*) FILTER (WHERE responded_at < ${p.previous.to} AND score <= 6)::int AS pd
    FROM survey_responses
    WHERE team_id = ${teamId} AND responded_at >= ${p.previous.from} AND responded_at < ${p.to}`;
  return r!.n + r!.pn;
}

async function rawCurrentPeriod(db: Database, teamId: number, p: P): Promise<void> {
  await db.prisma.$queryRaw`
    SELECT COUNT(*)::int AS n, COUNT(*) FILTER (WHERE score >= 9)::int AS p, COUNT(*) FILTER (WHERE score <= 6)::int AS d
    FROM survey_responses WHERE team_id = ${teamId} AND responded_at >= ${p.from} AND responded_at < ${p.to}`;
}

async function rawAreaAggregate(db: Database, area: string, p: P): Promise<void> {
  await db.prisma.$queryRaw`
    SELECT c.in_programme, COUNT(*)::int AS n, COUNT(*) FILTER (WHERE r.score >= 9)::int AS p,
      COUNT(*) FILTER (WHERE r.score <= 6)::int AS d
    FROM survey_responses r JOIN companies c ON c.id = r.company_id
    WHERE c.area = ${area} AND r.responded_at >= ${p.from} AND r.responded_at < ${p.to}
    GROUP BY c.in_programme`;
}

/** A plain aggregate over the team's cases a report reads: open now, and closed in the period. */
async function rawCaseAggregate(db: Database, teamId: number, p: P): Promise<void> {
  await db.prisma.$queryRaw`
    SELECT COUNT(*)::int AS closed, COUNT(*) FILTER (WHERE resolved_at <= due_at)::int AS within_sla,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM resolved_at - created_at))::float8 AS median,
      (SELECT COUNT(*)::int FROM follow_up_cases
        WHERE team_id = ${teamId} AND status IN ('open', 'claimed', 'contacted')) AS open
    FROM follow_up_cases WHERE team_id = ${teamId} AND resolved_at >= ${p.from} AND resolved_at < ${p.to}`;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
