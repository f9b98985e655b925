// Impact benchmark: the impact report (impactService.impact) over 1,000,000 responses, timed beside
// a hand-written SQL aggregate of the same rows (each programme company's windows, its teams, and
// the comparison companies of its area) in the same run.
//   npx tsx bench/impact.ts [--rows 1000000] [--teams 100] [--companies 20] [--areas 4] [--months 12] [--runs 100]
//   npx tsx bench/impact.ts --rows 100000 --runs 30     # a quick, small run
// Without DATABASE_URL it loads a fresh in-memory PGlite; with it, a scratch database created on
// that server and dropped at the end.
import { parseArgs } from "node:util";
import { systemClock } from "../src/core/clock.js";
import type { Database } from "../src/db/client.js";
import { createImpactService } from "../src/services/impact.js";
import { analyzeAndCount, loadResponses, withIndexesRebuilt } from "./lib/load.js";
import { type BenchRow, reportRows } from "./lib/report.js";
import { percentile, time, timeValue } from "./lib/stats.js";
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
const WINDOW_DAYS = 90;
const TARGET_MS = 300;

async function main() {
  const target = await openBenchTarget({ name: "impact" });
  const { db } = target;
  try {
    await db.migrate();
    const loadStart = performance.now();
    const counts = await load(db);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    console.log(`\nNPS Loop impact benchmark on ${target.label} (${await serverVersion(db)})`);
    console.log(
      `${fmtInt(counts.responses)} responses, ${TEAMS} teams, ${COMPANIES} companies (about half in the programme, ` +
        `starts 100-250 days ago), ${AREAS} areas, ${MONTHS} months; loaded in ${loadSeconds.toFixed(1)} s; ` +
        `${RUNS} runs per row after ${WARMUP} warm-up runs, areas taken in turn; window ${WINDOW_DAYS} days\n`,
    );
    const impact = createImpactService({ db: db.ctx, clock: systemClock, config: { MIN_SAMPLE: 10 } });
    const m = { raw: [] as number[], area: [] as number[], all: [] as number[], rawAll: [] as number[] };
    let scanned = 0;
    let checked = false;
    for (let i = -WARMUP; i < RUNS; i++) {
      const area = `Area ${Math.abs(i) % AREAS}`;
      // Interleaved so that both series see the same cache state and machine load.
      const [areaMs, answer] = await timeValue(() => impact.impact(null, { area, window: `${WINDOW_DAYS}d` }));
      const [rawMs, raw] = await timeValue(() => rawImpact(db, area));
      const allMs = await time(() => impact.impact(null, { area: null, window: `${WINDOW_DAYS}d` }));
      const rawAllMs = await time(() => rawImpact(db, null));
      if (!checked && answer.ok) {
        // The report must count exactly the rows the hand-written SQL counts.
        const o = answer.view.overall;
        const n = o.programme.before.n + o.programme.after.n + o.comparison.before.n + o.comparison.after.n;
        if (n !== raw.cells) throw new Error(`impact counted ${n} answers, the raw SQL ${raw.cells}`);
        checked = true;
      }
      if (i < 0) continue;
      m.area.push(areaMs);
      m.raw.push(rawMs);
      m.all.push(allMs);
      m.rawAll.push(rawAllMs);
      scanned += raw.rows;
    }
    const row = (what: string, xs: number[], base?: number[]) => [
      what,
      fmtMs(percentile(xs, 0.5)),
      fmtMs(percentile(xs, 0.99)),
      base ? `${(percentile(xs, 0.5) / percentile(base, 0.5)).toFixed(2)}x` : "",
      base ? `${(percentile(xs, 0.99) / percentile(base, 0.99)).toFixed(2)}x` : "",
    ];
    printTable(
      ["query", "median", "p99", "median ratio", "p99 ratio"],
      [
        row(`A  raw SQL: one area's windows, teams, comparison (~${fmtInt(Math.round(scanned / RUNS))} rows)`, m.raw),
        row("B  raw SQL: every area", m.rawAll),
        row("impact(area)              (vs A)", m.area, m.raw),
        row("impact(all areas)         (vs B)", m.all, m.rawAll),
      ],
    );
    const p99 = Math.max(percentile(m.area, 0.99), percentile(m.all, 0.99));
    console.log(
      `\nratios: the report's median and p99 over those of hand-written SQL reading the same rows; target <= 2x.` +
        `\nworst p99 ${fmtMs(p99)}: ${p99 <= TARGET_MS ? "within" : "OVER"} the ${TARGET_MS} ms target (10% of Slack's 3 s).`,
    );
    const where = target.label.startsWith("PGlite") ? "embedded" : "PostgreSQL";
    const headline = (what: string, xs: number[], base: number[]): BenchRow => {
      const x99 = percentile(xs, 0.99);
      const ratio = x99 / percentile(base, 0.99);
      return {
        bench: "impact",
        figure: `${what} p99 (${where}, ${fmtInt(counts.responses)} rows)`,
        value: fmtMs(x99),
        ratio: `${ratio.toFixed(2)}x raw SQL`,
        target: `<= 2x, < ${TARGET_MS} ms`,
        pass: ratio <= 2 && x99 < TARGET_MS,
      };
    };
    reportRows([headline("impact(area)", m.area, m.raw), headline("impact(all areas)", m.all, m.rawAll)]);
  } finally {
    await target.close();
  }
}

