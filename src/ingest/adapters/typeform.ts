// Typeform: `form_response` webhooks signed with `Typeform-Signature: sha256=<base64 HMAC-SHA256>`
// of the raw body under the webhook's secret.
//
// Mapping (SurveySource.mapping), each a field ref or id, or hidden.<name>, variables.<key>,
// calculated.score: score, comment, team, staff, touchpoint, area, customerId, customerName,
// customerEmail, customerPhone. Defaults: the first NPS/opinion-scale answer is the score, the
// first long (else short) text answer the comment, email and phone answers the contacts, and
// hidden fields team, staff, touchpoint, area, customer_id (or user_id), name.

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

interface TypeformAnswer {
  type?: string;
  field?: { id?: string; ref?: string; type?: string };
  [key: string]: unknown;
}

interface FormResponse {
  form_id?: string;
  token?: string;
  submitted_at?: string;
  landed_at?: string;
  hidden?: Record<string, unknown>;
  variables?: { key?: string; type?: string; [k: string]: unknown }[];
  calculated?: { score?: unknown };
  answers?: TypeformAnswer[];
}

export const typeformAdapter: SurveyAdapter = {
  kind: "typeform",
  label: "Typeform",
  envSecret: (c) => c.TYPEFORM_SECRET,
  secretHint: "TYPEFORM_SECRET",
  verify(req: AdapterRequest, secret: string): boolean {
    const given = header(req.headers, "typeform-signature");
    return safeEqual(given, `sha256=${hmac("sha256", secret, req.raw, "base64")}`);
  },
  async parse(req: AdapterRequest, ctx: AdapterContext) {
    const body = parseJson(req.raw, "Typeform") as { event_type?: string; form_response?: FormResponse };
    if (body?.event_type !== "form_response") {
      return { kind: "ignored", reason: `event_type ${JSON.stringify(body?.event_type)} is not form_response` };
    }
    const fr = body.form_response;
    if (!fr || typeof fr !== "object" || !fr.token) {
      throw new AdapterError(400, "MALFORMED_BODY", "Typeform form_response has no token (the response id)");
    }
    const answers = Array.isArray(fr.answers) ? fr.answers : [];
    const pick = (key: string, fallback: () => unknown) => {
      const ref = mapped(ctx, key);
      return ref ? lookup(fr, ref) : fallback();
    };
    const hidden = fr.hidden ?? {};
    const scoreAnswer = answers.find(
      (a) => a.type === "number" && ["nps", "opinion_scale"].includes(a.field?.type ?? ""),
    );
    const comment =
      answers.find((a) => a.field?.type === "long_text") ?? answers.find((a) => a.field?.type === "short_text");
    const score = pick("score", () => (scoreAnswer ? scoreAnswer.number : undefined));
    if (score === undefined || score === null) {
      throw new AdapterError(
        422,
        "VALIDATION_FAILED",
        'Typeform response has no NPS answer: add an opinion-scale (0-10) question, or map it with {"score": "<field ref>"} on the survey source',
      );
    }
    const attributes: Record<string, unknown> = { form_id: fr.form_id ?? null };
    for (const [k, v] of Object.entries(hidden)) if (asText(v) !== null) attributes[k] = asText(v);
    return {
      kind: "items",
      items: [
        {
          externalId: fr.token,
          score,
          comment: asText(pick("comment", () => comment && answerValue(comment))),
          team: asText(pick("team", () => hidden.team)),
          staff: asText(pick("staff", () => hidden.staff)),
          touchpoint: asText(pick("touchpoint", () => hidden.touchpoint)),
          area: asText(pick("area", () => hidden.area)),
          customer: {
            id: asText(pick("customerId", () => hidden.customer_id ?? hidden.user_id)),
            name: asText(pick("customerName", () => hidden.name)),
            email: asText(pick("customerEmail", () => answers.find((a) => a.type === "email")?.email)),
            phone: asText(pick("customerPhone", () => answers.find((a) => a.type === "phone_number")?.phone_number)),
          },
          respondedAt: fr.submitted_at ?? null,
          // Typeform responses do not change once submitted: the submission time is the version.
          updatedAt: fr.submitted_at ?? null,
          attributes,
        },
      ],
    };
  },
};

function lookup(fr: FormResponse, ref: string): unknown {
  if (ref.startsWith("hidden.")) return fr.hidden?.[ref.slice(7)];
  if (ref === "calculated.score") return fr.calculated?.score;
  if (ref.startsWith("variables.")) {
    const v = fr.variables?.find((x) => x.key === ref.slice(10));
    return v ? v[v.type ?? "text"] : undefined;
  }
  const a = fr.answers?.find((x) => x.field?.ref === ref || x.field?.id === ref);
  return a ? answerValue(a) : undefined;
}

/** The value of one answer, whatever its type (choices as their labels). */
function answerValue(a: TypeformAnswer): unknown {
  switch (a.type) {
    case "choice":
      return (
        (a.choice as { label?: string; other?: string } | undefined)?.label ?? (a.choice as { other?: string })?.other
      );
    case "choices": {
      const c = a.choices as { labels?: string[]; other?: string } | undefined;
      return [...(c?.labels ?? []), ...(c?.other ? [c.other] : [])].join(", ");
    }
    default:
      return a.type ? a[a.type] : undefined;
  }
}
