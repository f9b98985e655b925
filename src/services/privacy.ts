// Erasure of a customer's personal data (right to erasure): names, contacts, references and
// comments go; scores, times, teams and case outcomes stay for the statistics. Posted cards are
// re-rendered in place, messages not yet sent are cancelled, and an ErasureRecord keeps a hash of
// who was erased, by whom and how much, never the data itself.
import { createHash } from "node:crypto";
import { AppError } from "../core/errors.js";
import type { MessageView } from "../core/views.js";
import { isDatabaseUnavailableError } from "../db/errors.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import { ERASED, PrivacyRepository, type SubjectResponse } from "../db/repositories/privacy.js";
import { RetentionRepository } from "../db/repositories/retention.js";
import type { CoreDeps } from "../deps.js";

export interface ErasureCounts {
  responses: number;
  cases: number;
  caseNotes: number;
  caseEvents: number;
  coachingNotes: number;
  outboxMessages: number;
  cardsRerendered: number;
  /** Status events (drop-outs, renewals) of the customer's references, deleted. */
  customerEvents: number;
}

export interface ErasureResult {
  subjectHash: string;
  counts: ErasureCounts;
  dryRun: boolean;
}

/** Fields of audit JSON that hold free text or the customer's details (staff names stay). */
const PERSONAL_KEYS = new Set([
  "note",
  "text",
  "comment",
  "customerName",
  "customerEmail",
  "customerPhone",
  "customerRef",
  "customerLabel",
]);

const ERASED_MESSAGE: MessageView = {
  text: "(This message was removed: the customer's personal data was erased.)",
  blocks: [{ type: "context", text: "This message was removed: the customer's personal data was erased." }],
};

/** The subject as it is hashed: ids and emails compared without case or surrounding space. */
export function subjectHash(subject: string): string {
  return createHash("sha256").update(`nps-loop:erasure:v1:${subject.trim().toLowerCase()}`).digest("hex");
}

class Rollback extends Error {}

export function createPrivacyService(deps: CoreDeps) {
  return {
    async eraseCustomer(input: { subject: string; requestedBy: string; dryRun?: boolean }): Promise<ErasureResult> {
      const subject = input.subject.trim();
      if (subject.length < 2) {
        throw new AppError("VALIDATION_FAILED", "--customer needs the customer's reference or email address");
      }
      const now = deps.clock.now();
      const hash = subjectHash(subject);
      let counts: ErasureCounts | undefined;
      try {
        await deps.db.transaction(
          async (tx) => {
            const repo = new PrivacyRepository(tx);
            const responses = await repo.responsesOf(subject);
            const responseIds = responses.map((r) => r.id);
            const cases = await repo.casesOf(responseIds);
            const caseIds = cases.map((c) => c.id);
            const secrets = personalTexts(subject, responses);
            const c: ErasureCounts = {
              responses: await repo.eraseResponses(responseIds, now),
              cases: cases.length,
              caseNotes: await repo.eraseCaseNotes(caseIds),
              caseEvents: 0,
              coachingNotes: await repo.eraseCoachingNotes(caseIds),
              outboxMessages: 0,
              cardsRerendered: 0,
              // By the subject itself when it is a reference, and by every reference their responses carried.
              customerEvents: await new RetentionRepository(tx).deleteEventsOf([
                ...new Set([subject, ...responses.flatMap((r) => (r.customerRef ? [r.customerRef] : []))]),
              ]),
            };
            for (const e of await repo.eventsOf(caseIds)) {
              const before = scrub(e.before, secrets);
              const after = scrub(e.after, secrets);
              const reason = e.reason && containsAny(e.reason, secrets) ? ERASED : e.reason;
              if (before.changed || after.changed || reason !== e.reason) {
                await repo.rewriteEvent(e.id, { reason, before: before.value, after: after.value });
                c.caseEvents++;
              }
            }
            const searchable = secrets.filter((s) => s.length >= 6);
            for (const row of await repo.outboxAbout(caseIds, responseIds, searchable)) {
              const payload = row.payload as { message?: unknown } | null;
              if (!payload || typeof payload !== "object" || !("message" in payload)) continue;
              if (JSON.stringify(payload.message) === JSON.stringify(ERASED_MESSAGE)) continue;
              const cancel = row.status === "pending" || row.status === "sending";
              await repo.rewriteOutbox(row.id, { ...payload, message: ERASED_MESSAGE }, cancel, now);
              c.outboxMessages++;
            }
            // Cards already posted show "personal data erased" once re-rendered (in place).
            const outbox = new OutboxRepository(tx);
            for (const { caseId, platform } of await repo.cardPlatforms(caseIds)) {
              if (!deps.platforms.includes(platform)) continue;
              await outbox.requestCardRender(caseId, platform, now);
              c.cardsRerendered++;
            }
            counts = c;
            if (input.dryRun) throw new Rollback();
            await repo.recordErasure(hash, input.requestedBy, { ...c }, now);
          },
          { timeoutMs: 120_000 },
        );
      } catch (e) {
        if (!(e instanceof Rollback)) {
          if (isDatabaseUnavailableError(e)) {
            throw new AppError(
              "DATABASE_UNAVAILABLE",
              "the database cannot be reached; nothing was erased, try again",
              undefined,
              {
                cause: e,
              },
            );
          }
          throw e;
        }
      }
      if (!input.dryRun && counts!.cardsRerendered > 0) deps.outboxKick();
      deps.log.info({ subjectHash: hash, counts, dryRun: !!input.dryRun }, "customer personal data erased");
      return { subjectHash: hash, counts: counts!, dryRun: !!input.dryRun };
    },

    /** Erasures recorded for a subject (to answer "was I erased?" without keeping who). */
    async erasuresOf(subject: string) {
      return new PrivacyRepository(deps.db.client).erasuresOf(subjectHash(subject));
    },
  };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;

/** The subject's own texts, to find them inside free text and JSON. */
function personalTexts(subject: string, responses: SubjectResponse[]): string[] {
  const out = new Set<string>([subject]);
  for (const r of responses) {
    for (const v of [r.customerRef, r.customerName, r.customerEmail, r.customerPhone, r.comment]) {
      if (v && v.trim().length >= 3) out.add(v.trim());
    }
  }
  return [...out];
}

function containsAny(text: string, secrets: string[]): boolean {
  const lower = text.toLowerCase();
  return secrets.some((s) => lower.includes(s.toLowerCase()));
}

/** Blanks personal fields and any text mentioning the subject inside audit JSON. */
export function scrub(value: unknown, secrets: string[]): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === "string") {
      if ((key !== null && PERSONAL_KEYS.has(key)) || containsAny(v, secrets)) {
        if (v !== ERASED) changed = true;
        return ERASED;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    }
    return v;
  };
  const out = walk(value, null);
  return { value: out, changed };
}
