// Web API clients. Two policies: the outbox deliverer retries and paces itself, so its client never
// retries or waits out a 429; interactive answers must land within Slack's 3 s, so theirs retries
// at most once, briefly, and never sleeps through a rate limit either.
// @slack/web-api is reached through Bolt's re-export so the project depends on Bolt alone.
import { LogLevel, webApi } from "@slack/bolt";
import type { Config } from "../config/env.js";

export type SlackWebClient = InstanceType<typeof webApi.WebClient>;
export type SlackClientOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>;

export function slackApiUrl(config: Pick<Config, "SLACK_API_URL">): string {
  const url = config.SLACK_API_URL ?? "https://slack.com/api/";
  return url.endsWith("/") ? url : `${url}/`;
}

export function slackClientOptions(
  config: Pick<Config, "SLACK_API_URL">,
  use: "delivery" | "interactive",
  overrides: Partial<SlackClientOptions> = {},
): SlackClientOptions {
  return {
    slackApiUrl: slackApiUrl(config),
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: true,
    retryConfig:
      use === "delivery" ? { retries: 0 } : { retries: 1, minTimeout: 100, maxTimeout: 300, randomize: false },
    // Delivery: chat.postMessage answers in well under a second; a call still out after 2.5 s is
    // hung: it is abandoned and its row retried at once, through the history lookup by delivery id
    // that makes the retry safe, rather than waited on (a hang at the end of a burst was its tail).
    timeout: 2_500,
    ...overrides,
  };
}

export function createSlackClient(
  config: Pick<Config, "SLACK_API_URL" | "SLACK_BOT_TOKEN">,
  use: "delivery" | "interactive",
  overrides: Partial<SlackClientOptions> = {},
): SlackWebClient {
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, slackClientOptions(config, use, overrides));
}
