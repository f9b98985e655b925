// Slash commands.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../context.js";
import { registerNpsCommand } from "./nps.js";

export function register(app: App, deps: SlackDeps): void {
  registerNpsCommand(app, deps);
}
