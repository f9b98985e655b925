// The one place where benchmarks reach the fake Slack that the tests use: the fakes have one copy,
// kept with the tests (the test suite is their first user and checks them), and no other bench
// file imports from test/ (dependency-cruiser's rule "bench-only-via-lib" in .dependency-cruiser.cjs).
// When the test support folder gathers the two fakes into one, only this file changes.
export { FakeSlack } from "../../test/chat/fake-slack.js";
export {
  blockAction,
  eventCallback,
  type FakeSlackCall,
  slackSignature,
  slashCommand,
  startFakeSlack,
} from "../../test/helpers/slack.js";
