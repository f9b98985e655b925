// SurveyMonkey: `response_completed` webhooks carry ids only, with `Sm-Apikey` (the app's client
// id) and `Sm-Signature`, the base64 HMAC-SHA1 of the raw body under "<client id>&<client secret>".
// The answers are fetched from the API (GET <api>/v3/surveys/<id>/responses/<id>/details) and
// choice ids resolved with the survey's details (cached for ten minutes).
//
// Mapping (SurveySource.mapping): score, comment (question ids); team, staff, touchpoint, area,
// customerId (custom variable names; defaults team, staff, touchpoint, area, customer_id, else
// the custom value); clientId (then Sm-Apikey must equal it); apiUrl. Default score question:
// the one with eleven choices 0-10.

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

interface SmEvent {
  event_type?: string;
  object_type?: string;
  object_id?: string;
  resources?: { survey_id?: string; respondent_id?: string };
}

interface SmAnswer {
  choice_id?: string;
  row_id?: string;
  text?: string;
  simple_text?: string;
}

interface SmResponse {
  id?: string;
  response_status?: string;
  custom_value?: string;
  custom_variables?: Record<string, unknown>;
  first_name?: string;
  last_name?: string;
  email_address?: string;
  date_created?: string;
  date_modified?: string;
  pages?: { questions?: { id?: string; answers?: SmAnswer[] }[] }[];
}

interface SmSurvey {
  pages?: {
    questions?: {
      id?: string;
      family?: string;
      answers?: { choices?: { id?: string; text?: string; position?: number }[] };
    }[];
  }[];
}

const ID = /^\d{1,20}$/;
const surveyCache = new Map<string, { at: number; survey: SmSurvey }>();
const SURVEY_TTL_MS = 10 * 60_000;

export const surveyMonkeyAdapter: SurveyAdapter = {
  kind: "surveymonkey",
  label: "SurveyMonkey",
  envSecret: (c) => c.SURVEYMONKEY_CLIENT_SECRET,
  secretHint: "SURVEYMONKEY_CLIENT_SECRET",
  verify(req: AdapterRequest, secret: string, ctx: AdapterContext): boolean {
    const apiKey = header(req.headers, "sm-apikey");
    if (!apiKey) return false;
    const expectedClient = mapped(ctx, "clientId");
    if (expectedClient && !safeEqual(apiKey, expectedClient)) return false;
    return safeEqual(header(req.headers, "sm-signature"), hmac("sha1", `${apiKey}&${secret}`, req.raw, "base64"));
  },
  async parse(req: AdapterRequest, ctx: AdapterContext) {
    const event = parseJson(req.raw, "SurveyMonkey") as SmEvent;
    if (event?.event_type !== "response_completed") {
      return { kind: "ignored", reason: `event_type ${JSON.stringify(event?.event_type)} is not response_completed` };
    }
    const surveyId = event.resources?.survey_id ?? "";
    const responseId = event.object_id ?? event.resources?.respondent_id ?? "";
    if (!ID.test(surveyId) || !ID.test(responseId)) {
      throw new AdapterError(
        400,
        "MALFORMED_BODY",
        "SurveyMonkey event needs resources.survey_id and object_id (numeric ids)",
      );
    }
    const response = (await get(ctx, `/v3/surveys/${surveyId}/responses/${responseId}/details`)) as SmResponse;
    if (response.response_status && response.response_status !== "completed") {
      return { kind: "ignored", reason: `response status ${response.response_status}` };
    }
    const survey = await surveyDetails(ctx, surveyId);
    const questions = survey.pages?.flatMap((p) => p.questions ?? []) ?? [];
    const choiceText = new Map<string, { text: string; position: number; count: number }>();
    for (const q of questions) {
      const choices = q.answers?.choices ?? [];
      for (const c of choices)
        if (c.id) choiceText.set(c.id, { text: c.text ?? "", position: c.position ?? 0, count: choices.length });
    }
    const answers = new Map<string, SmAnswer[]>();
    for (const p of response.pages ?? [])
      for (const q of p.questions ?? []) if (q.id) answers.set(q.id, q.answers ?? []);

    const npsQuestion =
      mapped(ctx, "score") ??
      questions.find((q) => (q.answers?.choices?.length ?? 0) === 11 && answers.has(q.id ?? ""))?.id;
    const scoreAnswer = npsQuestion ? answers.get(npsQuestion)?.find((a) => a.choice_id) : undefined;
    const choice = scoreAnswer?.choice_id ? choiceText.get(scoreAnswer.choice_id) : undefined;
    const score = choice ? choiceScore(choice) : undefined;
    if (score === undefined) {
      throw new AdapterError(
        422,
        "VALIDATION_FAILED",
        `SurveyMonkey response ${responseId} has no 0-10 answer${npsQuestion ? ` in question ${npsQuestion}` : ""}; map the NPS question with {"score": "<question id>"} on the survey source`,
      );
    }
    const commentQuestion =
      mapped(ctx, "comment") ??
      questions.find((q) => q.family === "open_ended" && answers.get(q.id ?? "")?.some((a) => a.text))?.id;
    const comment = commentQuestion ? answers.get(commentQuestion)?.find((a) => a.text)?.text : undefined;
    const vars = response.custom_variables ?? {};
    const variable = (key: string, fallback: string) => asText(vars[mapped(ctx, key) ?? fallback]);
    return {
      kind: "items",
      items: [
        {
          externalId: responseId,
          score,
          comment: asText(comment),
          team: variable("team", "team"),
          staff: variable("staff", "staff"),
          touchpoint: variable("touchpoint", "touchpoint"),
          area: variable("area", "area"),
          customer: {
            id: variable("customerId", "customer_id") ?? asText(response.custom_value),
            name: [response.first_name, response.last_name].filter((s) => s?.trim()).join(" ") || null,
            email: asText(response.email_address),
            phone: null,
          },
          respondedAt: asText(response.date_modified) ?? asText(response.date_created),
          updatedAt: asText(response.date_modified),
          attributes: {
            surveyId,
            ...Object.fromEntries(Object.entries(vars).map(([k, v]) => [k.slice(0, 64), asText(v)])),
          },
        },
      ],
    };
  },
};

