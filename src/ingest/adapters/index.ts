// Every survey-tool adapter, by the path segment it is mounted under (/api/webhooks/<kind>).
import { delightedAdapter } from "./delighted.js";
import { formbricksAdapter } from "./formbricks.js";
import { qualtricsAdapter } from "./qualtrics.js";
import { signedWebhookAdapter } from "./signed-webhook.js";
import { surveyMonkeyAdapter } from "./surveymonkey.js";
import { typeformAdapter } from "./typeform.js";
import type { SurveyAdapter } from "./types.js";

export const ADAPTERS: SurveyAdapter[] = [
  typeformAdapter,
  // Delighted shut down on 30 June 2026: kept so that exported history can be replayed through it.
  delightedAdapter,
  qualtricsAdapter,
  surveyMonkeyAdapter,
  formbricksAdapter,
  signedWebhookAdapter,
];
