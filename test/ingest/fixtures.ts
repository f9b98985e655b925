// Payloads shaped as in each tool's public documentation (example payloads trimmed to what the
// adapters read, plus the NPS question and hidden fields a real NPS survey would carry), and the
// signing each tool does, so the tests exercise real verification.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Typeform's documented example payload (developers.typeform.com, "Example webhook payload"). */
export function typeformPayload(
  over: { token?: string; score?: number; comment?: string; hidden?: Record<string, string> } = {},
) {
  return {
    event_id: "LtWXD3crgy",
    event_type: "form_response",
    form_response: {
      form_id: "lT4Z3j",
      token: over.token ?? "a3a12ec67a1365927098a606107fac15",
      submitted_at: "2026-11-20T09:17:02Z",
      landed_at: "2026-11-20T09:07:02Z",
      calculated: { score: 9 },
      variables: [
        { key: "score", type: "number", number: 4 },
        { key: "name", type: "text", text: "typeform" },
      ],
      hidden: { user_id: "abc123456", team: "north", ...over.hidden },
      definition: {
        id: "lT4Z3j",
        title: "Webhooks example",
        fields: [
          { id: "NpsQ1xAbCdEf", title: "How likely are you to recommend us?", type: "opinion_scale", ref: "nps_score" },
          {
            id: "DlXFaesGBpoF",
            title: "What's it like where you live?",
            type: "long_text",
            ref: "readable_ref_long_text",
          },
          { id: "SMEUb7VJz92Q", title: "Your email address", type: "email", ref: "readable_ref_email" },
          { id: "JwWggjAKtOkA", title: "What is your first name?", type: "short_text", ref: "readable_ref_short_text" },
        ],
      },
      answers: [
        {
          type: "number",
          number: over.score ?? 3,
          field: { id: "NpsQ1xAbCdEf", type: "opinion_scale", ref: "nps_score" },
        },
        {
          type: "text",
          text:
            over.comment ??
            "It's cold right now! I live in an older medium-sized city with a university. Geographically, the area is hilly.",
          field: { id: "DlXFaesGBpoF", type: "long_text", ref: "readable_ref_long_text" },
        },
        {
          type: "email",
          email: "laura@example.com",
          field: { id: "SMEUb7VJz92Q", type: "email", ref: "readable_ref_email" },
        },
        {
          type: "text",
          text: "Laura",
          field: { id: "JwWggjAKtOkA", type: "short_text", ref: "readable_ref_short_text" },
        },
        { type: "date", date: "2005-10-15", field: { id: "KoJxDM3c6x8h", type: "date", ref: "readable_ref_date" } },
        { type: "boolean", boolean: false, field: { id: "RUqkXSeXBXSd", type: "yes_no", ref: "readable_ref_yes_no" } },
      ],
      ending: { id: "dN5FLyFpCMFo", ref: "01GRC8GR2017M6WW347T86VV39" },
    },
  };
}

