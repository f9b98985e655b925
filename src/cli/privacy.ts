// `nps-loop privacy erase --customer <id|email> [--by <who>] [--dry-run]`
import os from "node:os";
import type { Command } from "commander";
import { isAppError } from "../core/errors.js";
import { createPrivacyService } from "../services/privacy.js";
import { fail, withCliContext } from "./context.js";
import { cliDeps } from "./import.js";

export function registerPrivacyCommands(program: Command): void {
  const privacy = program.command("privacy").description("Customers' personal data");
  privacy
    .command("erase")
    .description(
      "Erase a customer's personal data (name, email, phone, reference, comments, notes, messages); scores stay",
    )
    .requiredOption("--customer <id-or-email>", "the customer's reference (as sent with responses) or email")
    .option("--by <who>", "who asked, for the erasure record", `cli:${safeUser()}`)
    .option("--dry-run", "count what would be erased, change nothing")
    .action(async (opts: { customer: string; by: string; dryRun?: boolean }) => {
      await withCliContext(async (ctx) => {
        const service = createPrivacyService(cliDeps(ctx));
        try {
          const earlier = await service.erasuresOf(opts.customer);
          const { counts, subjectHash, dryRun } = await service.eraseCustomer({
            subject: opts.customer,
            requestedBy: opts.by,
            dryRun: opts.dryRun,
          });
          const out = (l: string) => process.stdout.write(`${l}\n`);
          if (counts.responses === 0 && counts.customerEvents === 0) {
            out(`No responses or events for "${opts.customer}" (by reference or email); nothing to erase.`);
            if (earlier.length) out(`Already erased on ${earlier.map((e) => e.at.toISOString()).join(", ")}.`);
            return;
          }
          out(`${dryRun ? "Would erase" : "Erased"} the personal data of ${counts.responses} response(s):`);
          out(
            `  cases:                ${counts.cases} (notes blanked: ${counts.caseNotes}, audit entries scrubbed: ${counts.caseEvents})`,
          );
          out(`  coaching notes:       ${counts.coachingNotes}`);
          out(`  customer events:      ${counts.customerEvents} (drop-outs, renewals, reactivations; deleted)`);
          out(`  chat messages:        ${counts.outboxMessages} (unsent ones cancelled)`);
          out(`  cards to update:      ${counts.cardsRerendered} (the running server re-renders them in place)`);
          if (!dryRun)
            out(`Recorded as erasure ${subjectHash.slice(0, 16)}… (a hash of the customer, not their data).`);
        } catch (e) {
          if (isAppError(e)) fail(e.message, 1);
          throw e;
        }
      });
    });
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return "unknown";
  }
}
