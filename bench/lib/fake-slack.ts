// The one place where benchmarks reach the fake Slack that the tests use: the fake has one copy,
// kept with the tests (the test suite is its first user and checks it), and no other bench file
// imports from test/ (dependency-cruiser's rule "bench-only-via-lib" in .dependency-cruiser.cjs).
export {
  blockAction,
  eventCallback,
  type FakeFault,
  type FakeSlack,
  type FakeSlackCall,
  type FakeSlackStats,
  slackSignature,
  slashCommand,
  startFakeSlack,
} from "../../test/support/slack.js";
