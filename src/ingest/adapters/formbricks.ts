// Formbricks (open source, cloud or self-hosted): webhooks with the triggers responseCreated,
// responseUpdated and responseFinished, body `{webhookId, event, data: <response>}`. Since
// Formbricks 4.6.0 every webhook has a whsec_ signing secret (shown when it is created) and each
// request carries Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature);
// that is what is checked. Versions before 4.6 sign nothing and are refused: upgrade first.
//
// A response grows as the respondent answers (created, then updated, then finished), each
// delivery with a later `updatedAt`: the first delivery that carries the NPS answer stores the
// response, later ones fill in the comment; an older delivery arriving late changes nothing.
//
// Mapping (SurveySource.mapping): score, comment, team, staff, touchpoint, area, customerId,
// customerName, customerEmail, customerPhone; each a question or hidden-field id (a key of the
// response's `data`), or a path such as contactAttributes.email, variables.branch, meta.source.
// Defaults: data keys nps (score), comment, team, staff, touchpoint, area, falling back to the
// contact attributes of the same names; contact userId, contact attributes email, name, phone.

import { scoreOf, valueAt } from "./signed-webhook.js";
import { verifyForSource } from "./standard-webhooks.js";
import {
  type AdapterContext,
  AdapterError,
  type AdapterRequest,
  asText,
  mapped,
  parseJson,
  type SurveyAdapter,
} from "./types.js";

interface FormbricksResponse {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  surveyId?: string;
  finished?: boolean;
  data?: Record<string, unknown>;
  contact?: { id?: string; userId?: string | null } | null;
  contactAttributes?: Record<string, unknown> | null;
  variables?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  language?: string | null;
}

const EVENTS = new Set(["responseCreated", "responseUpdated", "responseFinished"]);

export const formbricksAdapter: SurveyAdapter = {
  kind: "formbricks",
  label: "Formbricks",
  envSecret: () => undefined,
  secretHint:
    "a survey source of kind formbricks in the org file (secretEnv naming a variable that holds the webhook's whsec_ signing secret), then use /api/webhooks/formbricks/<its slug> as the webhook URL",
  verify(req: AdapterRequest, secret: string, ctx: AdapterContext): boolean {
    return verifyForSource(
      req,
      secret,
      ctx,
      `Formbricks webhook of source "${ctx.slug}" (Formbricks 4.6 or later signs its webhooks)`,
    );
  },
  async parse(req: AdapterRequest, ctx: AdapterContext) {
    const body = parseJson(req.raw, "Formbricks") as { event?: string; data?: FormbricksResponse };
    if (!EVENTS.has(body?.event ?? "")) {
      return { kind: "ignored", reason: `event ${JSON.stringify(body?.event)} carries no survey response` };
    }
    const r = body.data;
    if (!r || typeof r !== "object" || typeof r.id !== "string" || !r.id) {
      throw new AdapterError(400, "MALFORMED_BODY", "Formbricks data has no response id (data.id)");
    }
    const answers = r.data ?? {};
    const attrs = r.contactAttributes ?? {};
    const pick = (key: string, fallback: () => unknown) => {
      const path = mapped(ctx, key);
      if (!path) return fallback();
      return Object.hasOwn(answers, path) ? answers[path] : valueAt(r, path);
    };
    const named = (name: string) => () => answers[name] ?? attrs[name];
    const score = pick("score", () => answers.nps);
    if (score === undefined || score === null || score === "") {
      if (body.event !== "responseFinished") {
        return { kind: "ignored", reason: "the NPS question is not answered yet (partial response)" };
      }
      throw new AdapterError(
        422,
        "VALIDATION_FAILED",
        `Formbricks response ${r.id} has no NPS answer${mapped(ctx, "score") ? ` in ${mapped(ctx, "score")}` : ""}: map the NPS question's id with {"score": "<question id>"} on the survey source`,
      );
    }
    const attributes: Record<string, unknown> = { surveyId: r.surveyId ?? null, finished: r.finished === true };
    if (r.language) attributes.language = r.language;
    return {
      kind: "items",
      items: [
        {
          externalId: r.id,
          score: scoreOf(score),
          comment: asText(pick("comment", named("comment"))),
          team: asText(pick("team", named("team"))),
          staff: asText(pick("staff", named("staff"))),
          touchpoint: asText(pick("touchpoint", named("touchpoint"))),
          area: asText(pick("area", named("area"))),
          customer: {
            id: asText(pick("customerId", () => r.contact?.userId ?? r.contact?.id)),
            name: asText(pick("customerName", () => attrs.name)),
            email: asText(pick("customerEmail", () => attrs.email)),
            phone: asText(pick("customerPhone", () => attrs.phone)),
          },
          respondedAt: r.createdAt ?? null,
          updatedAt: r.updatedAt ?? r.createdAt ?? null,
          attributes,
        },
      ],
    };
  },
};