/** "0 - Not at all likely" → 0; unlabelled 11-point scales count from position 1 = 0. */
function choiceScore(c: { text: string; position: number; count: number }): number | undefined {
  const m = /^\s*(\d{1,2})\b/.exec(c.text);
  if (m) return Number(m[1]);
  return c.count === 11 && c.position >= 1 ? c.position - 1 : undefined;
}

async function surveyDetails(ctx: AdapterContext, surveyId: string): Promise<SmSurvey> {
  const hit = surveyCache.get(surveyId);
  if (hit && Date.now() - hit.at < SURVEY_TTL_MS) return hit.survey;
  const survey = (await get(ctx, `/v3/surveys/${surveyId}/details`)) as SmSurvey;
  surveyCache.set(surveyId, { at: Date.now(), survey });
  return survey;
}

async function get(ctx: AdapterContext, path: string): Promise<unknown> {
  const token = ctx.config.SURVEYMONKEY_ACCESS_TOKEN;
  if (!token) {
    throw new AdapterError(
      503,
      "ADAPTER_NOT_CONFIGURED",
      "Set SURVEYMONKEY_ACCESS_TOKEN: SurveyMonkey webhooks carry only ids and the answers are fetched by API",
    );
  }
  const base = (mapped(ctx, "apiUrl") ?? ctx.config.SURVEYMONKEY_API_URL ?? "https://api.surveymonkey.com").replace(
    /\/+$/,
    "",
  );
  let res: Response;
  try {
    res = await ctx.fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new AdapterError(502, "SURVEY_API_UNAVAILABLE", `SurveyMonkey API did not answer: ${(e as Error).message}`);
  }
  if (!res.ok)
    throw new AdapterError(502, "SURVEY_API_UNAVAILABLE", `SurveyMonkey API answered ${res.status} for ${path}`);
  const body = await res.json().catch(() => null);
  if (!body || typeof body !== "object") {
    throw new AdapterError(502, "SURVEY_API_UNAVAILABLE", `SurveyMonkey API sent no JSON for ${path}`);
  }
  return body;
}

/** Tests reset the survey cache between fake APIs. */
export function clearSurveyMonkeyCache(): void {
  surveyCache.clear();
}
