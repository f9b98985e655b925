// `nps-loop import <file.csv> [--source csv] [--map score=Q1,comment=Q2] [--dry-run] [--no-alerts]`
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import type { Config } from "../config/env.js";
import { systemClock } from "../core/clock.js";
import type { ChatPlatform } from "../core/types.js";
import type { CoreDeps } from "../deps.js";
import { importCsv, parseColumnMap } from "../ingest/csv.js";
import type { Rejection } from "../ingest/validate.js";
import { createMetrics } from "../metrics.js";
import { createResponseService } from "../services/responses.js";
import { type CliContext, fail, withCliContext } from "./context.js";

/** Dependencies for CLI work: the same rules as the server; the running server delivers the outbox. */
export function cliDeps({ config, log, database }: CliContext): CoreDeps {
  const platforms: ChatPlatform[] = [];
  if (config.slackEnabled) platforms.push("slack");
  if (config.teamsEnabled) platforms.push("teams");
  return {
    config,
    log,
    clock: systemClock,
    db: database.ctx,
    metrics: createMetrics(),
    platforms,
    outboxKick: () => {},
  };
}

interface ImportFlags {
  source: string;
  map?: string;
  dryRun?: boolean;
  alerts: boolean;
  rejects?: string;
  batchSize: string;
}

export function registerImportCommands(program: Command): void {
  program
    .command("import")
    .description("Import survey responses from a CSV file (streamed; safe to re-run: repeats are skipped)")
    .argument("<file>", "CSV file with a header row")
    .option("--source <name>", "source name stored with each response", "csv")
    .option("--map <pairs>", "columns for fields, e.g. score=Q1,comment=Q2,team=Branch,respondedAt=Date")
    .option("--dry-run", "validate and route every row, then store nothing")
    .option("--no-alerts", "historic import: open cases silently, alert no one")
    .option("--rejects <file>", "write every rejected row (line, field, reason) to this CSV file")
    .option("--batch-size <n>", "rows per transaction", "1000")
    .addHelpText(
      "after",
      `
Columns are found by header name (externalId/id, score, comment, team, staff, touchpoint, area,
customer_id, customer_name, customer_email, customer_phone, respondedAt/date, updatedAt); --map
overrides. Other columns are kept as attributes for routing rules (attribute:<column>).
Times without a zone are read as UTC. Responses older than ALERT_MAX_AGE_DAYS never alert.
Exit status: 0 when every row was stored or skipped as a repeat, 1 when some rows were rejected.`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      const batchSize = Number(flags.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
        fail("--batch-size must be a whole number from 1 to 5000");
      }
      let map: Record<string, string>;
      try {
        map = parseColumnMap(flags.map);
      } catch (e) {
        fail((e as Error).message, 2);
      }
      const size = await stat(file).then(
        (s) => s.size,
        () => fail(`Cannot read ${file}: no such file`, 2),
      );
      if (!/^[a-z0-9][a-z0-9_.:-]{0,63}$/i.test(flags.source)) {
        fail("--source must be a short name of letters, digits, _ . : - (e.g. csv or survey-2025)", 2);
      }
      await withCliContext(async (ctx) => {
        const summary = await runImport(ctx, file, size, { ...flags, batchSize, map });
        if (summary.rejected > 0) process.exitCode = 1;
      });
    });
}

async function runImport(
  ctx: CliContext,
  file: string,
  size: number,
  flags: Omit<ImportFlags, "batchSize" | "map"> & { batchSize: number; map: Record<string, string> },
) {
  const service = createResponseService(cliDeps(ctx));
  const tty = process.stdout.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        { format: "{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let rejectsOut: WriteStream | undefined;
  if (flags.rejects) {
    rejectsOut = createWriteStream(flags.rejects);
    rejectsOut.write("line,externalId,field,code,reason\n");
  }
  const started = Date.now();
  bar?.start(size, 0, { rows: 0, rate: 0 });
  let summary: Awaited<ReturnType<typeof importCsv>>;
  try {
    summary = await importCsv(service, createReadStream(file), {
      source: flags.source,
      map: flags.map,
      batchSize: flags.batchSize,
      historic: !flags.alerts,
      dryRun: flags.dryRun ?? false,
      now: () => new Date(),
      onReject: (r) => rejectsOut?.write(`${csvLine(r)}\n`),
      onProgress: ({ rows, bytes }) => {
        const rate = Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
        bar?.update(bytes, { rows, rate });
      },
    });
  } catch (e) {
    bar?.stop();
    rejectsOut?.end();
    fail(e instanceof Error ? e.message : String(e), 2);
  } finally {
    bar?.stop();
  }
  await new Promise<void>((resolve) => (rejectsOut ? rejectsOut.end(resolve) : resolve()));
  printSummary(ctx.config, summary, flags, (Date.now() - started) / 1000);
  return summary;
}

function printSummary(
  config: Config,
  s: Awaited<ReturnType<typeof importCsv>>,
  flags: { dryRun?: boolean; alerts: boolean; rejects?: string; source: string },
  seconds: number,
) {
  const out = (line = "") => process.stdout.write(`${line}\n`);
  out(
    `${flags.dryRun ? "Dry run (nothing stored)" : "Imported"} ${s.rows} rows from source "${flags.source}" in ${seconds.toFixed(1)} s`,
  );
  out(
    `  columns: ${Object.entries(s.columns)
      .map(([f, c]) => `${f}=${c}`)
      .join(", ")}`,
  );
  if (s.attributeColumns.length) out(`  kept as attributes: ${s.attributeColumns.join(", ")}`);
  if (s.derivedIds) out("  no id column: each row's content is its id (re-importing the same file adds nothing)");
  out(`  accepted:   ${s.accepted}`);
  out(`  duplicates: ${s.duplicates} (already stored)`);
  out(`  updated:    ${s.updated}`);
  out(`  rejected:   ${s.rejected}`);
  out(
    `  cases opened: ${s.casesOpened}${flags.alerts ? ` (responses older than ${config.ALERT_MAX_AGE_DAYS} days open silently)` : " (silently: --no-alerts)"}`,
  );
  if (s.unassigned) out(`  unassigned: ${s.unassigned} (no team found; add routing rules or team/staff columns)`);
  if (s.rejected) {
    out();
    out("Rejected rows:");
    for (const r of s.firstRejections.slice(0, 20)) out(`  line ${r.index}: ${r.field}: ${r.message}`);
    if (s.rejected > 20) {
      out(
        `  … and ${s.rejected - 20} more${flags.rejects ? ` (all in ${flags.rejects})` : " (use --rejects <file> to get them all)"}`,
      );
    } else if (flags.rejects) {
      out(`  (also written to ${flags.rejects})`);
    }
  }
}

/** One row of the rejects file. */
export function csvLine(r: Pick<Rejection, "index" | "externalId" | "field" | "code" | "message">): string {
  return [r.index, r.externalId, r.field, r.code, r.message].map(csvCell).join(",");
}

/**
 * A CSV cell that a spreadsheet opens as text. Rejected rows carry the input as it came, so a cell
 * starting with =, +, -, @, tab or carriage return would run as a formula (CSV injection): as OWASP
 * recommends, such a cell is prefixed with a single quote and quoted.
 */
export function csvCell(v: string | number | null | undefined): string {
  const s = v == null ? "" : String(v);
  if (/^[=+\-@\t\r]/.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