export function signTypeform(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("base64")}`;
}

/** Delighted's documented survey_response example (delighted.com/docs/api/webhooks). */
export function delightedPayload(
  type: "survey_response.created" | "survey_response.updated",
  over: {
    id?: string;
    score?: number;
    comment?: string | null;
    updatedAt?: number;
    properties?: Record<string, string>;
  } = {},
) {
  return {
    event_type: type,
    event_id: "b8d057c59327541d7ec2104c0a9a255ad1997fb00831b9c6bbf09561e6d5cbd0",
    event_data: {
      id: over.id ?? "5435",
      person: { id: "5975", email: "charlie_gravis@example.com", name: "Charlie Gravis", created_at: 1795165140 },
      survey_type: "nps",
      score: over.score ?? 9,
      comment: over.comment === undefined ? null : over.comment,
      permalink: "https://app.delighted.com/r/5pFDpmlyC8GUc5oxU6USto5VonSKAqOa",
      created_at: 1795165200,
      updated_at: over.updatedAt ?? 1795165200,
      person_properties: over.properties ?? { "Delighted Source": "Email", Team: "south" },
      notes: [],
      tags: [],
      additional_answers: [],
    },
  };
}

export function signDelighted(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** A Qualtrics event-subscription notification with a sharedKey (form-encoded Topic, MSG, HMAC). */
export function qualtricsNotification(
  sharedKey: string,
  over: { surveyId?: string; responseId?: string; status?: string; hmac?: string } = {},
): string {
  const surveyId = over.surveyId ?? "SV_cVn9uBwheR9hz01";
  const msg = JSON.stringify({
    Status: over.status ?? "Complete",
    SurveyID: surveyId,
    RecipientID: "CGC_GiMUyLkGpEZsVF3",
    ResponseEventContext: "",
    DistributionID: "EMD_96woxYS85Cg5Lqx",
    ResponseID: over.responseId ?? "R_suq806jn8LGzhx7",
    CompletedDate: "2026-11-20 09:31:40",
    BrandID: "acme",
  });
  const hmac = over.hmac ?? createHmac("sha512", sharedKey).update(msg).digest("hex");
  return new URLSearchParams({
    Topic: `acme.surveyengine.completedResponse.${surveyId}`,
    HMAC: hmac,
    MSG: msg,
  }).toString();
}

/** Qualtrics "Retrieve a survey response" answer. */
export function qualtricsResponse(responseId: string, over: Record<string, unknown> = {}) {
  return {
    result: {
      responseId,
      values: {
        startDate: "2026-11-20T09:29:12Z",
        endDate: "2026-11-20T09:31:40Z",
        status: 0,
        progress: 100,
        duration: 148,
        finished: 1,
        recordedDate: "2026-11-20T09:31:41.224Z",
        distributionChannel: "email",
        userLanguage: "EN",
        recipientEmail: "sam.customer@example.org",
        recipientFirstName: "Sam",
        recipientLastName: "Customer",
        externalDataReference: "CRM-778",
        QID1: 2,
        QID1_NPS_GROUP: 1,
        QID2_TEXT: "The engineer never showed up.",
        team: "north",
        staff: "bob@acme.example",
        ...over,
      },
      labels: { status: "IP Address", finished: "True", QID1_NPS_GROUP: "Detractor" },
      displayedFields: ["QID1", "QID2_TEXT"],
      displayedValues: {},
    },
    meta: { requestId: "0d9e2f4e-1111-2222-3333-444455556666", httpStatus: "200 - OK" },
  };
}

/** SurveyMonkey's documented webhook callback body (response_completed). */
export function surveyMonkeyEvent(over: { responseId?: string; surveyId?: string; eventType?: string } = {}) {
  return {
    name: "My Webhook",
    filter_type: "survey",
    filter_id: over.surveyId ?? "123456789",
    event_type: over.eventType ?? "response_completed",
    event_id: "123456789",
    object_type: "response",
    object_id: over.responseId ?? "987654321",
    event_datetime: "2026-11-20T09:40:00.000000+00:00",
    resources: {
      respondent_id: over.responseId ?? "987654321",
      recipient_id: "0",
      survey_id: over.surveyId ?? "123456789",
      user_id: "123456789",
      collector_id: "123456789",
    },
  };
}

export function signSurveyMonkey(body: string, apiKey: string, secret: string): string {
  return createHmac("sha1", `${apiKey}&${secret}`).update(body).digest("base64");
}

/** SurveyMonkey survey details: an NPS question (11 choices), an open-ended question. */
export const surveyMonkeySurvey = {
  id: "123456789",
  title: "How did we do?",
  pages: [
    {
      id: "168830049",
      questions: [
        {
          id: "664956120",
          family: "matrix",
          subtype: "rating",
          headings: [{ heading: "How likely is it that you would recommend us to a friend?" }],
          answers: {
            rows: [{ id: "4285525098", text: "" }],
            choices: Array.from({ length: 11 }, (_, i) => ({
              id: `44285${String(i).padStart(5, "0")}`,
              text: i === 0 ? "0 - Not at all likely" : i === 10 ? "10 - Extremely likely" : String(i),
              position: i + 1,
            })),
          },
        },
        { id: "664956121", family: "open_ended", subtype: "essay", headings: [{ heading: "Why?" }] },
      ],
    },
  ],
};

/** SurveyMonkey response details (GET /v3/surveys/{id}/responses/{id}/details). */
export function surveyMonkeyResponse(id: string, score: number, comment: string) {
  return {
    id,
    recipient_id: "",
    collection_mode: "default",
    response_status: "completed",
    custom_value: "CRM-991",
    first_name: "Ruth",
    last_name: "Client",
    email_address: "ruth.client@example.org",
    ip_address: "203.0.113.7",
    logic_path: {},
    metadata: { contact: {} },
    page_path: [],
    collector_id: "123456789",
    survey_id: "123456789",
    custom_variables: { team: "south", touchpoint: "repair" },
    edit_url: "https://www.surveymonkey.com/r/?sm=x",
    analyze_url: "https://www.surveymonkey.com/analyze/browse/x",
    total_time: 62,
    date_modified: "2026-11-20T09:39:58+00:00",
    date_created: "2026-11-20T09:38:56+00:00",
    href: `https://api.surveymonkey.com/v3/surveys/123456789/responses/${id}`,
    pages: [
      {
        id: "168830049",
        questions: [
          { id: "664956120", answers: [{ choice_id: `44285${String(score).padStart(5, "0")}`, row_id: "4285525098" }] },
          { id: "664956121", answers: [{ text: comment }] },
        ],
      },
    ],
  };
}

export interface FakeApi {
  url: string;
  requests: { method: string; path: string; headers: http.IncomingHttpHeaders }[];
  routes: Map<string, { status: number; body: unknown }>;
  close(): Promise<void>;
}

/** A survey tool's API on 127.0.0.1: answers routes set by the test, records what it was asked. */
export async function fakeApi(): Promise<FakeApi> {
  const requests: FakeApi["requests"] = [];
  const routes: FakeApi["routes"] = new Map();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    requests.push({ method: req.method ?? "", path, headers: req.headers });
    const route = routes.get(path);
    res.writeHead(route?.status ?? 404, { "content-type": "application/json" });
    res.end(JSON.stringify(route?.body ?? { error: { message: "not found" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
