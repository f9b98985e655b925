// `nps-loop import-events <file.csv> [--source csv] [--dry-run] [--rejects <file>]`: customers'
// status events (dropped_out, renewed, reactivated) from a CSV file; safe to re-run.
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Command } from "commander";
import { systemClock } from "../core/clock.js";
import { importCustomerEventsCsv } from "../ingest/customer-events-csv.js";
import { createCustomerEventService } from "../services/customer-events.js";
import { fail, withCliContext } from "./context.js";
import { csvCell } from "./import.js";

interface Flags {
  source: string;
  dryRun?: boolean;
  rejects?: string;
}

export function registerImportEventsCommand(program: Command): void {
  program
    .command("import-events")
    .description("Import customers' status events (drop-outs, renewals, reactivations) from a CSV file")
    .argument("<file>", "CSV file with a header row: customer_ref,event,date")
    .option("--source <name>", "source name stored with each event", "csv")
    .option("--dry-run", "validate every row and count what is new, then store nothing")
    .option("--rejects <file>", "write every rejected row (line, field, reason) to this CSV file")
    .addHelpText(
      "after",
      `
Columns (found by header name, any case): customer_ref (or customer_id, customer), event (or status:
dropped_out, renewed, reactivated), date (2026-11-23, the day it happened). One event per customer,
kind and day: rows already stored are counted as duplicates. Exit status 1 when some rows were rejected.`,
    )
    .action(async (file: string, flags: Flags) => {
      await stat(file).catch(() => fail(`Cannot read ${file}: no such file`, 2));
      if (!/^[a-z0-9][a-z0-9_.:-]{0,63}$/i.test(flags.source)) {
        fail("--source must be a short name of letters, digits, _ . : - (e.g. csv or crm)", 2);
      }
      await withCliContext(async ({ database }) => {
        const service = createCustomerEventService({ db: database.ctx, clock: systemClock });
        let rejects: WriteStream | undefined;
        if (flags.rejects) {
          rejects = createWriteStream(flags.rejects);
          rejects.write("line,customerRef,field,code,reason\n");
        }
        let summary: Awaited<ReturnType<typeof importCustomerEventsCsv>>;
        try {
          summary = await importCustomerEventsCsv(service, createReadStream(file), {
            source: flags.source,
            dryRun: flags.dryRun ?? false,
            now: () => new Date(),
            onReject: (r) =>
              rejects?.write(`${[r.index, r.customerRef, r.field, r.code, r.message].map(csvCell).join(",")}\n`),
          });
        } catch (e) {
          rejects?.end();
          fail(e instanceof Error ? e.message : String(e), 2);
        }
        await new Promise<void>((resolve) => (rejects ? rejects.end(resolve) : resolve()));
        const out = (line = "") => process.stdout.write(`${line}\n`);
        out(`${flags.dryRun ? "Dry run (nothing stored):" : "Imported"} ${summary.rows} rows from ${file}`);
        out(`  accepted:   ${summary.accepted}`);
        out(`  duplicates: ${summary.duplicates} (already stored)`);
        out(`  rejected:   ${summary.rejected}`);
        if (summary.rejected) {
          out();
          out("Rejected rows:");
          for (const r of summary.firstRejections.slice(0, 20)) out(`  line ${r.index}: ${r.field}: ${r.message}`);
          if (summary.rejected > 20)
            out(`  … and ${summary.rejected - 20} more (use --rejects <file> to get them all)`);
          process.exitCode = 1;
        }
      });
    });
}
