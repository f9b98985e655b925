// Every Slack listener, by kind.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../context.js";
import { register as registerActions } from "./actions/index.js";
import { register as registerCommands } from "./commands/index.js";
import { register as registerEvents } from "./events/index.js";
import { register as registerViews } from "./views/index.js";

export function registerListeners(app: App, deps: SlackDeps): void {
  registerActions(app, deps);
  registerViews(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
}
