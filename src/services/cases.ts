// Claim, unclaim, reassign, resolve and notes on follow-up cases: one atomic path for Slack and
// Teams. Every attempt, allowed or denied, lands in the audit trail; effects (card re-render, the
// owner's DM, coaching) are enqueued in the same transaction and the deliverer is woken after.

import { platformsForPerson, platformsForTeam } from "../chat/targets.js";
import { type CaseAction, canManageCase, transition } from "../core/case-machine.js";
import { buildCaseCardView } from "../core/case-view.js";
import { AppError, type ErrorCode } from "../core/errors.js";
import { type Locale, readerLocale, t as tr } from "../core/i18n/index.js";
import { COACHING_DUE_DAYS, caseDoneMessage } from "../core/messages/case-answers.js";
import { ownerContactMessage } from "../core/messages-case.js";
import type { Actor, CaseDetail, CaseOutcome, ChatPlatform, PersonRecord } from "../core/types.js";
import type { CaseCardView } from "../core/views.js";
import { CaseRepository } from "../db/repositories/cases.js";
import { CoachingRepository } from "../db/repositories/coaching.js";
import { repositories } from "../db/repositories/index.js";
import { OrgRepository } from "../db/repositories/org.js";
import { OutboxRepository } from "../db/repositories/outbox.js";
import type { CoreDeps } from "../deps.js";
import { createLanguageService } from "./language.js";

export type CaseCommand =
  | { type: "claim" }
  | { type: "unclaim" }
  | { type: "contacted" }
  | { type: "reassign"; toPersonId: number }
  | {
      type: "resolve";
      outcome: CaseOutcome;
      rootCause: string;
      outerLoop: boolean;
      note?: string | null;
      coachStaff?: boolean;
    }
  | { type: "note"; text: string };

export type CaseActionResult =
  | { ok: true; noop: boolean; message: string; view: CaseCardView }
  | { ok: false; code: ErrorCode; message: string; view: CaseCardView | null };

/** The case forms a button opens (checked before opening). */
export type FormKind = "resolve" | "reassign" | "note";

export type CasePrecheck =
  | { ok: true; view: CaseCardView; candidates: PersonRecord[] }
  | { ok: false; code: ErrorCode; message: string };

const MAX_NOTE = 3000;

