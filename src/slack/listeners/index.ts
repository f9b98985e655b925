// Every Slack listener, by kind.
import type { App } from "@slack/bolt";
import { cleanInPlace } from "../../core/text-check.js";
import type { SlackDeps } from "../context.js";
import { register as registerActions } from "./actions/index.js";
import { register as registerCommands } from "./commands/index.js";
import { register as registerEvents } from "./events/index.js";
import { register as registerViews } from "./views/index.js";

export function registerListeners(app: App, deps: SlackDeps): void {
  // Text the database cannot store (NUL, lone surrogates) becomes U+FFFD in everything people send
  // (commands, form fields, button values) before any listener reads it: `command`, `view` and
  // `action` are parts of the same body.
  app.use(async ({ body, next }) => {
    cleanInPlace(body);
    await next();
  });
  registerActions(app, deps);
  registerViews(app, deps);
  registerCommands(app, deps);
  registerEvents(app, deps);
}
