// Every survey-tool adapter, by the path segment it is mounted under (/api/webhooks/<kind>).
import { delightedAdapter } from "./delighted.js";
import { qualtricsAdapter } from "./qualtrics.js";
import { surveyMonkeyAdapter } from "./surveymonkey.js";
import { typeformAdapter } from "./typeform.js";
import type { SurveyAdapter } from "./types.js";

export const ADAPTERS: SurveyAdapter[] = [typeformAdapter, delightedAdapter, qualtricsAdapter, surveyMonkeyAdapter];
