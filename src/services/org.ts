// `nps-loop org apply` (and ORG_FILE at start): makes the database match an org file, in one
// transaction, idempotently. Matching: companies, teams and survey sources by slug, people by `id:`
// or email, routing rules by field + pattern. Optional fields left out of the file are left as they
// are in the database (chat commands may have set them: `/nps link`, `/nps reminders off`); an
// explicit null clears them. Things missing from the file are kept, unless `prune`: then people are
// deactivated (never deleted: their cases and history stay), survey sources disabled and routing
// rules deleted. Companies and teams are never deleted (responses refer to them).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { PRODUCT_SECRET_SETTINGS } from "../config/env.js";
import {
  type KnownOrg,
  type OrgFile,
  OrgFileError,
  type OrgProblem,
  parseOrgYaml,
  validateOrg,
} from "../core/org-file.js";
import { OrgAdminRepository } from "../db/repositories/org-admin.js";
import type { CoreDeps } from "../deps.js";
import { type EntityCounts, emptySummary, OrgApplier, type OrgApplySummary } from "./org-apply.js";

export type { EntityCounts, OrgApplySummary };

/** The clock (optional) dates inProgramme for companies with programme dates. */
export type OrgDeps = Pick<CoreDeps, "db" | "log"> & Partial<Pick<CoreDeps, "clock">>;

export interface OrgApplyOptions {
  /** Validate and compute the changes, then roll back: nothing is written. */
  dryRun?: boolean;
  /** Deactivate people, disable survey sources and delete routing rules that the file leaves out. */
  prune?: boolean;
  /** Where `secretEnv` names are looked up (default process.env). */
  env?: Record<string, string | undefined>;
  /** The file's name in messages. */
  source?: string;
  /**
   * Called as each phase starts ("read", "parse and validate", "lock", "snapshot", "plan", "companies",
   * "teams", "people", "memberships", "sources and rules", "prune", "commit") and with "done" at the
   * end: the benchmark times and measures them (bench/org-apply.ts).
   */
  onPhase?: (phase: string) => void;
}

/** Reads, validates and applies an org YAML file. Throws OrgFileError listing every problem. */
export async function applyOrgFile(deps: OrgDeps, file: string, opts: OrgApplyOptions = {}): Promise<OrgApplySummary> {
  opts.onPhase?.("read");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    throw new OrgFileError([{ path: "", message: `cannot read ${file}: ${reason}` }], file);
  }
  return applyOrgYaml(deps, text, { source: path.basename(file), ...opts });
}

export async function applyOrgYaml(deps: OrgDeps, text: string, opts: OrgApplyOptions = {}): Promise<OrgApplySummary> {
  const known = await knownOrg(deps);
  opts.onPhase?.("parse and validate");
  const v = parseOrgYaml(text, known, opts.env ?? process.env, PRODUCT_SECRET_SETTINGS);
  if (!v.ok) throw new OrgFileError(v.problems, opts.source);
  return applyValidated(deps, v.org, v.warnings, opts);
}

/** Applies an org given as an object (the demo seed uses this with its built-in org). */
export async function applyOrg(deps: OrgDeps, input: unknown, opts: OrgApplyOptions = {}): Promise<OrgApplySummary> {
  const known = await knownOrg(deps);
  const v = validateOrg(input, known, opts.env ?? process.env, undefined, PRODUCT_SECRET_SETTINGS);
  if (!v.ok) throw new OrgFileError(v.problems, opts.source);
  return applyValidated(deps, v.org, v.warnings, opts);
}

async function knownOrg(deps: OrgDeps): Promise<KnownOrg> {
  const snap = await new OrgAdminRepository(deps.db.client).slugs();
  const slugOf = new Map(snap.companies.map((c) => [c.id, c.slug]));
  return {
    companies: snap.companies.map((c) => c.slug),
    teams: snap.teams.map((t) => ({ slug: t.slug, company: slugOf.get(t.companyId) ?? "" })),
  };
}

class DryRunRollback extends Error {
  constructor(readonly summary: OrgApplySummary) {
    super("dry run");
  }
}

