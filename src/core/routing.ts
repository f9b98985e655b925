// Which team a survey response belongs to (pure): the team named by slug, else the staff member's
// team, else the first routing rule that matches, else nobody (the "unassigned" queue).
import type { PersonRecord, TeamRecord } from "./types.js";

export interface RoutingRuleRecord {
  id: number;
  /** Lower numbers are tried first; ties by id. */
  priority: number;
  /** "touchpoint", "area" or "attribute:<name>". */
  field: string;
  /** Exact value (case-insensitive) or a pattern with * wildcards. */
  pattern: string;
  teamId: number;
}

export interface RoutingInput {
  /** Team slug named by the sender. */
  team: string | null;
  touchpoint: string | null;
  area: string | null;
  attributes: Record<string, unknown>;
}

export interface RoutingContext {
  teamBySlug(slug: string): TeamRecord | undefined;
  teamById(id: number): TeamRecord | undefined;
  /** The staff member the response names, already looked up (null when none or unknown). */
  staff: PersonRecord | null;
  /** Rules in the order to try them (see sortRules). */
  rules: RoutingRuleRecord[];
}

export type RouteVia = "team" | "staff" | "rule" | "unassigned";

export interface RouteDecision {
  team: TeamRecord | null;
  companyId: number | null;
  via: RouteVia;
  ruleId: number | null;
  /** Why earlier steps did not decide (shown to admins for unassigned responses). */
  notes: string[];
}

export function sortRules(rules: RoutingRuleRecord[]): RoutingRuleRecord[] {
  return [...rules].sort((a, b) => a.priority - b.priority || a.id - b.id);
}

export function routeResponse(input: RoutingInput, ctx: RoutingContext): RouteDecision {
  const notes: string[] = [];
  if (input.team) {
    const team = ctx.teamBySlug(input.team.trim().toLowerCase()) ?? ctx.teamBySlug(input.team.trim());
    if (team) return { team, companyId: team.companyId, via: "team", ruleId: null, notes };
    notes.push(`no team has the slug "${input.team}"`);
  }
  if (ctx.staff) {
    // A person in several teams: their first membership decides (see staff lookup order).
    const team = ctx.staff.teamIds.map((id) => ctx.teamById(id)).find((t) => t !== undefined);
    if (team) return { team, companyId: team.companyId, via: "staff", ruleId: null, notes };
    notes.push(`${ctx.staff.name} belongs to no team`);
  }
  for (const rule of ctx.rules) {
    const value = fieldValue(rule.field, input);
    if (value === null || !matchesPattern(rule.pattern, value)) continue;
    const team = ctx.teamById(rule.teamId);
    if (!team) {
      notes.push(`routing rule #${rule.id} points at team #${rule.teamId}, which no longer exists`);
      continue;
    }
    return { team, companyId: team.companyId, via: "rule", ruleId: rule.id, notes };
  }
  if (ctx.rules.length > 0) notes.push("no routing rule matched");
  if (!input.team && !ctx.staff) notes.push("the response names no team and no known staff member");
  return { team: null, companyId: ctx.staff?.companyId ?? null, via: "unassigned", ruleId: null, notes };
}

/** The value a rule field reads from a response, as text (null when absent). */
export function fieldValue(field: string, input: RoutingInput): string | null {
  if (field === "touchpoint") return input.touchpoint;
  if (field === "area") return input.area ?? scalarText(input.attributes.area);
  if (field.startsWith("attribute:")) return scalarText(input.attributes[field.slice("attribute:".length)]);
  return null;
}

function scalarText(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/** Case-insensitive match of a whole value against a pattern where * stands for any text. */
export function matchesPattern(pattern: string, value: string): boolean {
  const p = pattern.trim().toLowerCase();
  const v = value.trim().toLowerCase();
  if (!p.includes("*")) return p === v;
  const parts = p.split("*");
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (!v.startsWith(first) || v.length < first.length + last.length || !v.endsWith(last)) return false;
  // Middle pieces in order, greedy from the left: linear, no regular expressions built from input.
  let at = first.length;
  const end = v.length - last.length;
  for (const mid of parts.slice(1, -1)) {
    const found = v.indexOf(mid, at);
    if (found < 0 || found + mid.length > end) return false;
    at = found + mid.length;
  }
  return true;
}

/** Valid rule fields, for validating rules when they are written. */
export function isRuleField(field: string): boolean {
  return field === "touchpoint" || field === "area" || /^attribute:[A-Za-z0-9_.-]{1,64}$/.test(field);
}