async function load(db: Database): Promise<{ responses: number; cases: number }> {
  const p = db.prisma;
  await p.$executeRawUnsafe("SELECT setseed(0.42)");
  // About half the companies of each area are in the programme, each from its own day 100-250 days ago.
  await p.$executeRawUnsafe(`
    INSERT INTO companies (slug, name, area, in_programme, programme_start, updated_at)
    SELECT 'company-' || i, 'Company ' || i, 'Area ' || ((i - 1) % ${AREAS}), s.prog,
      CASE WHEN s.prog THEN (current_date - (100 + (i * 37) % 150)) END, now()
    FROM generate_series(1, ${COMPANIES}) i, LATERAL (SELECT ((i - 1) / ${AREAS}) % 2 = 0 AS prog) s`);
  await p.$executeRawUnsafe(`
    INSERT INTO teams (slug, name, company_id, updated_at)
    SELECT 'team-' || i, 'Team ' || i, 1 + ((i - 1) % ${COMPANIES}), now()
    FROM generate_series(1, ${TEAMS}) i`);
  await withIndexesRebuilt(db, ["survey_responses"], () =>
    loadResponses(db, { rows: ROWS, teams: TEAMS, companies: COMPANIES, months: MONTHS }),
  );
  return analyzeAndCount(db);
}

/**
 * The hand-written baseline: the same windows (90 days either side of each start, cut to now), the
 * programme company's and its teams' counts, and the area's comparison companies' counts, as plain
 * joins and GROUP BY. Returns the rows read and the four cells' total (to check the report against).
 */
async function rawImpact(db: Database, area: string | null): Promise<{ rows: number; cells: number }> {
  const rows = await db.prisma.$queryRaw<{ kind: string; n: number }[]>`
    WITH w AS (
      SELECT c.id, c.area, c.programme_start::timestamp AT TIME ZONE 'UTC' AS st,
        LEAST(${WINDOW_DAYS}::int * interval '1 day', now() - c.programme_start::timestamp AT TIME ZONE 'UTC') AS len
      FROM companies c
      WHERE c.programme_start IS NOT NULL AND (${area}::text IS NULL OR c.area = ${area})
    ), cells AS (
      SELECT 'programme' AS kind, w.id AS window_id, r.responded_at < w.st AS before, r.score
      FROM w JOIN survey_responses r ON r.company_id = w.id
        AND r.responded_at >= w.st - w.len AND r.responded_at < w.st + w.len
      UNION ALL
      SELECT 'comparison', w.id, r.responded_at < w.st, r.score
      FROM w JOIN companies cc ON cc.area = w.area AND cc.programme_start IS NULL AND NOT cc.in_programme
      JOIN survey_responses r ON r.company_id = cc.id
        AND r.responded_at >= w.st - w.len AND r.responded_at < w.st + w.len
      UNION ALL
      SELECT 'team', w.id, r.responded_at < w.st, r.score
      FROM w JOIN teams t ON t.company_id = w.id JOIN survey_responses r ON r.team_id = t.id
        AND r.responded_at >= w.st - w.len AND r.responded_at < w.st + w.len
    )
    SELECT kind, COUNT(*)::int AS n, COUNT(*) FILTER (WHERE score >= 9)::int AS p,
      COUNT(*) FILTER (WHERE score <= 6)::int AS d
    FROM cells GROUP BY kind, window_id, before`;
  const total = (k?: string) => rows.filter((r) => !k || r.kind === k).reduce((s, r) => s + r.n, 0);
  return { rows: total(), cells: total("programme") + total("comparison") };
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