async function applyValidated(
  deps: OrgDeps,
  org: OrgFile,
  warnings: OrgProblem[],
  opts: OrgApplyOptions,
): Promise<OrgApplySummary> {
  const env = opts.env ?? process.env;
  try {
    const summary = await deps.db.transaction(
      async (tx) => {
        const repo = new OrgAdminRepository(tx);
        // Instances starting together with the same ORG_FILE take turns: the second sees the first's rows.
        opts.onPhase?.("lock");
        await repo.lockForApply();
        opts.onPhase?.("snapshot");
        const snap = await repo.snapshot();
        const s = emptySummary(opts.source ?? "org file", Boolean(opts.dryRun), warnings);
        const today = (deps.clock?.now() ?? new Date()).toISOString().slice(0, 10);
        await new OrgApplier(repo, snap, org, s, env, Boolean(opts.prune), today, opts.onPhase).run();
        if (opts.dryRun) throw new DryRunRollback(s);
        opts.onPhase?.("commit");
        return s;
      },
      { timeoutMs: 120_000 },
    );
    deps.log.info({ source: summary.source, counts: countsOnly(summary) }, "org file applied");
    return summary;
  } catch (e) {
    if (e instanceof DryRunRollback) return e.summary;
    throw e;
  } finally {
    opts.onPhase?.("done");
  }
}

function countsOnly(s: OrgApplySummary) {
  const { companies, teams, people, surveySources, routingRules, memberships, pruned } = s;
  return { companies, teams, people, surveySources, routingRules, memberships, pruned };
}

/** True when applying changed nothing (every entity unchanged, nothing pruned). */
export function isNoop(s: OrgApplySummary): boolean {
  return s.changes.length === 0;
}

/** The summary as the CLI prints it. */
export function formatOrgSummary(s: OrgApplySummary, opts: { maxChanges?: number } = {}): string {
  const max = opts.maxChanges ?? 60;
  const row = (label: string, c: EntityCounts) =>
    `  ${label.padEnd(16)}${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  const lines = [
    s.dryRun ? `Dry run of ${s.source}: nothing was written. It would make these changes:` : `Applied ${s.source}:`,
    row("companies", s.companies),
    row("teams", s.teams),
    row("people", s.people),
    `  ${"memberships".padEnd(16)}${s.memberships.added} added, ${s.memberships.removed} removed`,
    row("survey sources", s.surveySources),
    row("routing rules", s.routingRules),
  ];
  const p = s.pruned;
  if (p.peopleDeactivated || p.sourcesDisabled || p.rulesDeleted) {
    lines.push(
      `  ${"pruned".padEnd(16)}${p.peopleDeactivated} people deactivated, ${p.sourcesDisabled} survey sources disabled, ${p.rulesDeleted} routing rules deleted`,
    );
  }
  const n = s.notInFile;
  const kept = [
    n.companies.length ? `companies ${n.companies.join(", ")}` : "",
    n.teams.length ? `teams ${n.teams.join(", ")}` : "",
    n.activePeople ? `${n.activePeople} active people` : "",
    n.sources ? `${n.sources} survey sources` : "",
    n.rules ? `${n.rules} routing rules` : "",
  ].filter(Boolean);
  if (kept.length) {
    lines.push(`  Not in the file, left as they are: ${kept.join("; ")}.`);
    if (n.activePeople || n.sources || n.rules) {
      lines.push("  (--prune deactivates such people, disables survey sources and deletes routing rules.)");
    }
  }
  if (s.changes.length) {
    lines.push(s.dryRun ? "Changes:" : "Changes made:");
    for (const c of s.changes.slice(0, max)) lines.push(`  - ${c}`);
    if (s.changes.length > max) lines.push(`  ... and ${s.changes.length - max} more`);
  } else {
    lines.push("Nothing to change: the database already matches the file.");
  }
  if (s.warnings.length) {
    lines.push("Warnings:");
    for (const w of s.warnings) lines.push(`  - ${w.path}: ${w.message}${w.line ? ` (line ${w.line})` : ""}`);
  }
  return lines.join("\n");
}
