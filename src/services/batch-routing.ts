// Loads what routing needs for a whole batch in a few queries (teams named, staff named, the rules
// and the teams they point at), then routes each response with the pure core/routing rules.
import type { IncomingResponse } from "../core/ingest-plan.js";
import { type RouteDecision, type RoutingRuleRecord, routeResponse } from "../core/routing.js";
import type { PersonRecord, TeamRecord } from "../core/types.js";
import type { DbClient } from "../db/context.js";
import { ResponseRepository } from "../db/repositories/responses.js";

export interface Routed {
  route: RouteDecision;
  staff: PersonRecord | null;
}

export interface BatchRouting {
  route(item: IncomingResponse): Routed;
  teamById(id: number): TeamRecord | undefined;
}

/**
 * Routing data kept across the batches of one import: each batch reads only the team slugs and
 * staff it is the first to name (and the rules once), so a long import routes every row with the
 * organisation as it was when its keys were first seen.
 */
export interface RoutingSnapshot {
  /** `withAdmins`: read the admins in the same round trip unless already read (see admins). */
  load(items: IncomingResponse[], withAdmins?: boolean): Promise<BatchRouting>;
  /** The admins, read once (for alerts about unassigned responses). */
  admins(read: () => Promise<PersonRecord[]>): Promise<PersonRecord[]>;
}

export function createRoutingSnapshot(db: DbClient): RoutingSnapshot {
  const repo = new ResponseRepository(db);
  const askedSlugs = new Set<string>();
  const askedEmails = new Set<string>();
  const askedIds = new Set<number>();
  const teamsById = new Map<number, TeamRecord>();
  const teamsBySlug = new Map<string, TeamRecord>();
  const staffByEmail = new Map<string, PersonRecord>();
  const staffById = new Map<number, PersonRecord>();
  let rules: RoutingRuleRecord[] | undefined;
  let admins: Promise<PersonRecord[]> | undefined;

  async function load(items: IncomingResponse[], withAdmins = false): Promise<BatchRouting> {
    const slugs = new Set<string>();
    const emails = new Set<string>();
    const ids = new Set<number>();
    for (const it of items) {
      if (it.team) {
        for (const slug of [it.team.trim(), it.team.trim().toLowerCase()]) if (!askedSlugs.has(slug)) slugs.add(slug);
      }
      const s = it.staff?.trim();
      if (s?.includes("@")) {
        if (!askedEmails.has(s.toLowerCase())) emails.add(s.toLowerCase());
      } else if (s && /^\d{1,9}$/.test(s) && !askedIds.has(Number(s))) ids.add(Number(s));
    }
    const wantAdmins = withAdmins && admins === undefined;
    if (rules === undefined || slugs.size || emails.size || ids.size || wantAdmins) {
      // One round trip for teams, staff, rules and admins: on a webhook group it is the only read.
      const data = await repo.routingData([...slugs], [...emails], [...ids], {
        rules: rules === undefined,
        admins: wantAdmins,
      });
      const { teams, staff } = data;
      rules ??= data.rules ?? [];
      if (data.admins && admins === undefined) admins = Promise.resolve(data.admins);
      for (const t of teams) {
        teamsById.set(t.id, t);
        teamsBySlug.set(t.slug, t);
      }
      for (const p of staff) {
        if (p.email) staffByEmail.set(p.email.toLowerCase(), p);
        staffById.set(p.id, p);
      }
      for (const x of slugs) askedSlugs.add(x);
      for (const x of emails) askedEmails.add(x);
      for (const x of ids) askedIds.add(x);
    }
    return routingOver(teamsById, teamsBySlug, staffByEmail, staffById, rules);
  }

  return {
    load,
    admins(read) {
      admins ??= read().catch((e) => {
        admins = undefined; // read again by the next batch
        throw e;
      });
      return admins;
    },
  };
}

function routingOver(
  teamsById: Map<number, TeamRecord>,
  teamsBySlug: Map<string, TeamRecord>,
  staffByEmail: Map<string, PersonRecord>,
  staffById: Map<number, PersonRecord>,
  rules: RoutingRuleRecord[],
): BatchRouting {
  const findStaff = (key: string | null | undefined): PersonRecord | null => {
    const s = key?.trim();
    if (!s) return null;
    if (s.includes("@")) return staffByEmail.get(s.toLowerCase()) ?? null;
    return /^\d{1,9}$/.test(s) ? (staffById.get(Number(s)) ?? null) : null;
  };

  return {
    teamById: (id) => teamsById.get(id),
    route(item) {
      const person = findStaff(item.staff);
      const route = routeResponse(
        {
          team: item.team ?? null,
          touchpoint: item.touchpoint ?? null,
          area: item.area ?? null,
          attributes: item.attributes ?? {},
        },
        { teamBySlug: (s) => teamsBySlug.get(s), teamById: (id) => teamsById.get(id), staff: person, rules },
      );
      if (item.staff && !person) route.notes.unshift(`no staff member is mapped to "${item.staff}"`);
      return { route, staff: person };
    },
  };
}
