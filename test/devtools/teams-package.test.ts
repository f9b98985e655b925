// `npm run teams:package` and the playground's setup: the zip Teams accepts (manifest with the app id
// filled in, icons of the right size) and the mock tenant mapped onto the demo organisation.
import { readFileSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { validateOrg } from "../../src/core/org-file.js";
import {
  channelBindings,
  liveDetractors,
  playgroundOrg,
  readPlaygroundConfig,
  withCurrentUser,
} from "../../src/devtools/playground.js";
import {
  buildTeamsPackage,
  checkManifest,
  MANIFEST_DIR,
  pngInfo,
  TeamsPackageError,
} from "../../src/devtools/teams-package.js";

const APP_ID = "11111111-2222-4333-8444-555555555555";
const env = { MICROSOFT_APP_ID: APP_ID, PUBLIC_URL: "https://nps.example.com" };

describe("teams:package", () => {
  it("zips manifest.json and both icons with the app id and URLs filled in", () => {
    const pkg = buildTeamsPackage(env, { appVersion: "1.2.3" });
    const files = unzipSync(pkg.zip);
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!));
    expect(manifest).toMatchObject({
      manifestVersion: "1.22",
      version: "1.2.3",
      id: APP_ID,
      developer: { websiteUrl: "https://nps.example.com", privacyUrl: "https://nps.example.com" },
      bots: [{ botId: APP_ID, scopes: ["personal", "team", "groupChat"] }],
    });
    expect(JSON.stringify(manifest)).not.toContain("${{");
    const titles = manifest.bots[0].commandLists.flatMap((l: { commands: { title: string }[] }) =>
      l.commands.map((c) => c.title),
    );
    for (const t of ["nps", "help", "coach", "reminders off", "link"]) expect(titles).toContain(t);
    expect(pngInfo(files["color.png"]!)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngInfo(files["outline.png"]!)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it("names every missing or wrong setting", () => {
    expect(() => buildTeamsPackage({}, { appVersion: "1.0.0" })).toThrow(TeamsPackageError);
    expect(() =>
      buildTeamsPackage({ MICROSOFT_APP_ID: "my-bot", PUBLIC_URL: "http://insecure.example.com" }, { appVersion: "1" }),
    ).toThrow(/MICROSOFT_APP_ID: expected a GUID[\s\S]*TEAMS_WEBSITE_URL: Teams requires an https:\/\/ URL/);
  });

  it("checks the limits a hand edit breaks", () => {
    const manifest = JSON.parse(readFileSync(path.join(MANIFEST_DIR, "manifest.json"), "utf8"));
    manifest.id = APP_ID;
    manifest.bots[0].botId = APP_ID;
    manifest.name.short = "A name far too long for the Teams app bar";
    const icons = {
      "color.png": new Uint8Array(readFileSync(path.join(MANIFEST_DIR, "outline.png"))),
      "outline.png": new Uint8Array(readFileSync(path.join(MANIFEST_DIR, "outline.png"))),
    };
    const problems = checkManifest(manifest, icons).join("\n");
    expect(problems).toContain("name.short is 41 characters; Teams allows 30");
    expect(problems).toContain("icons.color: color.png is 32x32; Teams requires 192x192");
  });
});

describe("playground setup", () => {
  const setup = readPlaygroundConfig(
    readFileSync(path.join(import.meta.dirname, "../../.m365agentsplayground.yml"), "utf8"),
  );

  const THREE = ["brightfix-salford", "levante-valencia", "harbour-kowloon"];

  it("reads the mock tenant: 5 users besides the current one; General, one channel and the group chat", () => {
    expect(setup.users).toHaveLength(5);
    expect(setup.currentUser.email).toBe("claire.morgan@brightfix.example");
    expect(channelBindings(setup).map((b) => b.teamSlug)).toEqual(THREE);
    expect(channelBindings(setup)[2]?.channelId).toBe(setup.groupChat.id);
  });

  it("makes another user the current one, and refuses an email it does not have", () => {
    const text = readFileSync(path.join(import.meta.dirname, "../../.m365agentsplayground.yml"), "utf8");
    const swapped = readPlaygroundConfig(withCurrentUser(text, "Javier.Romero@levante.example")!);
    expect(swapped.currentUser.name).toBe("Javier Romero");
    expect(swapped.users.map((u) => u.email)).toContain("claire.morgan@brightfix.example");
    expect(swapped.users).toHaveLength(5);
    expect(withCurrentUser(text, "nobody@example.com")).toBeNull();
  });

  it("maps every playground person onto a demo person and binds the channels, as a valid org file", () => {
    const org = playgroundOrg(setup, "http://127.0.0.1:56150/_connector/");
    const mapped = (org.people ?? []).filter((p) => "teamsAadObjectId" in p && p.teamsAadObjectId);
    expect(mapped).toHaveLength(6);
    const bound = (org.teams ?? []).filter((t) => "teamsConversationId" in t);
    expect(bound.map((t) => t.slug)).toEqual(THREE);
    // The playground reports every user as en-US: its Spanish and Hong Kong people keep their language.
    const localeOf = (email: string) => mapped.find((p) => p.email === email)?.locale;
    expect(localeOf("javier.romero@levante.example")).toBe("es");
    expect(localeOf("chan.tai.man@harbour.example")).toBe("zh-Hant-HK");
    expect(localeOf("claire.morgan@brightfix.example")).toBeUndefined();
    const v = validateOrg(org, { companies: [], teams: [] }, {});
    expect(v.ok ? [] : v.problems).toEqual([]);
  });

  it("brings fresh detractors for the bound teams", () => {
    const items = liveDetractors(setup, new Date("2026-11-20T12:00:00Z"));
    expect(items.map((i) => i.team)).toEqual(["brightfix-salford", ...THREE]);
    expect(items.every((i) => i.score <= 6)).toBe(true);
  });
});
