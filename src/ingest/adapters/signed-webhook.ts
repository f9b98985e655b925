// The generic signed webhook (POST /api/webhooks/webhook/<source>): any tool, iPaaS or script
// (Power Automate for Microsoft Forms, Apps Script for Google Forms, Zapier, n8n, ...) posts
// responses signed with the Standard Webhooks scheme under its survey source's own whsec_ secret,
// so nobody shares the global ingest token. Response ids belong to the source (identity
// "source"): two sources may both send id "1", and one source's secret cannot touch the other's.
//
// Body: one response in the format of POST /api/responses, or an array of up to 100, optionally
// with an `answers` object (question title or id -> answer) that the mapping reads.
// Mapping (SurveySource.mapping): externalId, score, comment, team, staff, touchpoint, area,
// customerId, customerName, customerEmail, customerPhone, respondedAt, updatedAt, each a path in
// the item such as "answers.How likely are you to recommend us?" (after the first dot, the rest
// is one key, so question titles may contain dots). Unmapped answers become attributes.

import { verifyForSource } from "./standard-webhooks.js";
import {
  type AdapterContext,
  AdapterError,
  type AdapterRequest,
  asText,
  parseJson,
  type SurveyAdapter,
} from "./types.js";

const MAX_ITEMS = 100;
const TOP_FIELDS = [
  "externalId",
  "score",
  "comment",
  "team",
  "staff",
  "touchpoint",
  "area",
  "respondedAt",
  "updatedAt",
];
const CUSTOMER_FIELDS: [string, string][] = [
  ["customerId", "id"],
  ["customerName", "name"],
  ["customerEmail", "email"],
  ["customerPhone", "phone"],
];

/** The value at `path`: the first segment, then the rest as one key (or, failing that, a path). */
export function valueAt(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== "object") return undefined;
  const rec = obj as Record<string, unknown>;
  if (Object.hasOwn(rec, path)) return rec[path];
  const dot = path.indexOf(".");
  if (dot < 0) return undefined;
  return valueAt(rec[path.slice(0, dot)], path.slice(dot + 1));
}

/** Forms send every answer as text: "9" is the score 9 (anything else is left to the validator). */
export function scoreOf(v: unknown): unknown {
  return typeof v === "string" && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : v;
}

export const signedWebhookAdapter: SurveyAdapter = {
  kind: "webhook",
  label: "Signed webhook",
  identity: "source",
  envSecret: () => undefined,
  secretHint:
    "a survey source of kind webhook in the org file (secretEnv naming a variable that holds a whsec_ secret), then post to /api/webhooks/webhook/<its slug>",
  verify(req: AdapterRequest, secret: string, ctx: AdapterContext): boolean {
    return verifyForSource(req, secret, ctx, `Signed webhook of source "${ctx.slug}"`);
  },
  async parse(req: AdapterRequest, ctx: AdapterContext) {
    const body = parseJson(req.raw, "Signed webhook");
    const list = Array.isArray(body) ? body : [body];
    if (list.length === 0 || list.length > MAX_ITEMS) {
      throw new AdapterError(
        422,
        "VALIDATION_FAILED",
        `Send one response, or an array of 1 to ${MAX_ITEMS}, per request (got ${list.length})`,
      );
    }
    return { kind: "items", items: list.map((item) => mapItem(item, ctx.mapping)) };
  },
};

/** One posted item with the source's mapping applied; anything unknown is left for the validator to name. */
function mapItem(raw: unknown, mapping: Record<string, unknown>): Record<string, unknown> {
  // Not an object: the validator answers with the index and what a response looks like.
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return raw as Record<string, unknown>;
  const { answers, ...rest } = raw as Record<string, unknown>;
  const item: Record<string, unknown> = { ...rest };
  const used = new Set<string>();
  const pick = (key: string): unknown => {
    const path = typeof mapping[key] === "string" ? (mapping[key] as string).trim() : "";
    if (!path) return undefined;
    if (path.startsWith("answers.")) used.add(path.slice(8));
    return valueAt({ ...rest, answers }, path);
  };
  for (const f of TOP_FIELDS) {
    const v = pick(f);
    if (v !== undefined) item[f] = f === "score" ? scoreOf(v) : f === "externalId" ? v : asText(v);
  }
  const customer = { ...((rest.customer as Record<string, unknown> | null | undefined) ?? {}) };
  for (const [key, field] of CUSTOMER_FIELDS) {
    const v = pick(key);
    if (v !== undefined) customer[field] = asText(v);
  }
  if (Object.keys(customer).length) item.customer = customer;
  if (answers && typeof answers === "object" && !Array.isArray(answers)) {
    // Unmapped answers stay available to routing rules (attribute:<question>), never shown in chat.
    const attributes: Record<string, unknown> = { ...((rest.attributes as Record<string, unknown>) ?? {}) };
    for (const [k, v] of Object.entries(answers as Record<string, unknown>)) {
      const text = asText(v);
      if (used.has(k) || text === null || Object.keys(attributes).length >= 50) continue;
      attributes[k.slice(0, 64)] = text.slice(0, 1000);
    }
    if (Object.keys(attributes).length) item.attributes = attributes;
  }
  return item;
}
