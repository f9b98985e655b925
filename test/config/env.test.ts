import { describe, expect, it } from "vitest";
import { ConfigError, describePlatforms, loadConfig } from "../../src/config/env.js";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe("config", () => {
  it("has working defaults for an empty environment", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3978, DATA_DIR: "./data", LOG_LEVEL: "info", slackEnabled: false });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.rootCauses).toContain("unexpected budget");
    expect(c.teamsAuthenticated).toBe(false);
  });

  it("refuses a ROOT_CAUSES list with no entry (the resolve form's dropdown would be empty)", () => {
    for (const value of [",", " , ,", ",,,"]) {
      expect(problems({ ROOT_CAUSES: value })).toEqual([
        `ROOT_CAUSES: expected at least one root cause, comma-separated (e.g. price,punctuality,other); leave it unset for the defaults (got ${JSON.stringify(value)})`,
      ]);
    }
    expect(loadConfig({ ROOT_CAUSES: " price, ,other," }).rootCauses).toEqual(["price", "other"]);
    expect(loadConfig({ ROOT_CAUSES: "" }).rootCauses).toContain("punctuality");
  });

  it("redacts every secret-like setting in its problems", () => {
    expect(problems({ DATABASE_URL: "mysql://user:hunter2@db/x" })[0]).toMatch(/\(got "mysq…"\)$/);
  });

  it("lists every bad or missing variable at once, with what it should be", () => {
    const list = problems({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      LOG_LEVEL: "loud",
      SLACK_BOT_TOKEN: "xoxb-1",
      MICROSOFT_APP_ID: "app",
      JOBS_ENABLED: "maybe",
    });
    expect(list).toEqual(
      expect.arrayContaining([
        'PORT: expected a port number (got "eighty")',
        expect.stringMatching(/^DATABASE_URL: expected postgresql:\/\/user@host:port\/database/),
        expect.stringMatching(/^LOG_LEVEL: .*"fatal".*\(got "loud"\)$/),
        expect.stringMatching(/^SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/),
        expect.stringMatching(/^MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID/),
        expect.stringMatching(/^MICROSOFT_APP_TENANT_ID: required for a SingleTenant bot/),
        'JOBS_ENABLED: expected true or false (got "maybe")',
      ]),
    );
    expect(list).toHaveLength(7);
  });

  it("checks the V8 settings that bin/engine.js reads before the config loads", () => {
    expect(loadConfig({ NPS_HEAP_GROWING_PERCENT: "0", NPS_WASM_TIERS: "optimizing" })).toMatchObject({
      NPS_HEAP_GROWING_PERCENT: 0,
      NPS_WASM_TIERS: "optimizing",
    });
    expect(problems({ NPS_HEAP_GROWING_PERCENT: "half", NPS_WASM_TIERS: "fast" })).toEqual([
      'NPS_HEAP_GROWING_PERCENT: expected a whole number of percent, e.g. 50 (0 leaves the heap to V8) (got "half")',
      'NPS_WASM_TIERS: expected baseline or optimizing (got "fast")',
    ]);
  });

  it("never echoes a secret in full", () => {
    const list = problems({ SLACK_BOT_TOKEN: "abcdefghijk-secret", SLACK_SIGNING_SECRET: "s" });
    expect(list.join("\n")).not.toContain("secret");
    expect(list[0]).toMatch(/^SLACK_BOT_TOKEN: expected a bot token starting with xoxb- \(got "abcd…"\)/);
  });

  it("treats an empty string as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", SLACK_BOT_TOKEN: "" }).DATABASE_URL).toBeUndefined();
  });

  it("turns Slack and Teams on with their settings together, and says which are on", () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_APP_TOKEN: "xapp-1",
      MICROSOFT_APP_ID: "id",
      MICROSOFT_APP_PASSWORD: "pw",
      MICROSOFT_APP_TENANT_ID: "tenant",
      ROOT_CAUSES: "late, rude ,, price",
    });
    expect(c).toMatchObject({
      slackEnabled: true,
      slackSocketMode: true,
      teamsAuthenticated: true,
      rootCauses: ["late", "rude", "price"],
    });
    expect(describePlatforms(c)).toBe("Slack on (Socket Mode); Teams on (/api/messages, SingleTenant tenant tenant)");
    expect(describePlatforms(loadConfig({}))).toMatch(
      /^Slack off \(set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.*Teams off \(set MICROSOFT_APP_ID.*TEAMS_ALLOW_UNAUTHENTICATED=true/,
    );
    expect(describePlatforms(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true" }))).toMatch(
      /Teams on UNAUTHENTICATED for local use, listening on 127\.0\.0\.1/,
    );
  });
});

describe("Teams secure by default", () => {
  it("keeps Teams off without Microsoft credentials unless unauthenticated use is asked for", () => {
    const off = loadConfig({});
    expect(off).toMatchObject({ teamsEnabled: false, teamsAuthenticated: false, HOST: "0.0.0.0" });
    const local = loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true" });
    expect(local).toMatchObject({ teamsEnabled: true, teamsAuthenticated: false });
    const real = loadConfig({ MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw", MICROSOFT_APP_TENANT_ID: "t" });
    expect(real).toMatchObject({ teamsEnabled: true, teamsAuthenticated: true, HOST: "0.0.0.0" });
  });

  it("listens on loopback when Teams is unauthenticated, unless HOST is set explicitly", () => {
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true" }).HOST).toBe("127.0.0.1");
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "true", HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "10.0.0.5" }).HOST).toBe("10.0.0.5");
    expect(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: "false" }).HOST).toBe("0.0.0.0");
  });

  it("says what TEAMS_ALLOW_UNAUTHENTICATED expects, and refuses it beside an app id", () => {
    expect(problems({ TEAMS_ALLOW_UNAUTHENTICATED: "sure" })).toEqual([
      'TEAMS_ALLOW_UNAUTHENTICATED: expected true or false (true runs Teams without Microsoft sign-in, for local use with npm run playground only) (got "sure")',
    ]);
    expect(
      problems({
        TEAMS_ALLOW_UNAUTHENTICATED: "true",
        MICROSOFT_APP_ID: "id",
        MICROSOFT_APP_PASSWORD: "pw",
        MICROSOFT_APP_TENANT_ID: "t",
      }),
    ).toEqual([expect.stringMatching(/^TEAMS_ALLOW_UNAUTHENTICATED: cannot be true with MICROSOFT_APP_ID/)]);
  });
});
