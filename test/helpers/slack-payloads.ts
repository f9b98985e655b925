// Moved to test/support/slack-payloads.ts. This re-export stays only while test/helpers/slack.ts (the
// fake Slack another branch is extending) imports "./slack-payloads.js"; drop it when that import moves.
export * from "../support/slack-payloads.js";
