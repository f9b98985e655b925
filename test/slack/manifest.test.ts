// The Slack app manifests: least scopes for the Web API methods the code calls, the command,
// events and request URLs the app serves, and a Socket Mode variant with the same features.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLACK_EVENTS_PATH } from "../../src/slack/app.js";

const root = path.join(import.meta.dirname, "../..");
const http = parse(readFileSync(path.join(root, "manifests/slack.yaml"), "utf8"));
const socket = parse(readFileSync(path.join(root, "manifests/slack.socket-mode.yaml"), "utf8"));

/**
 * Web API methods the Slack code calls, and the bot scopes each needs (none for views and auth;
 * history in public and private channels and DMs, where the delivery lookup reads).
 */
const SCOPE_OF: Record<string, string | string[] | null> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "conversations.history": ["channels:history", "groups:history", "im:history"],
  "conversations.replies": ["channels:history", "groups:history", "im:history"],
  "conversations.open": "im:write",
  "views.open": null,
  "views.publish": null,
  "auth.test": null,
  // Upload v2 (files.getUploadURLExternal, the bytes, files.completeUploadExternal): the charts.
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("Slack manifests", () => {
  it("ask for exactly the scopes of the methods the code calls", () => {
    const called = new Set<string>();
    for (const file of sources(path.join(root, "src/slack"))) {
      for (const m of readFileSync(file, "utf8").matchAll(
        /client\.(chat|views|auth|conversations|users|files)\.([a-zA-Z0-9]+)/g,
      )) {
        called.add(`${m[1]}.${m[2]}`);
      }
    }
    for (const method of called) expect(Object.keys(SCOPE_OF), `${method} has no known scope`).toContain(method);
    const needed = new Set([...called].flatMap((m) => SCOPE_OF[m] ?? []));
    needed.add("commands");
    expect(new Set(http.oauth_config.scopes.bot)).toEqual(needed);
    expect(socket.oauth_config.scopes.bot).toEqual(http.oauth_config.scopes.bot);
  });

  it("route the command, interactivity and events to /slack/events in HTTP mode", () => {
    const [command] = http.features.slash_commands;
    expect(command.command).toBe("/nps");
    expect(command.should_escape).toBe(true);
    for (const url of [
      command.url,
      http.settings.interactivity.request_url,
      http.settings.event_subscriptions.request_url,
    ]) {
      expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    }
    expect(http.settings.interactivity.is_enabled).toBe(true);
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  it("subscribe to the events the app listens to, with the Home tab on", () => {
    const listened = new Set<string>();
    for (const file of sources(path.join(root, "src/slack/listeners/events"))) {
      for (const m of readFileSync(file, "utf8").matchAll(/app\.event\(\s*"([a-z_]+)"/g)) listened.add(m[1]!);
    }
    expect(new Set(http.settings.event_subscriptions.bot_events)).toEqual(listened);
    expect(http.features.app_home.home_tab_enabled).toBe(true);
  });

  it("has a Socket Mode variant with the same features and no request URLs", () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain("https://");
    const { url: _u, ...commandWithoutUrl } = http.features.slash_commands[0];
    expect(socket.features.slash_commands).toEqual([commandWithoutUrl]);
    expect(socket.features.app_home).toEqual(http.features.app_home);
    expect(socket.settings.event_subscriptions.bot_events).toEqual(http.settings.event_subscriptions.bot_events);
  });

  it("fits Slack's limits on names and descriptions", () => {
    for (const m of [http, socket]) {
      expect(m.display_information.name.length).toBeLessThanOrEqual(35);
      expect(m.display_information.description.length).toBeLessThanOrEqual(140);
      expect(m.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
      expect(m.features.slash_commands[0].description.length).toBeLessThanOrEqual(2000);
    }
  });
});
