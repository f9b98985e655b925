// The one org builder for tests: an org given in the org file's shape is validated and written by
// the real org service (services/org.ts `applyOrg`: the same checks and writes as `nps-loop org
// apply`), never by inserts written here, so test orgs cannot hold what the product would refuse.
import type { OrgFileInput } from "../../src/core/org-file.js";
import type { Database } from "../../src/db/client.js";
import { OrgAdminRepository } from "../../src/db/repositories/org-admin.js";
import { silentLogger } from "../../src/log.js";
import { applyOrg } from "../../src/services/org.js";

export type OrgSpec = OrgFileInput;

/** Chat ids keyed by the person's email, for older fixtures whose ids the org file format refuses. */
export type LegacyPlatformIds = Record<string, { slackUserId?: string | null; teamsAadObjectId?: string | null }>;

export interface BuiltOrg {
  /** Database id of a company, team or person (by email) the spec named; throws for an unknown key. */
  company(slug: string): number;
  team(slug: string): number;
  person(email: string): number;
}

export interface BuildOrgOptions {
  /**
   * Written after the org service has applied the spec, through the org admin repository. Only for
   * fixtures that tests have long asserted on ("UANA", "aad-UANA"): the org file format wants real
   * Slack ids (U + 6 or more characters) and Entra GUIDs. New fixtures should use valid ids instead.
   */
  legacyPlatformIds?: LegacyPlatformIds;
}

/** Applies `spec` through the org service and returns the ids of what it named. */
export async function buildOrg(db: Database, spec: OrgSpec, opts: BuildOrgOptions = {}): Promise<BuiltOrg> {
  await applyOrg({ db: db.ctx, log: silentLogger }, spec, { env: {}, source: "test org" });
  const snap = await new OrgAdminRepository(db.ctx.client).snapshot();
  const companies = new Map(snap.companies.map((c) => [c.slug, c.id]));
  const teams = new Map(snap.teams.map((t) => [t.slug, t.id]));
  const people = new Map(snap.people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p.id]));
  const lookup = (kind: string, map: Map<string, number>) => (key: string) => {
    const id = map.get(key.toLowerCase());
    if (id === undefined) throw new Error(`test org: no ${kind} "${key}" after applying the spec`);
    return id;
  };
  const built: BuiltOrg = {
    company: lookup("company", companies),
    team: lookup("team", teams),
    person: lookup("person", people),
  };
  const admin = new OrgAdminRepository(db.ctx.client);
  for (const [email, ids] of Object.entries(opts.legacyPlatformIds ?? {})) {
    await admin.updatePerson(built.person(email), ids);
  }
  return built;
}
