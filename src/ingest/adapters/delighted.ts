// Delighted: `survey_response.created` / `survey_response.updated` webhooks, signed with
// `X-Delighted-Webhook-Signature: sha256=<hex HMAC-SHA256>` of the raw body under the account's
// API key. Comments usually arrive only in `.updated`, with a later `updated_at`, so an update
// fills in the comment and re-renders the posted card.
//
// Mapping (SurveySource.mapping): team, staff, touchpoint, area name person_properties keys
// (defaults: "team"/"Team", "staff"/"Staff", "touchpoint"/"Touchpoint", "area"/"Area").

import { hmac, safeEqual } from "./signature.js";
import {
  type AdapterContext,
  AdapterError,
  type AdapterRequest,
  asText,
  header,
  mapped,
  parseJson,
  type SurveyAdapter,
} from "./types.js";

interface DelightedResponse {
  id?: string | number;
  person?: { id?: string | number; email?: string | null; name?: string | null; phone_number?: string | null };
  survey_type?: string;
  score?: unknown;
  comment?: string | null;
  created_at?: number;
  updated_at?: number;
  person_properties?: Record<string, unknown> | null;
}

const unix = (s: unknown) => (typeof s === "number" && Number.isFinite(s) ? new Date(s * 1000).toISOString() : null);

export const delightedAdapter: SurveyAdapter = {
  kind: "delighted",
  label: "Delighted",
  envSecret: (c) => c.DELIGHTED_SECRET,
  secretHint: "DELIGHTED_SECRET (your Delighted API key)",
  verify(req: AdapterRequest, secret: string): boolean {
    const given = header(req.headers, "x-delighted-webhook-signature");
    return safeEqual(given?.toLowerCase(), `sha256=${hmac("sha256", secret, req.raw, "hex")}`);
  },
  async parse(req: AdapterRequest, ctx: AdapterContext) {
    const body = parseJson(req.raw, "Delighted") as { event_type?: string; event_data?: DelightedResponse };
    const type = body?.event_type;
    if (type !== "survey_response.created" && type !== "survey_response.updated") {
      return { kind: "ignored", reason: `event_type ${JSON.stringify(type)} carries no survey response` };
    }
    const r = body.event_data;
    if (!r || typeof r !== "object" || r.id === undefined) {
      throw new AdapterError(400, "MALFORMED_BODY", "Delighted event_data has no response id");
    }
    if (r.survey_type && r.survey_type !== "nps") {
      return { kind: "ignored", reason: `survey_type ${r.survey_type} is not an NPS survey` };
    }
    const props = r.person_properties ?? {};
    const prop = (key: string, names: string[]) => {
      const name = mapped(ctx, key);
      if (name) return asText(props[name]);
      for (const n of names) if (asText(props[n]) !== null) return asText(props[n]);
      return null;
    };
    const attributes: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) if (asText(v) !== null) attributes[k.slice(0, 64)] = asText(v);
    return {
      kind: "items",
      items: [
        {
          externalId: String(r.id),
          score: r.score,
          comment: asText(r.comment),
          team: prop("team", ["team", "Team"]),
          staff: prop("staff", ["staff", "Staff"]),
          touchpoint: prop("touchpoint", ["touchpoint", "Touchpoint"]),
          area: prop("area", ["area", "Area"]),
          customer: {
            id: asText(r.person?.id),
            name: asText(r.person?.name),
            email: asText(r.person?.email),
            phone: asText(r.person?.phone_number),
          },
          respondedAt: unix(r.created_at),
          updatedAt: unix(r.updated_at) ?? unix(r.created_at),
          attributes,
        },
      ],
    };
  },
};
