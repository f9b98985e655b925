// Qualtrics: an event subscription to `surveyengine.completedResponse.<SurveyID>` posts a
// form-encoded body `Topic=...&MSG=<json>&HMAC=<hex HMAC-SHA512 of MSG under the subscription's
// sharedKey>`. The notification carries only ids: the answers are fetched from the responses API
// (GET <base>/API/v3/surveys/<SurveyID>/responses/<ResponseID>, header X-API-TOKEN).
//
// Mapping (SurveySource.mapping): score, comment (question ids such as "QID1", "QID2_TEXT"),
// team, staff, touchpoint, area, customerId, customerName, customerEmail, customerPhone (value
// names, e.g. embedded data), baseUrl. Defaults: the NPS question (the one with a _NPS_GROUP),
// the first _TEXT answer, embedded data team/staff/touchpoint/area, recipient email and name,
// externalDataReference.

import { hmac, safeEqual } from "./signature.js";
import { type AdapterContext, AdapterError, type AdapterRequest, asText, mapped, type SurveyAdapter } from "./types.js";

interface QualtricsMessage {
  Status?: string;
  SurveyID?: string;
  ResponseID?: string;
  CompletedDate?: string;
}

function form(req: AdapterRequest): URLSearchParams {
  return new URLSearchParams(req.raw.toString("utf8"));
}

export const qualtricsAdapter: SurveyAdapter = {
  kind: "qualtrics",
  label: "Qualtrics",
  envSecret: (c) => c.QUALTRICS_SHARED_KEY,
  secretHint: "QUALTRICS_SHARED_KEY (the sharedKey of the event subscription)",
  verify(req: AdapterRequest, secret: string): boolean {
    const f = form(req);
    const msg = f.get("MSG");
    if (msg === null) return false;
    return safeEqual(f.get("HMAC")?.toLowerCase(), hmac("sha512", secret, msg, "hex"));
  },
  async parse(req: AdapterRequest, ctx: AdapterContext) {
    const f = form(req);
    const topic = f.get("Topic") ?? "";
    if (!/(^|\.)surveyengine\.completedResponse\.SV_[A-Za-z0-9]+$/.test(topic)) {
      return {
        kind: "ignored",
        reason: `topic ${JSON.stringify(topic)} is not surveyengine.completedResponse.<SurveyID>`,
      };
    }
    let msg: QualtricsMessage;
    try {
      msg = JSON.parse(f.get("MSG") ?? "");
    } catch {
      throw new AdapterError(400, "MALFORMED_BODY", "Qualtrics MSG is not valid JSON");
    }
    if (msg.Status && msg.Status !== "Complete") return { kind: "ignored", reason: `status ${msg.Status}` };
    const surveyId = msg.SurveyID ?? "";
    const responseId = msg.ResponseID ?? "";
    if (!/^SV_[A-Za-z0-9]+$/.test(surveyId) || !/^R_[A-Za-z0-9]+$/.test(responseId)) {
      throw new AdapterError(400, "MALFORMED_BODY", "Qualtrics MSG needs SurveyID (SV_...) and ResponseID (R_...)");
    }
    const values = await fetchResponse(ctx, surveyId, responseId);
    const keys = Object.keys(values);
    const npsQuestion = keys.find((k) => /^QID\d+_NPS_GROUP$/.test(k))?.replace(/_NPS_GROUP$/, "");
    const scoreKey = mapped(ctx, "score") ?? npsQuestion;
    if (!scoreKey || values[scoreKey] === undefined) {
      throw new AdapterError(
        422,
        "VALIDATION_FAILED",
        `Qualtrics response ${responseId} has no NPS answer${scoreKey ? ` in ${scoreKey}` : ""}; map the question with {"score": "QID1"} on the survey source`,
      );
    }
    const raw = values[scoreKey];
    const score = typeof raw === "string" && /^\d{1,2}$/.test(raw.trim()) ? Number(raw) : raw;
    const value = (key: string, fallback: string | undefined) => {
      const name = mapped(ctx, key) ?? fallback;
      return name ? asText(values[name]) : null;
    };
    const first = asText(values.recipientFirstName);
    const last = asText(values.recipientLastName);
    return {
      kind: "items",
      items: [
        {
          externalId: responseId,
          score,
          comment: value(
            "comment",
            keys.find((k) => /^QID\d+_TEXT$/.test(k)),
          ),
          team: value("team", "team"),
          staff: value("staff", "staff"),
          touchpoint: value("touchpoint", "touchpoint"),
          area: value("area", "area"),
          customer: {
            id: value("customerId", "externalDataReference"),
            name: mapped(ctx, "customerName")
              ? value("customerName", undefined)
              : [first, last].filter(Boolean).join(" ") || null,
            email: value("customerEmail", "recipientEmail"),
            phone: value("customerPhone", "phone"),
          },
          respondedAt: asText(values.endDate) ?? asText(values.recordedDate),
          updatedAt: asText(values.recordedDate) ?? asText(values.endDate),
          attributes: { surveyId },
        },
      ],
    };
  },
};

async function fetchResponse(
  ctx: AdapterContext,
  surveyId: string,
  responseId: string,
): Promise<Record<string, unknown>> {
  const base = mapped(ctx, "baseUrl") ?? ctx.config.QUALTRICS_BASE_URL;
  const token = ctx.config.QUALTRICS_API_TOKEN;
  if (!base || !token) {
    throw new AdapterError(
      503,
      "ADAPTER_NOT_CONFIGURED",
      "Set QUALTRICS_API_TOKEN and QUALTRICS_BASE_URL (e.g. https://yul1.qualtrics.com): Qualtrics sends only ids and the answers are fetched by API",
    );
  }
  const url = `${base.replace(/\/+$/, "")}/API/v3/surveys/${surveyId}/responses/${responseId}`;
  let res: Response;
  try {
    res = await ctx.fetch(url, {
      headers: { "X-API-TOKEN": token, accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new AdapterError(
      502,
      "SURVEY_API_UNAVAILABLE",
      `Qualtrics responses API did not answer: ${(e as Error).message}`,
    );
  }
  if (!res.ok) {
    throw new AdapterError(
      502,
      "SURVEY_API_UNAVAILABLE",
      `Qualtrics responses API answered ${res.status} for ${responseId}`,
    );
  }
  const body = (await res.json().catch(() => null)) as { result?: { values?: Record<string, unknown> } } | null;
  const values = body?.result?.values;
  if (!values || typeof values !== "object") {
    throw new AdapterError(502, "SURVEY_API_UNAVAILABLE", `Qualtrics responses API sent no values for ${responseId}`);
  }
  return values;
}