export function createCaseService(deps: CoreDeps) {
  const { db, clock, config } = deps;
  const language = createLanguageService(deps);

  async function resolveActor(platform: ChatPlatform, platformUserId: string): Promise<Actor> {
    const org = new OrgRepository(db.client);
    const person =
      platform === "slack" ? await org.personBySlackUser(platformUserId) : await org.personByTeamsUser(platformUserId);
    return { label: `${platform}:${platformUserId}`, person };
  }

  /** The case's card as its channel reads it, or as `locale` reads it (Teams' per-reader refresh). */
  async function cardView(caseId: number, locale?: Locale): Promise<CaseCardView | null> {
    const detail = await new CaseRepository(db.client).findDetail(caseId);
    return detail ? buildCaseCardView(detail, clock.now(), config.rootCauses, config.DEFAULT_LOCALE, locale) : null;
  }

  /** Several cards' views in one query (App Home), in the order of `caseIds`; missing cases are left out. */
  async function cardViews(caseIds: number[]): Promise<CaseCardView[]> {
    const now = clock.now();
    return (await repositories(db.client).cases.findDetails(caseIds)).map((d) =>
      buildCaseCardView(d, now, config.rootCauses, config.DEFAULT_LOCALE),
    );
  }

  /** Managers who may take the case over (for the reassign picker): the team's, never the current owner. */
  async function reassignCandidates(caseId: number): Promise<PersonRecord[]> {
    const { managers, ownerId } = await cardActors(caseId);
    return managers.filter((p) => p.id !== ownerId);
  }

  /** Who may act on the case's card (its team's managers) and who owns it now. */
  async function cardActors(caseId: number): Promise<{ managers: PersonRecord[]; ownerId: number | null }> {
    const repos = repositories(db.client);
    const c = await repos.cases.findById(caseId);
    if (!c?.teamId) return { managers: [], ownerId: null };
    return { managers: await repos.org.managersOfTeam(c.teamId), ownerId: c.ownerId };
  }

  /**
   * Would `actor` be allowed to start `kind` on the case? The check the state machine makes on
   * submission, made before a form opens so that nobody fills one in only to be refused; a refusal
   * is audited as an attempt ("form not opened"). The service still decides on submission.
   */
  async function precheck(caseId: number, actor: Actor, kind: FormKind): Promise<CasePrecheck> {
    const repos = repositories(db.client);
    const [detail, locale] = await Promise.all([repos.cases.findDetail(caseId), language.localeOf(actor.person)]);
    if (!detail) return { ok: false, code: "NOT_FOUND", message: tr(locale, "done.notFound", { id: caseId }) };
    const probe: CaseAction =
      kind === "note"
        ? { type: "note", text: "probe" }
        : kind === "reassign"
          ? // A reassign is refused for the same reasons as a claim (permission, resolved case).
            { type: "claim" }
          : { type: "resolve", outcome: "recovered", rootCause: "probe", outerLoop: false };
    const now = clock.now();
    const t = transition(
      { ...detail, ownerId: kind === "reassign" ? null : detail.ownerId },
      probe,
      actor,
      now,
      detail.owner?.name ?? null,
      locale,
    );
    if (!t.ok) {
      await repos.cases.addEvent({
        caseId,
        actorId: actor.person?.id ?? null,
        actor: actor.label,
        action: kind,
        allowed: false,
        reason: `${t.code} (form not opened)`,
        at: now,
      });
      return { ok: false, code: t.code, message: t.message };
    }
    const candidates = kind === "reassign" ? await reassignCandidates(caseId) : [];
    return { ok: true, view: buildCaseCardView(detail, now, config.rootCauses, config.DEFAULT_LOCALE), candidates };
  }

  function validate(cmd: CaseCommand): void {
    if (cmd.type === "resolve") {
      if (!config.rootCauses.includes(cmd.rootCause)) {
        throw new AppError(
          "VALIDATION_FAILED",
          `rootCause must be one of: ${config.rootCauses.join(", ")} (got "${cmd.rootCause}")`,
        );
      }
      if ((cmd.note?.length ?? 0) > MAX_NOTE) {
        throw new AppError(
          "VALIDATION_FAILED",
          `note must be at most ${MAX_NOTE} characters (got ${cmd.note?.length})`,
        );
      }
    }
    if (cmd.type === "note") {
      const text = cmd.text.trim();
      if (!text) throw new AppError("VALIDATION_FAILED", "note text is empty: write what happened or what was agreed");
      if (text.length > MAX_NOTE)
        throw new AppError("VALIDATION_FAILED", `note must be at most ${MAX_NOTE} characters (got ${text.length})`);
    }
  }

  async function act(caseId: number, cmd: CaseCommand, actor: Actor): Promise<CaseActionResult> {
    // Answers, and the card it returns, in the actor's language; the channel's message is re-rendered
    // in the channel's by the outbox.
    const locale = await language.localeOf(actor.person);
    try {
      validate(cmd);
    } catch (e) {
      if (e instanceof AppError)
        return { ok: false, code: e.code, message: e.userMessage, view: await cardView(caseId, locale) };
      throw e;
    }
    // Optimistic concurrency: a lost race re-reads the case and decides again, so the loser of
    // two simultaneous claims hears "already claimed by X".
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await db.transaction((tx) => attemptOnce(tx, caseId, cmd, actor, locale));
      if (outcome.kind === "conflict") continue;
      if (outcome.kind === "done") deps.outboxKick();
      const view = outcome.detail
        ? buildCaseCardView(outcome.detail, clock.now(), config.rootCauses, config.DEFAULT_LOCALE, locale)
        : null;
      if (outcome.kind === "not_found" || !view) {
        return {
          ok: false,
          code: "NOT_FOUND",
          message: tr(locale, "done.notFound", { id: caseId }),
          view: null,
        };
      }
      if (outcome.kind === "refused") return { ok: false, code: outcome.code, message: outcome.message, view };
      return { ok: true, noop: outcome.kind === "noop", message: outcome.message, view };
    }
    return {
      ok: false,
      code: "CONFLICT",
      message: tr(locale, "done.conflict", { id: caseId }),
      view: await cardView(caseId, locale),
    };
  }

  type Attempt =
    | { kind: "not_found"; detail: null }
    | { kind: "conflict"; detail: null }
    | { kind: "refused"; code: ErrorCode; message: string; detail: CaseDetail }
    | { kind: "noop"; message: string; detail: CaseDetail }
    | { kind: "done"; message: string; detail: CaseDetail };

  async function attemptOnce(
    tx: Parameters<Parameters<CoreDeps["db"]["transaction"]>[0]>[0],
    caseId: number,
    cmd: CaseCommand,
    actor: Actor,
    locale: Locale,
  ): Promise<Attempt> {
    const now = clock.now();
    const cases = new CaseRepository(tx);
    const org = new OrgRepository(tx);
    const c = await cases.findDetail(caseId);
    if (!c) return { kind: "not_found", detail: null };
    const audit = (allowed: boolean, reason: string | null, before?: unknown, after?: unknown) =>
      cases.addEvent({
        caseId,
        actorId: actor.person?.id ?? null,
        actor: actor.label,
        action: cmd.type,
        allowed,
        reason,
        before,
        after,
        at: now,
      });

    let action: CaseAction;
    if (cmd.type === "reassign") {
      const to = await org.personById(cmd.toPersonId);
      if (!to) {
        await audit(false, "NOT_FOUND", undefined, { toPersonId: cmd.toPersonId });
        return { kind: "refused", code: "NOT_FOUND", message: `Person #${cmd.toPersonId} does not exist.`, detail: c };
      }
      action = { type: "reassign", toPerson: to };
    } else {
      action = cmd;
    }
    const t = transition(c, action, actor, now, c.owner?.name ?? null, locale);
    if (!t.ok) {
      await audit(false, t.code);
      return { kind: "refused", code: t.code, message: t.message, detail: c };
    }
    if (t.noop) {
      await audit(true, "noop");
      return { kind: "noop", message: t.message, detail: c };
    }
    const before = pick(c, Object.keys(t.change));
    if (cmd.type !== "note") {
      const updated = await cases.applyChange(caseId, c.version, t.change);
      if (!updated) return { kind: "conflict", detail: null };
    }
    await audit(
      true,
      null,
      cmd.type === "note" ? undefined : before,
      cmd.type === "note" ? { text: cmd.text.trim() } : t.change,
    );
    const detail = (await cases.findDetail(caseId))!;
    await enqueueEffects(tx, c, detail, cmd, actor, now);
    return { kind: "done", message: caseDoneMessage(cmd, detail, now, locale), detail };
  }

  async function enqueueEffects(
    tx: Parameters<Parameters<CoreDeps["db"]["transaction"]>[0]>[0],
    before: CaseDetail,
    after: CaseDetail,
    cmd: CaseCommand,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    const outbox = new OutboxRepository(tx);
    const cases = new CaseRepository(tx);
    // Re-render the card wherever it is (or would be) shown.
    const platforms = new Set<ChatPlatform>(after.team ? platformsForTeam(after.team, deps.platforms) : []);
    for (const m of await cases.chatMessages(after.id)) platforms.add(m.platform);
    for (const p of platforms) await outbox.requestCardRender(after.id, p, now);
    // A new owner gets the customer's contact details, privately.
    if (after.owner && after.ownerId !== before.ownerId) {
      // In the owner's language: theirs, what their platform said, their case's team's, company's.
      const locale = readerLocale(after.owner, after.team, after.company, config.DEFAULT_LOCALE);
      const message = ownerContactMessage(after, now, locale);
      const rows = platformsForPerson(after.owner, deps.platforms).map((platform) => ({
        platform,
        payload: { kind: "dm" as const, personId: after.owner!.id, message },
        dedupeKey: `case:${after.id}:owner:${after.owner!.id}:v${after.version}:${platform}`,
        caseId: after.id,
      }));
      await outbox.enqueue(rows, now);
    }
    if (cmd.type === "resolve" && cmd.coachStaff && after.response.staffId) {
      await new CoachingRepository(tx).create({
        staffId: after.response.staffId,
        managerId: actor.person?.id ?? null,
        teamId: after.teamId,
        caseId: after.id,
        topic: `Case #${after.id}: ${cmd.rootCause}`,
        rootCause: cmd.rootCause,
        dueAt: new Date(now.getTime() + COACHING_DUE_DAYS * 86_400_000),
        createdAt: now,
      });
    }
  }

  return {
    resolveActor,
    act,
    cardView,
    cardViews,
    reassignCandidates,
    cardActors,
    precheck,
    canManage: canManageCase,
  };
}

export type CaseService = ReturnType<typeof createCaseService>;

function pick(c: CaseDetail, keys: string[]): Record<string, unknown> {
  const rec = c as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, rec[k] ?? null]));
}
