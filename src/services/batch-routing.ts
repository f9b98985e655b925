// Loads what routing needs for a whole batch in a few queries (teams named, staff named, the rules
// and the teams they point at), then routes each response with the pure core/routing rules.
import type { IncomingResponse } from "../core/ingest-plan.js";
import { type RouteDecision, routeResponse } from "../core/routing.js";
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

export async function loadBatchRouting(db: DbClient, items: IncomingResponse[]): Promise<BatchRouting> {
  const repo = new ResponseRepository(db);
  const slugs = new Set<string>();
  const emails = new Set<string>();
  const ids = new Set<number>();
  for (const it of items) {
    if (it.team) {
      slugs.add(it.team.trim());
      slugs.add(it.team.trim().toLowerCase());
    }
    const s = it.staff?.trim();
    if (s?.includes("@")) emails.add(s.toLowerCase());
    else if (s && /^\d{1,9}$/.test(s)) ids.add(Number(s));
  }
  const [teams, staff, rules] = await Promise.all([
    repo.routingTeams([...slugs], [...emails], [...ids]),
    repo.staffByKeys([...emails], [...ids]),
    repo.routingRules(),
  ]);
  const teamsById = new Map(teams.map((t) => [t.id, t]));
  const teamsBySlug = new Map([...teamsById.values()].map((t) => [t.slug, t]));
  const staffByEmail = new Map(staff.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p]));
  const staffById = new Map(staff.map((p) => [p.id, p]));

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
